"""Reads of the documents app, always scoped by the user through ``documents.access``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from nastavnik.documents import access
from nastavnik.documents.models import (
    Document,
    LocalActChecklistItem,
    LocalActElement,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
)
from nastavnik.organizations import access as org_access
from nastavnik.organizations.models import Municipality, Organization
from nastavnik.people.models import Person

MUNICIPAL = "municipal"


def _owner_filter(queryset: QuerySet, owner: str) -> QuerySet:
    """``owner`` from a filter form: «municipal» or an organisation's pk."""
    if owner == MUNICIPAL:
        return queryset.filter(municipality__isnull=False)
    if owner.isdigit():
        return queryset.filter(organization_id=int(owner))
    return queryset


def document_list(
    user, *, kind: str = "", owner: str = "", year: str = "", query: str = ""
) -> QuerySet[Document]:
    """The registry as the user may see it, filtered; related rows come in a fixed number of queries."""
    documents = access.documents_for_user(user).select_related(
        "municipality", "organization", "proves_activity", "proves_task__activity"
    )
    if kind in Document.Kind.values:
        documents = documents.filter(kind=kind)
    documents = _owner_filter(documents, owner)
    if year.isdigit():
        documents = documents.filter(date__year=int(year))
    if query:
        documents = documents.filter(Q(title__icontains=query) | Q(number__icontains=query))
    return documents.annotate(appointment_count=Count("appointments", distinct=True))


def document_years(user) -> list[int]:
    years = (
        access.documents_for_user(user)
        .filter(date__isnull=False)
        .annotate(year=ExtractYear("date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def visible_organizations(user) -> QuerySet[Organization]:
    return org_access.organizations_for_user(user).exclude(kind=Organization.Kind.PARTNER).order_by("name")


@dataclass
class ChecklistRow:
    element: str
    label: str
    item: LocalActChecklistItem | None

    @property
    def done(self) -> bool:
        return self.item is not None


def checklist_for_organization(organization: Organization) -> list[ChecklistRow]:
    items = {
        item.element: item
        for item in LocalActChecklistItem.objects.filter(organization=organization).select_related("document")
    }
    return [ChecklistRow(value, label, items.get(value)) for value, label in LocalActElement.choices]


@dataclass
class MatrixRow:
    organization: Organization
    cells: list[LocalActChecklistItem | None]

    @property
    def done_count(self) -> int:
        return sum(cell is not None for cell in self.cells)

    @property
    def complete(self) -> bool:
        return self.done_count == len(self.cells)


def checklist_matrix(municipality: Municipality) -> list[MatrixRow]:
    """School × element for the municipality's educational organisations, in two queries."""
    organizations = list(
        Organization.objects.filter(municipality=municipality)
        .exclude(kind=Organization.Kind.PARTNER)
        .order_by("name")
    )
    items: dict[tuple[int, str], LocalActChecklistItem] = {
        (item.organization_id, item.element): item
        for item in LocalActChecklistItem.objects.filter(organization__in=organizations).select_related(
            "document"
        )
    }
    return [
        MatrixRow(org, [items.get((org.pk, element)) for element in LocalActElement.values])
        for org in organizations
    ]


def agreement_list(user, *, organization: str = "", partner_type: str = "", status: str = "") -> QuerySet:
    today = timezone.localdate()
    agreements = (
        access.agreements_for_user(user)
        .select_related("organization", "partner", "document")
        .annotate(
            # «истекло» is derived from the term, so the filter must derive it the same way.
            effective_status=Case(
                When(status=PartnerAgreement.Status.ACTIVE, ends_on__lt=today, then=Value("expired")),
                default=F("status"),
            )
        )
    )
    if organization.isdigit():
        agreements = agreements.filter(organization_id=int(organization))
    if partner_type in PartnerAgreement.PartnerType.values:
        agreements = agreements.filter(partner_type=partner_type)
    if status in PartnerAgreement.Status.values:
        agreements = agreements.filter(effective_status=status)
    return agreements


def media_plan_list(user, *, owner: str = "", status: str = "", channel: str = "") -> QuerySet[MediaPlanItem]:
    today = timezone.localdate()
    items = (
        access.media_items_for_user(user)
        .select_related("municipality", "organization", "responsible_person")
        .annotate(
            effective_status=Case(
                When(~Q(published_url="") | Q(published_on__isnull=False), then=Value("published")),
                When(planned_on__lt=today, then=Value("overdue")),
                default=Value("planned"),
            )
        )
    )
    items = _owner_filter(items, owner)
    if status in MediaPlanItem.Status.values:
        items = items.filter(effective_status=status)
    if channel in MediaPlanItem.Channel.values:
        items = items.filter(channel=channel)
    return items


def working_group_list(user) -> QuerySet[WorkingGroup]:
    return (
        access.working_groups_for_user(user)
        .select_related("municipality", "organization", "order")
        .annotate(member_count=Count("members"))
    )


def people_of_owner(owner: Municipality | Organization) -> QuerySet[Person]:
    """People who hold (or held) a role in the owner's scope: candidates for groups and responsibilities."""
    if isinstance(owner, Organization):
        condition = Q(roles__organization=owner)
    else:
        condition = Q(roles__municipality=owner) | Q(roles__organization__municipality=owner)
    return Person.objects.filter(condition).distinct().order_by("last_name", "first_name", "patronymic")


def people_for_user(user) -> QuerySet[Person]:
    """People in the scopes where the user may add records."""
    municipalities, organizations = access.owners_for_user(user)
    return (
        Person.objects.filter(
            Q(roles__organization__in=organizations)
            | Q(roles__municipality__in=municipalities)
            | Q(roles__organization__municipality__in=municipalities)
        )
        .distinct()
        .order_by("last_name", "first_name", "patronymic")
    )
