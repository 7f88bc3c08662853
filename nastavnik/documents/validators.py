"""Checks of uploaded files: the size limit, the extension and the file's actual content."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nastavnik.core.validators import check_upload_size

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"

#: What the registry accepts, by extension: the first bytes the file must start with.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": (ZIP_SIGNATURE,),
    ".doc": (OLE_SIGNATURE,),
    ".odt": (ZIP_SIGNATURE,),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
DOCUMENT_TYPES_LABEL = "PDF, DOCX, DOC, ODT, JPG, PNG"


def max_upload_mb() -> int:
    return settings.MAX_UPLOAD_MB


def size_help_text() -> str:
    return _("%(types)s, не больше %(limit)s МБ.") % {"types": DOCUMENT_TYPES_LABEL, "limit": max_upload_mb()}


check_size = check_upload_size


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def validate_document_file(uploaded) -> None:
    """Raise a Russian ``ValidationError`` unless ``uploaded`` is a non-empty, readable office file or image."""
    check_size(uploaded)
    extension = PurePath(uploaded.name).suffix.lower()
    signatures = DOCUMENT_TYPES.get(extension)
    if signatures is None:
        raise ValidationError(
            _("Файл «%(name)s»: такой тип не принимается. Допустимы %(types)s."),
            code="wrong_type",
            params={"name": uploaded.name, "types": DOCUMENT_TYPES_LABEL},
        )
    data = _read_all(uploaded)
    if extension in (".docx", ".odt") and data.startswith(OLE_SIGNATURE):
        # Word and LibreOffice store a password-protected file as an encrypted OLE container.
        raise ValidationError(
            _("Файл «%(name)s» защищён паролем. Снимите пароль и загрузите файл снова."),
            code="encrypted",
            params={"name": uploaded.name},
        )
    corrupt = not data.startswith(signatures)
    if not corrupt and extension == ".docx":
        names = _zip_names(data)
        corrupt = names is None or "word/document.xml" not in names
    if not corrupt and extension == ".odt":
        names = _zip_names(data)
        corrupt = names is None or "content.xml" not in names
    if corrupt:
        raise ValidationError(
            _("Файл «%(name)s» повреждён или не является файлом %(type)s."),
            code="corrupt_file",
            params={"name": uploaded.name, "type": extension[1:].upper()},
        )
