"""The consolidated report: requested by the coordinator, built as a job, opened with openpyxl and
pdftotext, downloaded through an access-checked view that writes the journal."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from nastavnik.core.models import AuditEvent
from nastavnik.kpis import services
from nastavnik.kpis.models import KpiTarget, ReportJob
from nastavnik.kpis.tests.conftest import YEAR
from nastavnik.programs.models import MentoringForm, Pair


@pytest.fixture
def pairs(kpi_world, cast):
    """School A: two pairs, one completed, three meetings in all."""
    program = kpi_world["program_a"]
    form = MentoringForm.objects.get_or_create(name="ученик – ученик")[0]
    mentors = list(program.participants.filter(role="mentor").select_related("person"))
    first = Pair.objects.create(program=program, form=form, mentor=mentors[0].person, started_on="2020-10-01")
    second = Pair.objects.create(
        program=program, form=form, mentor=mentors[1].person, started_on="2020-10-01", status="completed"
    )
    for pair, count in ((first, 1), (second, 2)):
        for day in range(count):
            pair.meetings.create(held_on=f"2020-11-0{day + 1}", duration_minutes=40, topic="Встреча")
    return first, second


def request_report(client, cast):
    client.force_login(cast.coordinator)
    return client.post("/kpis/reports/", {"municipality": cast.municipality.pk, "academic_year": YEAR})


def test_the_coordinator_gets_an_xlsx_with_the_figures(client, cast, pairs):
    KpiTarget.objects.create(
        region=cast.municipality.region,
        indicator="mentees_10_18",
        academic_year=YEAR,
        target_percent=Decimal("8.5"),
    )
    response = request_report(client, cast)
    job = ReportJob.objects.get()
    assert response["Location"] == f"/kpis/reports/{job.pk}/"
    assert (job.status, job.progress, job.requested_by) == ("done", 100, cast.coordinator)
    page = client.get(f"/kpis/reports/{job.pk}/").content.decode()
    assert "Отчёт XLSX" in page and "data-running" not in page

    download = client.get(f"/kpis/reports/{job.pk}/download/xlsx/")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    kpis = {
        row[0]: row[1:] for row in workbook["Показатели"].iter_rows(min_row=4, values_only=True) if row[0]
    }
    mentees = kpis["Доля обучающихся 10–18 лет, вовлечённых в наставничество как наставляемые"]
    assert mentees[:5] == (4, 50, 8.0, 8.5, "близко")
    young = kpis["Доля молодых педагогов (стаж 0–3 года), вовлечённых как наставляемые"]
    assert young[:3] == (2, 5, 40.0)
    organizations = {
        row[0]: row for row in workbook["По организациям"].iter_rows(min_row=2, values_only=True)
    }
    assert organizations["МБОУ «Школа А»"][1] == 15.0
    assert organizations["Итого по муниципалитету"][1] == 8.0
    monitoring = {row[0]: row[1:] for row in workbook["Мониторинг"].iter_rows(min_row=2, values_only=True)}
    assert monitoring["МБОУ «Школа А»"][:5] == (2, 1, 50.0, 3, 1.5)
    assert monitoring["МБОУ «Школа А»"][5] == pytest.approx(83.3, abs=0.1)
    assert monitoring["МБОУ «Школа Б»"][:4] == (0, 0, "нет данных", 0)
    assert (
        AuditEvent.objects.filter(user=cast.coordinator, action="export", object_id=str(job.pk)).count() == 1
    )


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="нет pdftotext: sudo apt-get install poppler-utils"
)
def test_the_pdf_carries_the_same_figures_in_cyrillic(client, cast, pairs, tmp_path):
    request_report(client, cast)
    job = ReportJob.objects.get()
    download = client.get(f"/kpis/reports/{job.pk}/download/pdf/")
    assert download["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Сводный отчёт: Чемальский район, 2020/2021" in text
    assert "Доля обучающихся 10–18 лет" in text
    monitoring = text[text.index("Итоги мониторинга") :]
    line = next(line for line in monitoring.splitlines() if line.strip().startswith("МБОУ «Школа А»"))
    assert line.split()[3:] == ["2", "1", "50,0", "3", "1,5", "83,3"]
    assert "8,0" in text and "нет данных" in text


def test_others_may_neither_order_nor_download_the_report(client, cast, kpi_world):
    request_report(client, cast)
    job = ReportJob.objects.get()
    for persona in ("curator_a", "head_a", "expert", "outsider"):
        client.force_login(cast.users()[persona])
        assert client.get(f"/kpis/reports/{job.pk}/").status_code == 404
        assert client.get(f"/kpis/reports/{job.pk}/download/xlsx/").status_code == 404
        response = client.post(
            "/kpis/reports/", {"municipality": cast.municipality.pk, "academic_year": YEAR}
        )
        assert response.status_code == 404
    assert ReportJob.objects.count() == 1
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_coordinator_cannot_order_another_municipalitys_report(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kpis/reports/", {"municipality": cast.other_municipality.pk, "academic_year": YEAR}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_the_regional_admin_may_order_any_municipality_of_the_region(client, cast, kpi_world):
    client.force_login(cast.regional_admin)
    client.post("/kpis/reports/", {"municipality": cast.other_municipality.pk, "academic_year": YEAR})
    assert ReportJob.objects.get().status == "done"


def test_the_year_must_be_written_as_two_years(client, cast):
    client.force_login(cast.coordinator)
    response = client.post("/kpis/reports/", {"municipality": cast.municipality.pk, "academic_year": "2020"})
    assert "2020/2021" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_with_a_worker_the_job_waits_in_the_queue_and_shows_its_progress(client, cast, kpi_world, settings):
    settings.KPI_REPORT_RUNNER = "worker"
    request_report(client, cast)
    job = ReportJob.objects.get()
    assert job.status == "pending"
    page = client.get(f"/kpis/reports/{job.pk}/").content.decode()
    assert "data-running" in page and "<script>" in page
    assert client.get(f"/kpis/reports/{job.pk}/download/xlsx/").status_code == 404
    call_command("process_report_jobs", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert job.xlsx and job.pdf


def test_a_job_is_built_once_even_when_two_runners_reach_it(cast, kpi_world, settings):
    settings.KPI_REPORT_RUNNER = "worker"
    job = services.report_job_request(
        user=cast.coordinator, municipality=cast.municipality, academic_year=YEAR
    )
    assert services.report_job_claim(job_id=job.pk)
    assert not services.report_job_run(job_id=job.pk)
    assert services.report_jobs_process() == 0


def test_a_failure_is_kept_on_the_job(cast, kpi_world, settings, monkeypatch):
    settings.KPI_REPORT_RUNNER = "worker"
    job = services.report_job_request(
        user=cast.coordinator, municipality=cast.municipality, academic_year=YEAR
    )

    def broken(data):
        raise RuntimeError("диск заполнен")

    monkeypatch.setattr("nastavnik.kpis.reports.report_pdf", broken)
    assert services.report_jobs_process() == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert "диск заполнен" in job.error


def test_in_thread_mode_the_job_starts_after_the_commit(
    cast, kpi_world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.KPI_REPORT_RUNNER = "thread"
    started = []
    monkeypatch.setattr(services, "_start_thread", started.append)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_job_request(
            user=cast.coordinator, municipality=cast.municipality, academic_year=YEAR
        )
        assert started == []
    assert started == [job.pk]


def test_a_job_whose_runner_died_is_built_again_by_the_worker(cast, kpi_world, settings):
    settings.KPI_REPORT_RUNNER = "worker"
    job = services.report_job_request(
        user=cast.coordinator, municipality=cast.municipality, academic_year=YEAR
    )
    services.report_job_claim(job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))
    assert services.report_jobs_process() == 1
    job.refresh_from_db()
    assert job.status == "done"


def test_the_two_years_must_follow_each_other(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/kpis/reports/", {"municipality": cast.municipality.pk, "academic_year": "2020/2022"}
    )
    assert "два соседних года" in response.content.decode()
    assert not ReportJob.objects.exists()
