"""Reads of the digital base, always scoped by the user through ``access``."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from nastavnik.organizations.access import active_roles_q, organizations_for_user
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.people.models import Person

Role = RoleAssignment.Role
LISTED_ROLES = (Role.HEAD, Role.CURATOR, Role.RESPONSIBLE)


def organization_list(
    user, *, query: str = "", kind: str = "", status: str = "", municipality_id=None
) -> QuerySet:
    """Visible organisations with their heads, curators and responsible persons in a fixed number of queries."""
    staff = RoleAssignment.objects.filter(active_roles_q(), role__in=LISTED_ROLES).select_related("person")
    queryset = (
        organizations_for_user(user)
        .select_related("municipality")
        .prefetch_related(Prefetch("roles", queryset=staff, to_attr="active_staff"))
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if municipality_id:
        queryset = queryset.filter(municipality_id=municipality_id)
    if query:
        # Cyrillic case folding is not done by SQLite's LIKE: match the common spellings explicitly.
        variants = {query, query.lower(), query.capitalize(), query.upper()}
        condition = Q()
        for variant in variants:
            condition |= (
                Q(name__contains=variant) | Q(short_name__contains=variant) | Q(inn__contains=variant)
            )
        queryset = queryset.filter(condition)
    return queryset.order_by("municipality__name", "name")


def staff_by_role(organization: Organization) -> dict[str, list[RoleAssignment]]:
    grouped: dict[str, list[RoleAssignment]] = {}
    for assignment in getattr(organization, "active_staff", []):
        grouped.setdefault(assignment.role, []).append(assignment)
    return grouped


def organization_role_history(organization: Organization) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(
            organization=organization,
            role__in=[r.value for r in Role if r not in (Role.MENTOR, Role.MENTEE, Role.PARENT)],
        )
        .select_related("person", "person__user")
        .order_by("ended_on", "role", "person__last_name")
    )


def people_for_appointment(organization: Organization) -> QuerySet[Person]:
    """People already linked to the organisation's staff, offered when appointing a new role."""
    return Person.objects.filter(
        active_roles_q("roles__"),
        roles__organization=organization,
        roles__role__in=[Role.HEAD, Role.CURATOR, Role.RESPONSIBLE, Role.WORKING_GROUP, Role.MENTOR],
    ).distinct()
