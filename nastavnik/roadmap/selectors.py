"""Reads of roadmaps, always scoped by the user through ``roadmap.access``; fixed numbers of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from nastavnik.organizations import access as org_access
from nastavnik.organizations.models import Organization
from nastavnik.roadmap.access import roadmaps_for_user, tasks_for_user
from nastavnik.roadmap.models import CLOSED_STATUSES, Activity, OrganizationTask, Roadmap, Status
from nastavnik.roadmap.services import educational_organizations


def _overdue_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}ends_on__lt": timezone.localdate()}) & ~Q(
        **{f"{prefix}status__in": CLOSED_STATUSES}
    )


def roadmap_list(user) -> QuerySet[Roadmap]:
    """Visible roadmaps with their activity counts: municipal ones first."""
    return (
        roadmaps_for_user(user)
        .select_related("municipality", "organization__municipality")
        .annotate(
            activity_count=Count("activities"),
            done_count=Count("activities", filter=Q(activities__status=Status.DONE)),
            overdue_count=Count("activities", filter=_overdue_q("activities__")),
            flagged_count=Count("activities", filter=Q(activities__deadline_recognized=False)),
        )
        .order_by(F("organization_id").asc(nulls_first=True), "-created_at")
    )


def roadmap_activities(user, roadmap: Roadmap) -> list[Activity]:
    """The activities of a roadmap with their evidence and cascade counts, and the user's own tasks."""
    own = org_access.user_scope(user).organizations_with(org_access.ORGANIZATION_STAFF_ROLES)
    return list(
        roadmap.activities.annotate(
            evidence_count=Count("evidence", distinct=True),
            task_count=Count("tasks", distinct=True),
            tasks_done=Count("tasks", filter=Q(tasks__status=Status.DONE), distinct=True),
        ).prefetch_related(
            Prefetch(
                "tasks",
                queryset=OrganizationTask.objects.filter(organization_id__in=own).select_related(
                    "organization"
                ),
                to_attr="own_tasks",
            )
        )
    )


def activity_tasks(user, activity: Activity) -> list[OrganizationTask]:
    """The tasks of a cascaded activity the user may see, with their evidence counts."""
    tasks = (
        tasks_for_user(user)
        .filter(activity=activity)
        .select_related("organization")
        .annotate(evidence_count=Count("evidence"))
        .order_by("organization__name")
    )
    result = list(tasks)
    for task in result:
        task.activity = activity
    return result


@dataclass
class MatrixRow:
    organization: Organization
    cells: list[OrganizationTask | None]
    done: int = 0
    overdue: int = 0


@dataclass
class Matrix:
    activities: list[Activity]
    rows: list[MatrixRow] = field(default_factory=list)
    done_by_activity: list[int] = field(default_factory=list)


def roadmap_matrix(roadmap: Roadmap) -> Matrix:
    """Organisation × cascaded activity: each cell is that organisation's task (or None if missing).

    Four queries whatever the number of organisations and activities.
    """
    activities = list(roadmap.activities.filter(cascade_to_organizations=True))
    by_id = {activity.pk: activity for activity in activities}
    organizations = list(educational_organizations(roadmap.municipality_id).order_by("name"))
    tasks = OrganizationTask.objects.filter(
        activity__roadmap=roadmap, activity__cascade_to_organizations=True
    )
    grid: dict[tuple[int, int], OrganizationTask] = {}
    for task in tasks.annotate(evidence_count=Count("evidence")):
        task.activity = by_id[task.activity_id]
        grid[(task.organization_id, task.activity_id)] = task
    matrix = Matrix(activities=activities, done_by_activity=[0] * len(activities))
    for organization in organizations:
        row = MatrixRow(organization=organization, cells=[])
        for index, activity in enumerate(activities):
            task = grid.get((organization.pk, activity.pk))
            row.cells.append(task)
            if task is None:
                continue
            current = task.current_status
            if current == Status.DONE:
                row.done += 1
                matrix.done_by_activity[index] += 1
            elif current == Status.OVERDUE:
                row.overdue += 1
        matrix.rows.append(row)
    return matrix


@dataclass
class DeadlineSummary:
    overdue_activities: list[Activity]
    due_activities: list[Activity]
    overdue_tasks: list[OrganizationTask]
    due_tasks: list[OrganizationTask]


def deadline_summary(user, *, days: int = 14, limit: int = 50) -> DeadlineSummary:
    """What the user is responsible for that is late or due within ``days`` (for the dashboard).

    Activities of roadmaps the user may change, and organisations' tasks the user may work on;
    four queries.
    """
    today = timezone.localdate()
    horizon = today + timedelta(days=days)
    open_q = ~Q(status__in=CLOSED_STATUSES)
    activities = (
        Activity.objects.filter(
            open_q, roadmap__in=roadmaps_for_user(user, write=True), ends_on__isnull=False
        )
        .exclude(cascade_to_organizations=True, roadmap__municipality__isnull=False)
        .select_related("roadmap")
        .order_by("ends_on", "sort_key")
    )
    tasks = (
        tasks_for_user(user, write=True)
        .filter(open_q, activity__ends_on__isnull=False)
        .select_related("activity__roadmap", "organization")
        .order_by("activity__ends_on", "organization__name")
    )
    return DeadlineSummary(
        overdue_activities=list(activities.filter(ends_on__lt=today)[:limit]),
        due_activities=list(activities.filter(ends_on__gte=today, ends_on__lte=horizon)[:limit]),
        overdue_tasks=list(tasks.filter(activity__ends_on__lt=today)[:limit]),
        due_tasks=list(tasks.filter(activity__ends_on__gte=today, activity__ends_on__lte=horizon)[:limit]),
    )
