from django.http import Http404

from nastavnik.core.models import PendingImport


def get_pending_import_for_user(user, token, *, kind: str) -> PendingImport:
    """A pending import belongs to the user who uploaded it; anyone else gets 404."""
    pending = PendingImport.objects.filter(token=token, kind=kind, created_by=user).first()
    if pending is None:
        raise Http404
    return pending
