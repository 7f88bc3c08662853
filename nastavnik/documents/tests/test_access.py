"""Who sees which page and who may change what: allowed and forbidden for every persona."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    LocalActChecklistItem,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroupMember,
)
from nastavnik.documents.tests.conftest import (
    ALL,
    EDITORS,
    EDITORS_A,
    MANAGERS,
    STAFF,
    STAFF_A,
    docx_bytes,
    pdf,
)

PAGES = [
    ("documents:document-list", None, MANAGERS | STAFF),
    ("documents:document-create", None, MANAGERS | EDITORS),
    ("documents:document-update", "doc_a", MANAGERS | EDITORS_A),
    ("documents:document-update", "municipal_doc", MANAGERS),
    ("documents:document-file", "doc_a", MANAGERS | STAFF_A),
    ("documents:checklist-detail", "school_a", MANAGERS | STAFF_A),
    ("documents:checklist-matrix", None, MANAGERS),
    ("documents:agreement-list", None, MANAGERS | STAFF),
    ("documents:agreement-create", None, MANAGERS | EDITORS),
    ("documents:agreement-update", "agreement_a", MANAGERS | EDITORS_A),
    ("documents:media-list", None, MANAGERS | STAFF),
    ("documents:media-create", None, MANAGERS | EDITORS),
    ("documents:media-update", "media_a", MANAGERS | EDITORS_A),
    ("documents:media-update", "media_municipal", MANAGERS),
    ("documents:working-group-list", None, MANAGERS | STAFF),
    ("documents:working-group-create", None, MANAGERS | EDITORS),
    ("documents:working-group-detail", "group_a", MANAGERS | STAFF_A),
    ("documents:working-group-detail", "group_municipal", MANAGERS | STAFF),
    ("documents:working-group-update", "group_a", MANAGERS | EDITORS_A),
    ("documents:working-group-update", "group_municipal", MANAGERS),
    ("documents:order-list", None, MANAGERS | EDITORS),
    ("documents:order-roadmap", "roadmap", MANAGERS),
    ("documents:order-curators-municipality", "municipality", MANAGERS),
    ("documents:order-curators-organization", "school_a", MANAGERS | EDITORS_A),
    ("documents:order-working-group", "group_a", MANAGERS | EDITORS_A),
]


def _target(cast, request, name):
    if name is None:
        return []
    if hasattr(cast, name):
        return [getattr(cast, name).pk]
    return [request.getfixturevalue(name).pk]


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize(("name", "target", "allowed"), PAGES)
def test_it_shows_pages_only_to_those_who_may_see_them(
    as_user, cast, request, persona, name, target, allowed
):
    args = _target(cast, request, target)
    response = as_user(persona).get(reverse(name, args=args))
    assert response.status_code == (200 if persona in allowed else 404)


def test_it_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("documents:document-list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_lets_school_staff_download_the_municipal_centres_documents(as_user, cast, municipal_doc):
    municipal_doc.file = pdf()
    municipal_doc.save()
    assert (
        as_user("curator_b").get(reverse("documents:document-file", args=[municipal_doc.pk])).status_code
        == 200
    )
    assert (
        as_user("mentor_a").get(reverse("documents:document-file", args=[municipal_doc.pk])).status_code
        == 404
    )


def test_it_hides_other_schools_documents_in_the_registry(as_user, cast, doc_a, doc_b, municipal_doc):
    response = as_user("curator_a").get(reverse("documents:document-list"))
    titles = {document.title for document, _ in response.context["rows"]}
    assert titles == {doc_a.title, municipal_doc.title}


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_of_school_a_add_its_documents(as_user, cast, persona):
    response = as_user(persona).post(
        reverse("documents:document-create"),
        {"owner": f"o{cast.school_a.pk}", "kind": "local_act", "title": "Положение", "file": pdf()},
    )
    created = Document.objects.filter(organization=cast.school_a).exists()
    assert created == (persona in MANAGERS | EDITORS_A)
    if not created:
        assert response.status_code in (200, 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_change_a_school_document(as_user, cast, doc_a, persona):
    response = as_user(persona).post(
        reverse("documents:document-update", args=[doc_a.pk]),
        {"owner": f"o{cast.school_a.pk}", "kind": "local_act", "title": "Новое название"},
    )
    doc_a.refresh_from_db()
    if persona in MANAGERS | EDITORS_A:
        assert response.status_code == 302
        assert doc_a.title == "Новое название"
    else:
        assert response.status_code == 404
        assert doc_a.title != "Новое название"


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_tick_the_checklist(as_user, cast, doc_a, persona):
    response = as_user(persona).post(
        reverse("documents:checklist-detail", args=[cast.school_a.pk]), {"timeline-document": doc_a.pk}
    )
    ticked = LocalActChecklistItem.objects.filter(organization=cast.school_a).exists()
    assert ticked == (persona in MANAGERS | EDITORS_A)
    assert response.status_code == (302 if ticked else 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_add_an_agreement(as_user, cast, persona):
    as_user(persona).post(
        reverse("documents:agreement-create"),
        {
            "organization": cast.school_a.pk,
            "partner_name": "ГАПОУ «Колледж»",
            "partner_type": "education",
            "subject": "Наставничество «студент – ученик»",
            "status": "active",
        },
    )
    assert PartnerAgreement.objects.exists() == (persona in MANAGERS | EDITORS_A)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_change_an_agreement(as_user, agreement_a, persona):
    response = as_user(persona).post(
        reverse("documents:agreement-update", args=[agreement_a.pk]),
        {
            "organization": agreement_a.organization_id,
            "partner_name": agreement_a.partner_name,
            "partner_type": "employer",
            "subject": "Новый предмет",
            "status": "terminated",
        },
    )
    agreement_a.refresh_from_db()
    assert (agreement_a.status == "terminated") == (persona in MANAGERS | EDITORS_A)
    assert response.status_code == (302 if persona in MANAGERS | EDITORS_A else 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_managers_add_to_the_municipal_media_plan(as_user, cast, persona):
    as_user(persona).post(
        reverse("documents:media-create"),
        {
            "owner": f"m{cast.municipality.pk}",
            "topic": "Старт",
            "channel": "site",
            "planned_on": "2030-01-10",
        },
    )
    assert MediaPlanItem.objects.filter(municipality=cast.municipality).exists() == (persona in MANAGERS)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_change_a_school_media_item(as_user, cast, media_a, persona):
    response = as_user(persona).post(
        reverse("documents:media-update", args=[media_a.pk]),
        {
            "owner": f"o{cast.school_a.pk}",
            "topic": media_a.topic,
            "channel": "social",
            "planned_on": "2030-01-10",
            "published_url": "https://school-a.example/news/1",
        },
    )
    media_a.refresh_from_db()
    assert (media_a.published_url != "") == (persona in MANAGERS | EDITORS_A)
    assert response.status_code == (302 if persona in MANAGERS | EDITORS_A else 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_add_group_members(as_user, cast, group_a, persona):
    response = as_user(persona).post(
        reverse("documents:working-group-detail", args=[group_a.pk]),
        {"person": cast.responsible_a.person.pk, "role_in_group": "member"},
    )
    added = WorkingGroupMember.objects.filter(group=group_a).exists()
    assert added == (persona in MANAGERS | EDITORS_A)
    if not added:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_editors_remove_group_members(as_user, member_a, persona):
    response = as_user(persona).post(reverse("documents:working-group-member-remove", args=[member_a.pk]))
    removed = not WorkingGroupMember.objects.filter(pk=member_a.pk).exists()
    assert removed == (persona in MANAGERS | EDITORS_A)
    assert response.status_code == (302 if removed else 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_managers_upload_a_municipal_template(as_user, cast, persona):
    upload = SimpleUploadedFile("shablon.docx", docx_bytes("Приказ {{ issuer }}"))
    response = as_user(persona).post(
        reverse("documents:template-upload"),
        {"municipality": cast.municipality.pk, "kind": "curators_order", "file": upload},
    )
    assert DocumentTemplate.objects.exists() == (persona in MANAGERS)
    assert response.status_code == (302 if persona in MANAGERS else 404)


def test_it_refuses_a_template_for_a_municipality_the_user_does_not_manage(as_user, cast):
    upload = SimpleUploadedFile("shablon.docx", docx_bytes("Приказ"))
    as_user("coordinator").post(
        reverse("documents:template-upload"),
        {"municipality": cast.other_municipality.pk, "kind": "curators_order", "file": upload},
    )
    assert not DocumentTemplate.objects.exists()


def test_it_refuses_a_school_curator_adding_a_document_for_another_school(as_user, cast):
    response = as_user("curator_b").post(
        reverse("documents:document-create"),
        {"owner": f"o{cast.school_a.pk}", "kind": "local_act", "title": "Чужое положение"},
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not Document.objects.exists()
