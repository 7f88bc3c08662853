"""Who may see and change documents, working groups, checklists, agreements, the media plan and templates.

Built on the project's choke point (``organizations.access``). The rules:

* a municipality's own records are managed by its coordinators and the region's administrators, and read
  by the staff (head, curator, responsible, working group) of the municipality's organisations;
* an organisation's records are read by the municipality's managers and the organisation's staff, and
  changed by the managers plus the organisation's head and curators.

Anything else is answered with 404, never 403, so that its existence is not disclosed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
    WorkingGroupMember,
)
from nastavnik.organizations import access
from nastavnik.organizations.models import Municipality, Organization

T = TypeVar("T", bound=Model)


def _own_org_ids(user, *, write: bool) -> set[int]:
    roles = access.ORGANIZATION_EDITOR_ROLES if write else access.ORGANIZATION_STAFF_ROLES
    return access.user_scope(user).organizations_with(roles)


def _managed_q(user, prefix: str) -> Q:
    scope = access.user_scope(user)
    return Q(**{f"{prefix}_id__in": scope.municipalities}) | Q(**{f"{prefix}__region_id__in": scope.regions})


def owned_q(user, *, write: bool = False, prefix: str = "") -> Q | None:
    """The condition on a record with ``municipality``/``organization`` owners; ``None`` means «all»."""
    scope = access.user_scope(user)
    if scope.is_superuser:
        return None
    own = _own_org_ids(user, write=write)
    condition = (
        _managed_q(user, f"{prefix}municipality")
        | _managed_q(user, f"{prefix}organization__municipality")
        | Q(**{f"{prefix}organization_id__in": own})
    )
    if not write and own:
        # The staff of a school read the papers of their municipal centre (orders, recommendations).
        staff_municipalities = Organization.objects.filter(pk__in=own).values("municipality_id")
        condition |= Q(**{f"{prefix}municipality_id__in": staff_municipalities})
    return condition


def _scoped(queryset: QuerySet[T], condition: Q | None) -> QuerySet[T]:
    return queryset if condition is None else queryset.filter(condition)


def _one(queryset: QuerySet[T], pk: int) -> T:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def documents_for_user(user, *, write: bool = False) -> QuerySet[Document]:
    """Documents of the registry the user may see (or, with ``write``, change)."""
    return _scoped(Document.objects.all(), owned_q(user, write=write))


def get_document_for_user(user, pk: int, *, write: bool = False) -> Document:
    """The document with ``pk`` if the user may see (or change) it; 404 otherwise."""
    return _one(
        documents_for_user(user, write=write).select_related("municipality", "organization__municipality"), pk
    )


def working_groups_for_user(user, *, write: bool = False) -> QuerySet[WorkingGroup]:
    return _scoped(WorkingGroup.objects.all(), owned_q(user, write=write))


def get_working_group_for_user(user, pk: int, *, write: bool = False) -> WorkingGroup:
    """The working group with ``pk`` if the user may see (or change) it; 404 otherwise."""
    return _one(
        working_groups_for_user(user, write=write).select_related(
            "municipality", "organization__municipality", "order"
        ),
        pk,
    )


def get_working_group_member_for_user(user, pk: int) -> WorkingGroupMember:
    """A member of a working group the user may change; 404 otherwise."""
    return _one(
        WorkingGroupMember.objects.select_related("group", "person").filter(
            group__in=working_groups_for_user(user, write=True)
        ),
        pk,
    )


def media_items_for_user(user, *, write: bool = False) -> QuerySet[MediaPlanItem]:
    return _scoped(MediaPlanItem.objects.all(), owned_q(user, write=write))


def get_media_item_for_user(user, pk: int, *, write: bool = False) -> MediaPlanItem:
    """The media plan item with ``pk`` if the user may see (or change) it; 404 otherwise."""
    return _one(media_items_for_user(user, write=write).select_related("municipality", "organization"), pk)


def agreements_for_user(user, *, write: bool = False) -> QuerySet[PartnerAgreement]:
    """Partner agreements of the schools the user may see (or, with ``write``, change)."""
    return PartnerAgreement.objects.filter(organization__in=access.organizations_for_user(user, write=write))


def get_agreement_for_user(user, pk: int, *, write: bool = False) -> PartnerAgreement:
    """The agreement with ``pk`` if the user may see (or change) it; 404 otherwise."""
    return _one(
        agreements_for_user(user, write=write).select_related("organization", "partner", "document"), pk
    )


def owners_for_user(user) -> tuple[QuerySet[Municipality], QuerySet[Organization]]:
    """Where the user may add records: municipalities they manage, organisations they edit."""
    return (
        access.municipalities_for_user(user),
        access.organizations_for_user(user, write=True).select_related("municipality").order_by("name"),
    )


def can_add_anything(user) -> bool:
    municipalities, organizations = owners_for_user(user)
    return municipalities.exists() or organizations.exists()


def templates_for_user(user) -> QuerySet[DocumentTemplate]:
    """Replacement templates of the municipalities the user manages."""
    return DocumentTemplate.objects.filter(municipality__in=access.municipalities_for_user(user))


def get_managed_municipality_for_user(user, pk: int) -> Municipality:
    """A municipality the user manages (coordinator, regional administrator); 404 otherwise."""
    return _one(access.municipalities_for_user(user), pk)
