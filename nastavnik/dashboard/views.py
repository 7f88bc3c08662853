from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nastavnik.organizations import access
from nastavnik.organizations.models import RoleAssignment
from nastavnik.programs.selectors import pairs_for_user
from nastavnik.roadmap.selectors import deadline_summary

PAIRS_SHOWN = 50
DEADLINE_HORIZON_DAYS = 14


def tasks_by_activity(tasks) -> list[tuple]:
    """One line per activity with the organisations concerned, so that a coordinator is not shown
    the same activity once for every school."""
    grouped: dict[int, tuple] = {}
    for task in tasks:
        grouped.setdefault(task.activity_id, (task.activity, []))[1].append(task)
    return list(grouped.values())


@login_required
def home(request):
    scope = access.user_scope(request.user)
    roles = []
    if request.user.person_id:
        roles = list(
            RoleAssignment.objects.filter(
                access.active_roles_q(), person_id=request.user.person_id
            ).select_related("region", "municipality", "organization")
        )
    deadlines = deadline_summary(request.user, days=DEADLINE_HORIZON_DAYS)
    return render(
        request,
        "dashboard/home.html",
        {
            "roles": roles,
            "is_district_staff": scope.is_district_staff,
            "organization_count": access.organizations_for_user(request.user).count(),
            # District staff see the pairs of all schools in the program pages; here, those of one's own.
            "pairs": [] if scope.is_district_staff else pairs_for_user(request.user)[:PAIRS_SHOWN],
            "deadlines": deadlines,
            "overdue_tasks": tasks_by_activity(deadlines.overdue_tasks),
            "due_tasks": tasks_by_activity(deadlines.due_tasks),
            "deadline_horizon": DEADLINE_HORIZON_DAYS,
        },
    )
