"""Uploaded files: type by extension and content, the size limit, empty, corrupt and password-protected files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.documents.models import Document
from nastavnik.documents.tests.conftest import docx_bytes, pdf
from nastavnik.documents.validators import OLE_SIGNATURE


def _post(as_user, cast, upload):
    return as_user("curator_a").post(
        reverse("documents:document-create"),
        {"owner": f"o{cast.school_a.pk}", "kind": "local_act", "title": "Положение", "file": upload},
    )


def _file_errors(response) -> str:
    return " ".join(response.context["form"].errors.get("file", []))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("prikaz.pdf", b"%PDF-1.7 body"),
        ("polozhenie.docx", docx_bytes("Положение о наставничестве")),
        ("stary.doc", OLE_SIGNATURE + b"\x00" * 64),
        ("skan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
        ("skan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    ],
)
def test_it_accepts_office_files_and_images(as_user, cast, name, content):
    response = _post(as_user, cast, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.filename == name
    download = as_user("curator_a").get(reverse("documents:document-file", args=[document.pk]))
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
            "такой тип не принимается. Допустимы PDF, DOCX, DOC, ODT",
        ),
        (SimpleUploadedFile("prikaz.pdf", b"not a pdf at all"), "повреждён или не является файлом PDF"),
        (SimpleUploadedFile("prikaz.docx", b"PK\x03\x04broken zip"), "повреждён или не является файлом DOCX"),
        (SimpleUploadedFile("zakryt.docx", OLE_SIGNATURE + b"\x00" * 64), "защищён паролем"),
        (SimpleUploadedFile("pusto.pdf", b""), "пуст"),
    ],
)
def test_it_explains_why_a_file_is_refused(as_user, cast, upload, expected):
    response = _post(as_user, cast, upload)
    assert response.status_code == 200
    assert expected in _file_errors(response)
    assert not Document.objects.exists()


def test_it_states_the_size_limit(as_user, cast, settings):
    settings.MAX_UPLOAD_MB = 1
    response = _post(as_user, cast, pdf(content=b"%PDF" + b"0" * (1024 * 1024 + 1)))
    assert "больше 1 МБ — это предельный размер" in _file_errors(response)
    assert not Document.objects.exists()


def test_it_requires_a_number_and_date_for_an_order(as_user, cast):
    response = as_user("curator_a").post(
        reverse("documents:document-create"),
        {"owner": f"o{cast.school_a.pk}", "kind": "order", "title": "Приказ"},
    )
    assert "У приказа должны быть номер и дата." in response.context["form"].non_field_errors()


def test_it_validates_the_file_of_an_agreement_too(as_user, cast):
    response = as_user("curator_a").post(
        reverse("documents:agreement-create"),
        {
            "organization": cast.school_a.pk,
            "partner_name": "НКО",
            "partner_type": "ngo",
            "subject": "Волонтёрство",
            "status": "active",
            "file": SimpleUploadedFile("dogovor.txt", b"text"),
        },
    )
    assert "такой тип не принимается" in " ".join(response.context["form"].errors["file"])
