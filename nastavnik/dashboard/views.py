from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nastavnik.organizations import access
from nastavnik.organizations.models import RoleAssignment
from nastavnik.programs.selectors import pairs_for_user
from nastavnik.roadmap.selectors import deadline_summary

PAIRS_SHOWN = 50
DEADLINE_HORIZON_DAYS = 14


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
    return render(
        request,
        "dashboard/home.html",
        {
            "roles": roles,
            "is_district_staff": scope.is_district_staff,
            "organization_count": access.organizations_for_user(request.user).count(),
            "pairs": pairs_for_user(request.user)[:PAIRS_SHOWN],
            "deadlines": deadline_summary(request.user, days=DEADLINE_HORIZON_DAYS),
            "deadline_horizon": DEADLINE_HORIZON_DAYS,
        },
    )
