"""Writes to roadmaps. Views, commands and imports all go through these functions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nastavnik.organizations.models import Municipality, Organization
from nastavnik.roadmap.deadlines import parse_deadline
from nastavnik.roadmap.models import (
    CLOSED_STATUSES,
    Activity,
    ActivityComment,
    Evidence,
    OrganizationTask,
    Roadmap,
    Status,
    number_sort_key,
)

# «Образовательные организации», «руководители ОО», «ОО» as a word (not inside «ДОО», «ПОО», «МБОУ»).
_ORGANIZATIONS_RE = re.compile(r"образовательн\w*\s+организаци|руководител\w*\s+оо\b|\bоо\b", re.IGNORECASE)
#: Batch size of bulk writes: large enough to be fast, small enough for SQLite's variable limit.
BATCH_SIZE = 500


def mentions_organizations(responsible_text: str) -> bool:
    """Whether the responsible party is «the organisations» themselves, so the activity cascades."""
    return bool(_ORGANIZATIONS_RE.search(responsible_text.replace("ё", "е")))


def educational_organizations(municipality_id: int):
    """Organisations that take part in the roadmap: every one except partners."""
    return Organization.objects.filter(municipality_id=municipality_id).exclude(
        kind=Organization.Kind.PARTNER
    )


def roadmap_create(
    *,
    title: str,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
    academic_year: str = "",
    user=None,
) -> Roadmap:
    roadmap = Roadmap(
        title=title,
        municipality=municipality,
        organization=organization,
        academic_year=academic_year,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    roadmap.full_clean()
    roadmap.save()
    return roadmap


def roadmap_update(*, roadmap: Roadmap, data: dict) -> Roadmap:
    for name, value in data.items():
        setattr(roadmap, name, value)
    roadmap.full_clean()
    roadmap.save(update_fields=[*data.keys(), "updated_at"])
    return roadmap


def apply_deadline(activity: Activity, text: str) -> None:
    """Set the deadline text and the period parsed from it; unreadable text is flagged, never guessed."""
    deadline = parse_deadline(text)
    activity.deadline_text = deadline.text
    activity.starts_on = deadline.start
    activity.ends_on = deadline.end
    activity.deadline_recognized = deadline.recognized
    activity.deadline_note = deadline.note[:300]


def activities_bulk_create(*, roadmap: Roadmap, rows: Iterable[dict]) -> list[Activity]:
    """Create the activities of ``rows`` (number, title, responsible_text, expected_result, deadline_text)
    and cascade those that name the organisations. Used by import and the built-in template."""
    activities = []
    for position, row in enumerate(rows, start=1):
        activity = Activity(
            roadmap=roadmap,
            number=row.get("number", ""),
            sort_key=number_sort_key(row.get("number", "")),
            position=position,
            title=row["title"],
            responsible_text=row.get("responsible_text", ""),
            expected_result=row.get("expected_result", ""),
            cascade_to_organizations=roadmap.is_municipal
            and mentions_organizations(row.get("responsible_text", "")),
        )
        apply_deadline(activity, row.get("deadline_text", ""))
        activities.append(activity)
    Activity.objects.bulk_create(activities, batch_size=BATCH_SIZE)
    roadmap_cascade(roadmap=roadmap)
    return activities


def roadmap_cascade(*, roadmap: Roadmap) -> int:
    """Give every educational organisation of the municipality a task for each cascading activity.

    Idempotent: run again after organisations were added, it creates only the missing tasks.
    Returns the number of tasks created.
    """
    if not roadmap.is_municipal:
        return 0
    activity_ids = list(roadmap.activities.filter(cascade_to_organizations=True).values_list("pk", flat=True))
    if not activity_ids:
        return 0
    organization_ids = list(educational_organizations(roadmap.municipality_id).values_list("pk", flat=True))
    existing = set(
        OrganizationTask.objects.filter(activity_id__in=activity_ids).values_list(
            "activity_id", "organization_id"
        )
    )
    tasks = [
        OrganizationTask(activity_id=activity_id, organization_id=organization_id)
        for activity_id in activity_ids
        for organization_id in organization_ids
        if (activity_id, organization_id) not in existing
    ]
    OrganizationTask.objects.bulk_create(tasks, batch_size=BATCH_SIZE)
    return len(tasks)


def activity_save(*, activity: Activity, data: dict, user=None) -> Activity:
    """Create or change an activity from a form's data.

    Dates typed by a person win; without them the period is parsed from the deadline text, and text
    that cannot be read is flagged for a person to set the dates.
    """
    for name, value in data.items():
        if name not in ("starts_on", "ends_on", "deadline_text"):
            setattr(activity, name, value)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on or ends_on:
        activity.deadline_text = data.get("deadline_text", activity.deadline_text)
        activity.starts_on = starts_on or ends_on
        activity.ends_on = ends_on or starts_on
        activity.deadline_recognized = True
        activity.deadline_note = "даты указаны вручную"
    else:
        apply_deadline(activity, data.get("deadline_text", activity.deadline_text))
    if activity.pk is None:
        last = activity.roadmap.activities.order_by("-position").values_list("position", flat=True).first()
        activity.position = (last or 0) + 1
    activity.full_clean()
    activity.save()
    if activity.cascade_to_organizations:
        roadmap_cascade(roadmap=activity.roadmap)
    return activity


def _status_change(work, *, status: str, completed_on: date | None, comment: str, user, history: dict):
    """Set the status (and completion date) of an activity or a task; record the change as history."""
    previous = work.status
    work.status = status
    if status == Status.DONE:
        work.completed_on = completed_on or work.completed_on or timezone.localdate()
    else:
        work.completed_on = None
    work.save(update_fields=["status", "completed_on", "updated_at"])
    if previous != status or comment:
        changed = previous != status
        ActivityComment.objects.create(
            author=user,
            text=comment,
            status_from=previous if changed else "",
            status_to=status if changed else "",
            **history,
        )
    return work


@transaction.atomic
def activity_status_change(
    *, activity: Activity, status: str, completed_on: date | None = None, comment: str = "", user=None
) -> Activity:
    """Change the status of a (municipal or organisation's own) activity and keep the change as history."""
    return _status_change(
        activity,
        status=status,
        completed_on=completed_on,
        comment=comment,
        user=user,
        history={"activity": activity},
    )


@transaction.atomic
def task_status_change(
    *, task: OrganizationTask, status: str, completed_on: date | None = None, comment: str = "", user=None
) -> OrganizationTask:
    """Change the status of one organisation's task and keep the change as history."""
    return _status_change(
        task,
        status=status,
        completed_on=completed_on,
        comment=comment,
        user=user,
        history={"activity_id": task.activity_id, "task": task},
    )


@transaction.atomic
def evidence_add(
    *,
    title: str,
    activity: Activity | None = None,
    task: OrganizationTask | None = None,
    file=None,
    url: str = "",
    mark_done: bool = True,
    user=None,
) -> Evidence:
    """Attach a document (a file or a link) that proves the work; by default the work becomes done."""
    evidence = Evidence(activity=activity, task=task, title=title, url=url, uploaded_by=user)
    if file is not None:
        evidence.file.save(file.name, file, save=False)
    evidence.full_clean()
    evidence.save()
    target = task or activity
    if mark_done and target is not None and target.status not in CLOSED_STATUSES:
        note = f"Приложен документ «{title}»."
        if task is not None:
            task_status_change(task=task, status=Status.DONE, comment=note, user=user)
        else:
            activity_status_change(activity=activity, status=Status.DONE, comment=note, user=user)
    return evidence


def comment_add(
    *, activity: Activity, text: str, task: OrganizationTask | None = None, user=None
) -> ActivityComment:
    comment = ActivityComment(activity=activity, task=task, text=text, author=user)
    comment.full_clean()
    comment.save()
    return comment


TEMPLATE_PATH = "chemal_roadmap_2020_2021.csv"
TEMPLATE_TITLE = "Дорожная карта внедрения целевой модели наставничества на 2020–2021 годы"
TEMPLATE_YEAR = "2020/2021"


def roadmap_load_template(*, municipality: Municipality, user=None) -> Roadmap:
    """Start the municipality's roadmap from the built-in template (the Чемальский район roadmap 2020–2021)."""
    # Imported here: ``imports`` builds on this module's writes.
    from nastavnik.roadmap.imports import roadmap_import_commit

    data = (Path(__file__).parent / "data" / TEMPLATE_PATH).read_bytes()
    return roadmap_import_commit(
        data=data,
        filename=TEMPLATE_PATH,
        municipality=municipality,
        title=TEMPLATE_TITLE,
        academic_year=TEMPLATE_YEAR,
        user=user,
    )
