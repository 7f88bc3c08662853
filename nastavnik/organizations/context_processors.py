from nastavnik.organizations.access import ORGANIZATION_STAFF_ROLES, user_scope
from nastavnik.organizations.models import Municipality, RoleAssignment


def navigation(request):
    """What the menu offers: the digital base, roadmaps and documents only to those who may open them,
    and a note on every page while demo data is loaded, so that it is never mistaken for real data."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_data_present": False, "nav": {}}
    scope = user_scope(user)
    return {
        "demo_data_present": Municipality.objects.filter(is_demo=True).exists(),
        "nav": {
            "staff": scope.is_district_staff or bool(scope.organizations_with(ORGANIZATION_STAFF_ROLES)),
            "district": scope.is_district_staff,
            "mentee": RoleAssignment.Role.MENTEE in scope.roles,
            "expert": RoleAssignment.Role.EXPERT in scope.roles,
        },
    }
