"""Writes of the documents app. Views call these after the access check and the form."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    LocalActChecklistItem,
    LocalActElement,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
    WorkingGroupMember,
)
from nastavnik.organizations.models import Municipality, Organization
from nastavnik.roadmap.services import evidence_add


def _set_owner(obj, owner: Municipality | Organization) -> None:
    obj.municipality = owner if isinstance(owner, Municipality) else None
    obj.organization = owner if isinstance(owner, Organization) else None


def _save(obj, *, user, description: str):
    action = "update" if obj.pk else "create"
    obj.full_clean()
    obj.save()
    audit_record(user=user, action=action, obj=obj, description=description)
    return obj


@transaction.atomic
def document_save(*, document: Document, owner, appointments=None, user) -> Document:
    """Create or update a registry entry of ``owner`` and the role assignments it makes."""
    _set_owner(document, owner)
    if document.pk is None:
        document.created_by = user
    _save(document, user=user, description=f"документ: {document.title}")
    if appointments is not None:
        document.appointments.set(appointments)
    _prove_roadmap_work(document, user=user)
    return document


def _prove_roadmap_work(document: Document, *, user) -> None:
    """A registered document that proves an activity or a school's task is that work's evidence too,
    so the roadmap and its matrix see it done without a second upload."""
    task = document.proves_task
    activity = None if task else document.proves_activity
    work = task or activity
    if work is None:
        return
    link = document.url or settings.SITE_URL.rstrip("/") + reverse(
        "documents:document-file", args=[document.pk]
    )
    if not work.evidence.filter(url=link).exists():
        evidence_add(title=str(document)[:300], url=link, task=task, activity=activity, user=user)


@transaction.atomic
def working_group_save(*, group: WorkingGroup, owner, user) -> WorkingGroup:
    """Create or update a working group of ``owner``."""
    _set_owner(group, owner)
    return _save(group, user=user, description=f"рабочая группа: {group.title}")


def working_group_member_add(
    *, group: WorkingGroup, person, role_in_group: str, duties: str = "", user
) -> WorkingGroupMember:
    """Add ``person`` to ``group``; a second member, or a second head, is a ``ValidationError``."""
    member = WorkingGroupMember(group=group, person=person, role_in_group=role_in_group, duties=duties)
    return _save(member, user=user, description=f"в рабочую группу «{group}»: {person}")


def working_group_member_remove(*, member: WorkingGroupMember, user) -> None:
    audit_record(user=user, action="delete", obj=member, description=f"из рабочей группы «{member.group}»")
    member.delete()


@transaction.atomic
def checklist_save(
    *, organization: Organization, selections: dict[str, tuple[Document | None, str]], user
) -> int:
    """Tick (with its act) or untick each element of ``organization``'s local-acts checklist.

    ``selections`` maps an element to (document or ``None`` to untick, note). Returns how many are ticked.
    """
    existing = {
        item.element: item for item in LocalActChecklistItem.objects.filter(organization=organization)
    }
    now = timezone.now()
    for element in LocalActElement.values:
        document, note = selections.get(element, (None, ""))
        item = existing.get(element)
        if document is None:
            if item is not None:
                item.delete()
            continue
        if item is None:
            item = LocalActChecklistItem(organization=organization, element=element)
        elif item.document_id == document.pk and item.note == note:
            continue
        item.document, item.note, item.checked_by, item.checked_at = document, note, user, now
        item.full_clean()
        item.save()
    audit_record(user=user, action="update", obj=organization, description="чек-лист локальных актов")
    return LocalActChecklistItem.objects.filter(organization=organization).count()


@transaction.atomic
def agreement_save(*, agreement: PartnerAgreement, uploaded_file=None, user) -> PartnerAgreement:
    """Create or update an agreement; an uploaded file becomes a registry entry of kind «соглашение»."""
    if uploaded_file is not None:
        agreement.document = document_save(
            document=Document(
                kind=Document.Kind.AGREEMENT,
                number=agreement.number,
                date=agreement.signed_on or agreement.starts_on,
                issuer=agreement.organization.name,
                title=f"Соглашение о сотрудничестве с {agreement.partner_label}"[:500],
                file=uploaded_file,
            ),
            owner=agreement.organization,
            user=user,
        )
    return _save(agreement, user=user, description=f"соглашение: {agreement.partner_label}")


def media_item_save(*, item: MediaPlanItem, owner, user) -> MediaPlanItem:
    """Create or update a line of the media plan of ``owner``."""
    _set_owner(item, owner)
    return _save(item, user=user, description=f"медиаплан: {item.topic}")


@transaction.atomic
def template_upload(*, municipality: Municipality, kind: str, uploaded, user) -> DocumentTemplate:
    """Store ``municipality``'s own template of ``kind``, replacing the previous one (validate it first)."""
    template = DocumentTemplate.objects.filter(municipality=municipality, kind=kind).first()
    old_file = template.file.name if template else None
    if template is None:
        template = DocumentTemplate(municipality=municipality, kind=kind)
    template.file = uploaded
    template.uploaded_by = user
    template.save()
    if old_file and old_file != template.file.name:
        template.file.storage.delete(old_file)
    audit_record(
        user=user, action="import", obj=template, description=f"шаблон: {template.get_kind_display()}"
    )
    return template


def template_reset(*, template: DocumentTemplate, user) -> None:
    """Go back to the built-in template."""
    audit_record(user=user, action="delete", obj=template, description="шаблон приказа")
    template.file.delete(save=False)
    template.delete()
