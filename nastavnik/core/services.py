import uuid

from django.core.files.base import ContentFile

from nastavnik.core.models import AuditEvent, PendingImport


def audit_record(*, user, action: str, obj=None, object_type: str = "", description: str = "") -> AuditEvent:
    """Write one line to the personal-data access journal."""
    return AuditEvent.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        description=description[:500],
    )


def pending_import_create(*, user, kind: str, scope_id: int | None, uploaded) -> PendingImport:
    """Keep an uploaded file until the user confirms (or abandons) its preview."""
    pending = PendingImport(
        token=uuid.uuid4(), kind=kind, scope_id=scope_id, created_by=user, filename=uploaded.name
    )
    pending.file.save(uploaded.name, ContentFile(uploaded.read()), save=True)
    return pending


def pending_import_discard(*, pending) -> None:
    pending.file.delete(save=False)
    pending.delete()
