"""The one choke point that decides what a user may see and change in the digital base.

Every view, export and (later) API endpoint goes through these functions. Data of an organisation the
user has no business with is answered with 404, never 403, so that its existence is not disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nastavnik.organizations.models import Municipality, Organization, RoleAssignment

Role = RoleAssignment.Role

#: Roles that make a person part of an organisation's staff for the digital base.
ORGANIZATION_STAFF_ROLES = frozenset({Role.HEAD, Role.CURATOR, Role.RESPONSIBLE, Role.WORKING_GROUP})
#: Staff roles that may edit their own organisation's card.
ORGANIZATION_EDITOR_ROLES = frozenset({Role.HEAD, Role.CURATOR})
#: Roles appointed inside an organisation through the digital base, and who may appoint them.
APPOINTABLE_ROLES = (Role.HEAD, Role.CURATOR, Role.RESPONSIBLE, Role.WORKING_GROUP)
HEAD_APPOINTABLE_ROLES = frozenset({Role.CURATOR, Role.RESPONSIBLE, Role.WORKING_GROUP})


def active_roles_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return (Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": today})) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


@dataclass
class UserScope:
    """The user's active role assignments, read once per request."""

    is_superuser: bool = False
    regions: set[int] = field(default_factory=set)
    municipalities: set[int] = field(default_factory=set)
    organization_roles: dict[int, set[str]] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)

    @property
    def is_district_staff(self) -> bool:
        return self.is_superuser or bool(self.regions or self.municipalities)

    def organizations_with(self, roles) -> set[int]:
        return {org_id for org_id, held in self.organization_roles.items() if held & set(roles)}


def user_scope(user) -> UserScope:
    """Return (and cache on the user object) what the user's active roles give them."""
    cached = getattr(user, "_nastavnik_scope", None)
    if cached is not None:
        return cached
    scope = UserScope()
    if user.is_authenticated:
        scope.is_superuser = user.is_superuser
        if user.person_id:
            assignments = RoleAssignment.objects.filter(
                active_roles_q(), person_id=user.person_id
            ).values_list("role", "region_id", "municipality_id", "organization_id")
            for role, region_id, municipality_id, organization_id in assignments:
                scope.roles.add(role)
                if role == Role.REGIONAL_ADMIN and region_id:
                    scope.regions.add(region_id)
                elif role == Role.MUNICIPAL_COORDINATOR and municipality_id:
                    scope.municipalities.add(municipality_id)
                elif organization_id:
                    scope.organization_roles.setdefault(organization_id, set()).add(role)
    user._nastavnik_scope = scope
    return scope


def municipalities_for_user(user) -> QuerySet[Municipality]:
    """Municipalities whose digital base the user manages (adds organisations, imports, exports)."""
    scope = user_scope(user)
    queryset = Municipality.objects.select_related("region")
    if scope.is_superuser:
        return queryset
    return queryset.filter(Q(pk__in=scope.municipalities) | Q(region_id__in=scope.regions))


def organizations_for_user(user, *, write: bool = False) -> QuerySet[Organization]:
    """Organisations the user may see (or, with ``write``, edit)."""
    scope = user_scope(user)
    queryset = Organization.objects.all()
    if scope.is_superuser:
        return queryset
    own_roles = ORGANIZATION_EDITOR_ROLES if write else ORGANIZATION_STAFF_ROLES
    return queryset.filter(
        Q(municipality_id__in=scope.municipalities)
        | Q(municipality__region_id__in=scope.regions)
        | Q(pk__in=scope.organizations_with(own_roles))
    )


def get_organization_for_user(user, pk: int, *, write: bool = False) -> Organization:
    """The organisation with ``pk`` if the user may see (or edit) it; 404 otherwise."""
    organization = (
        organizations_for_user(user, write=write).select_related("municipality__region").filter(pk=pk).first()
    )
    if organization is None:
        raise Http404
    return organization


def can_manage_municipality(user, municipality_id: int) -> bool:
    return municipalities_for_user(user).filter(pk=municipality_id).exists()


def appointable_roles(user, organization: Organization) -> list[str]:
    """Roles the user may appoint in ``organization``: district staff any, the head only the school's own."""
    scope = user_scope(user)
    if scope.is_superuser or can_manage_municipality(user, organization.municipality_id):
        return list(APPOINTABLE_ROLES)
    if Role.HEAD in scope.organization_roles.get(organization.pk, set()):
        return [role for role in APPOINTABLE_ROLES if role in HEAD_APPOINTABLE_ROLES]
    return []


def get_role_assignment_for_user(user, pk: int) -> RoleAssignment:
    """An active role assignment inside an organisation that the user may revoke; 404 otherwise
    (an ended one stays history: revoking it again must not bring it back to life)."""
    assignment = (
        RoleAssignment.objects.select_related("organization", "person")
        .filter(active_roles_q(), pk=pk, organization__isnull=False)
        .first()
    )
    if assignment is None or assignment.role not in appointable_roles(user, assignment.organization):
        raise Http404
    return assignment
