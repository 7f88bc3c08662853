"""Writes of the KPIs: targets and the consolidated report jobs.

How a report job runs is chosen by ``settings.KPI_REPORT_RUNNER`` (read with a default, so the
setting is optional):

- ``"thread"`` (the default): the job starts in a background thread once the request's transaction has
  committed, so ``make run`` works without a worker process;
- ``"worker"``: the job waits in the queue for ``manage.py process_report_jobs`` (a long-running worker,
  or ``--once`` from cron) — for production behind gunicorn, where threads may die with their worker;
- ``"sync"``: the job runs inside the request (tests, for determinism).

A job is claimed with a conditional UPDATE, so a thread and a worker never build the same report twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.http import Http404
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.kpis.models import KpiTarget, ReportJob
from nastavnik.organizations.access import can_manage_municipality
from nastavnik.organizations.models import Municipality, Region

logger = logging.getLogger(__name__)

RUNNERS = ("thread", "worker", "sync")


def report_runner() -> str:
    runner = getattr(settings, "KPI_REPORT_RUNNER", "thread")
    if runner not in RUNNERS:
        raise ValueError(f"KPI_REPORT_RUNNER must be one of {RUNNERS}, not {runner!r}")
    return runner


@transaction.atomic
def kpi_targets_save(
    *, region: Region, academic_year: str, values: dict[str, Decimal | None], user=None
) -> None:
    """Set (or, with None, clear) the targets of one academic year for the region."""
    for indicator, value in values.items():
        if value is None:
            KpiTarget.objects.filter(region=region, indicator=indicator, academic_year=academic_year).delete()
            continue
        target = KpiTarget.objects.filter(
            region=region, indicator=indicator, academic_year=academic_year
        ).first() or KpiTarget(region=region, indicator=indicator, academic_year=academic_year)
        target.target_percent = value
        target.full_clean()
        target.save()
    if user is not None:
        audit_record(
            user=user,
            action="update",
            obj=region,
            description=f"целевые значения показателей на {academic_year} учебный год",
        )


def report_job_request(*, user, municipality: Municipality, academic_year: str) -> ReportJob:
    """Queue the consolidated report of ``municipality`` for ``academic_year`` and start it according to
    ``KPI_REPORT_RUNNER``. Only the municipality's coordinator and the region's staff may ask."""
    if not can_manage_municipality(user, municipality.pk):
        raise Http404
    job = ReportJob(municipality=municipality, academic_year=academic_year, requested_by=user)
    job.full_clean()
    job.save()
    runner = report_runner()
    if runner == "sync":
        report_job_run(job_id=job.pk)
        job.refresh_from_db()
    elif runner == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    thread = threading.Thread(target=_run_in_thread, args=(job_id,), name=f"kpi-report-{job_id}", daemon=True)
    thread.start()


def _run_in_thread(job_id: int) -> None:
    try:
        report_job_run(job_id=job_id)
    finally:
        close_old_connections()


def report_job_claim(*, job_id: int) -> bool:
    """Mark a pending job as running; False when someone else already took it."""
    return bool(
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.PENDING).update(
            status=ReportJob.Status.RUNNING, started_at=timezone.now(), progress=5
        )
    )


def _progress(job: ReportJob, percent: int) -> None:
    job.progress = percent
    job.save(update_fields=["progress"])


def report_job_run(*, job_id: int) -> bool:
    """Build both files of a pending job. Returns False if the job was not pending (taken elsewhere).
    A failure is stored on the job with its message; the queue goes on."""
    from nastavnik.kpis.reports import report_data, report_pdf, report_xlsx

    if not report_job_claim(job_id=job_id):
        return False
    job = ReportJob.objects.select_related("municipality__region").get(pk=job_id)
    try:
        data = report_data(job.municipality, job.academic_year)
        _progress(job, 35)
        stem = f"svod-{job.municipality_id}-{job.academic_year.replace('/', '-')}"
        job.xlsx.save(f"{stem}.xlsx", ContentFile(report_xlsx(data)), save=False)
        job.progress = 60
        job.save(update_fields=["xlsx", "progress"])
        job.pdf.save(f"{stem}.pdf", ContentFile(report_pdf(data)), save=False)
        job.status = ReportJob.Status.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["pdf", "status", "progress", "finished_at"])
    except Exception as error:  # the job records any failure; the worker must not die with it
        logger.exception("KPI report job %s failed", job_id)
        job.status = ReportJob.Status.FAILED
        job.error = f"{type(error).__name__}: {error}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    return True


#: A job still «running» this long after it started lost its thread or worker (a restart): it is queued again.
STALE_AFTER = timedelta(minutes=30)


def report_jobs_requeue_stale(*, now=None) -> int:
    """Put jobs whose runner died (a server restart kills the thread) back into the queue."""
    now = now or timezone.now()
    return ReportJob.objects.filter(status=ReportJob.Status.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=ReportJob.Status.PENDING, progress=0, started_at=None
    )


def report_jobs_process(*, limit: int | None = None) -> int:
    """Run the pending jobs (stale ones included), oldest first; returns how many were run here."""
    report_jobs_requeue_stale()
    done = 0
    while limit is None or done < limit:
        job_id = (
            ReportJob.objects.filter(status=ReportJob.Status.PENDING)
            .order_by("requested_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if job_id is None:
            break
        if report_job_run(job_id=job_id):
            done += 1
    return done


def report_download_record(*, user, job: ReportJob, kind: str) -> None:
    if kind not in ("xlsx", "pdf"):
        raise ValidationError("kind")
    audit_record(
        user=user,
        action="export",
        obj=job,
        description=f"сводный отчёт {kind.upper()}: {job.municipality}, {job.academic_year}",
    )
