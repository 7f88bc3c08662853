"""Who may see and change roadmaps, activities, tasks and evidence.

Built on the project's choke point (``organizations.access``). The rules:

* a municipal roadmap is managed by the municipality's coordinators and the region's administrators;
  the staff of the municipality's organisations (head, curator, responsible, working group) read it;
* an organisation's roadmap is read by the municipality's managers and the organisation's staff, and
  changed by them plus the head and curators;
* an organisation's task of a cascaded activity is seen by the municipality's managers and that
  organisation's staff, and worked on by the managers and the organisation's head and curators.

Anything else is answered with 404, never 403, so that its existence is not disclosed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from nastavnik.organizations import access
from nastavnik.organizations.models import Municipality, Organization
from nastavnik.roadmap.models import Activity, Evidence, OrganizationTask, Roadmap


def _staff_org_ids(user) -> set[int]:
    return access.user_scope(user).organizations_with(access.ORGANIZATION_STAFF_ROLES)


def _editor_org_ids(user) -> set[int]:
    return access.user_scope(user).organizations_with(access.ORGANIZATION_EDITOR_ROLES)


def _managed_q(user, prefix: str) -> Q:
    """Rows whose municipality (reached through ``prefix``) the user manages."""
    scope = access.user_scope(user)
    return Q(**{f"{prefix}_id__in": scope.municipalities}) | Q(**{f"{prefix}__region_id__in": scope.regions})


def roadmaps_for_user(user, *, write: bool = False) -> QuerySet[Roadmap]:
    """Roadmaps the user may see (or, with ``write``, change)."""
    queryset = Roadmap.objects.all()
    scope = access.user_scope(user)
    if scope.is_superuser:
        return queryset
    condition = _managed_q(user, "municipality") | _managed_q(user, "organization__municipality")
    own = _editor_org_ids(user) if write else _staff_org_ids(user)
    condition |= Q(organization_id__in=own)
    if not write and own:
        staff_municipalities = Organization.objects.filter(pk__in=own).values("municipality_id")
        condition |= Q(municipality_id__in=staff_municipalities)
    return queryset.filter(condition)


def can_change_roadmap(user, roadmap: Roadmap) -> bool:
    return roadmaps_for_user(user, write=True).filter(pk=roadmap.pk).exists()


def get_roadmap_for_user(user, pk: int, *, write: bool = False) -> Roadmap:
    """The roadmap with ``pk`` if the user may see (or change) it; 404 otherwise."""
    roadmap = (
        roadmaps_for_user(user, write=write)
        .select_related("municipality__region", "organization__municipality")
        .filter(pk=pk)
        .first()
    )
    if roadmap is None:
        raise Http404
    return roadmap


def get_activity_for_user(user, pk: int, *, write: bool = False) -> Activity:
    """An activity of a roadmap the user may see (or change); 404 otherwise."""
    activity = (
        Activity.objects.select_related(
            "roadmap__municipality__region", "roadmap__organization__municipality", "responsible_organization"
        )
        .filter(pk=pk, roadmap__in=roadmaps_for_user(user, write=write))
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def tasks_for_user(user, *, write: bool = False) -> QuerySet[OrganizationTask]:
    """Organisations' tasks the user may see (or work on)."""
    queryset = OrganizationTask.objects.all()
    scope = access.user_scope(user)
    if scope.is_superuser:
        return queryset
    own = _editor_org_ids(user) if write else _staff_org_ids(user)
    return queryset.filter(_managed_q(user, "organization__municipality") | Q(organization_id__in=own))


def get_task_for_user(user, pk: int, *, write: bool = False) -> OrganizationTask:
    """One organisation's task if the user may see (or work on) it; 404 otherwise."""
    task = (
        tasks_for_user(user, write=write)
        .select_related("activity__roadmap__municipality", "organization__municipality")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def get_evidence_for_user(user, pk: int) -> Evidence:
    """A piece of evidence whose activity or task the user may see; 404 otherwise."""
    evidence = Evidence.objects.filter(
        Q(activity__roadmap__in=roadmaps_for_user(user)) | Q(task__in=tasks_for_user(user)), pk=pk
    ).first()
    if evidence is None:
        raise Http404
    return evidence


def roadmap_owners_for_user(user) -> tuple[QuerySet[Municipality], QuerySet[Organization]]:
    """Where the user may create a roadmap: municipalities they manage, organisations they edit."""
    return access.municipalities_for_user(user), access.organizations_for_user(
        user, write=True
    ).select_related("municipality")
