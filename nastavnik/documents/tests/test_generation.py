"""Generated DOCX drafts of the standard orders, and a municipality's own templates."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nastavnik.documents import generation, services
from nastavnik.documents.models import Document, DocumentTemplate, WorkingGroup
from nastavnik.documents.tests.conftest import docx_bytes, docx_text
from nastavnik.organizations.factories import RoleAssignmentFactory
from nastavnik.organizations.models import RoleAssignment
from nastavnik.people.factories import PersonFactory


@pytest.mark.parametrize("kind", DocumentTemplate.Kind.values)
def test_it_builds_default_templates_that_fill_the_sample(kind):
    text = docx_text(
        generation.render(generation.build_default_template(kind), generation.SAMPLE_CONTEXT[kind])
    )
    assert "ПРИКАЗ" in text
    assert "{{" not in text and "{%" not in text


def test_it_keeps_the_sample_context_in_step_with_the_real_one(cast, roadmap, group_a):
    real = {
        "roadmap_order": generation.roadmap_order_context(roadmap),
        "curators_order": generation.curators_order_context(cast.municipality),
        "working_group_order": generation.working_group_order_context(group_a),
    }
    for kind, context in real.items():
        assert set(context) == set(generation.SAMPLE_CONTEXT[kind])


def test_it_drafts_the_curators_order_from_the_appointments(as_user, cast, curator_assignment_a):
    curator_assignment_a.order_number = "45-од"
    curator_assignment_a.order_date = date(2020, 8, 4)
    curator_assignment_a.save()
    cast.curator_b.person.position = "заместитель директора по ВР"
    cast.curator_b.person.save()
    # curator_b's order is in the registry rather than on the assignment
    order_b = services.document_save(
        document=Document(kind="order", number="17", date=date(2020, 8, 5), title="О назначении куратора"),
        owner=cast.school_b,
        appointments=RoleAssignment.objects.filter(person=cast.curator_b.person),
        user=cast.curator_b,
    )
    revoked = RoleAssignmentFactory(organization=cast.school_a, role="curator", ended_on=date(2020, 1, 1))
    RoleAssignmentFactory(organization=cast.school_elsewhere, role="curator")
    response = as_user("coordinator").get(
        reverse("documents:order-curators-municipality", args=[cast.municipality.pk])
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = docx_text(response.content)
    assert cast.curator_a.person.full_name in text
    assert "№ 45-од от 04.08.2020" in text
    assert cast.curator_b.person.full_name in text
    assert order_b.label in text
    assert "заместитель директора по ВР" in text
    assert "МБОУ «Школа А»" in text
    assert revoked.person.full_name not in text
    assert "Школа В" not in text


def test_it_drafts_the_working_group_order_with_its_members(as_user, cast, group_a):
    secretary = PersonFactory(last_name="Секретарёва", first_name="Анна", position="учитель")
    RoleAssignmentFactory(person=secretary, organization=cast.school_a, role="working_group")
    services.working_group_member_add(
        group=group_a, person=cast.head_a.person, role_in_group="head", user=cast.head_a
    )
    services.working_group_member_add(
        group=group_a, person=secretary, role_in_group="secretary", duties="ведёт протоколы", user=cast.head_a
    )
    response = as_user("head_a").get(reverse("documents:order-working-group", args=[group_a.pk]))
    text = docx_text(response.content)
    assert "Об утверждении состава рабочей группы" in text
    assert "Рабочая группа школы А" in text
    assert "Секретарёва Анна" in text and "ведёт протоколы" in text
    assert text.index(cast.head_a.person.full_name) < text.index("Секретарёва")  # the head comes first
    assert "МБОУ «Школа А»" in text  # the issuer


def test_it_drafts_the_roadmap_order_with_the_activities(as_user, cast, roadmap):
    response = as_user("coordinator").get(reverse("documents:order-roadmap", args=[roadmap.pk]))
    text = docx_text(response.content)
    assert "Об утверждении дорожной карты" in text
    assert "Дорожная карта Чемальского района" in text and "2020/2021" in text
    assert "Разработка локальных актов" in text and "До 1 сентября 2020 года" in text


def test_it_uses_the_municipalitys_own_template(as_user, cast):
    content = docx_bytes("Наш бланк: {{ issuer }}", "{% for row in curators %}{{ row.name }}; {% endfor %}")
    response = as_user("coordinator").post(
        reverse("documents:template-upload"),
        {
            "municipality": cast.municipality.pk,
            "kind": "curators_order",
            "file": SimpleUploadedFile("my.docx", content),
        },
    )
    assert response.status_code == 302
    response = as_user("coordinator").get(
        reverse("documents:order-curators-municipality", args=[cast.municipality.pk])
    )
    text = docx_text(response.content)
    assert text.startswith("Наш бланк:")
    assert cast.curator_a.person.full_name in text
    # other municipalities keep the built-in template
    assert "ПРИКАЗ" in docx_text(generation.template_for(cast.other_municipality.pk, "curators_order"))


def test_it_goes_back_to_the_built_in_template(as_user, cast):
    template = services.template_upload(
        municipality=cast.municipality,
        kind="curators_order",
        uploaded=SimpleUploadedFile("my.docx", docx_bytes("Свой {{ issuer }}")),
        user=cast.coordinator,
    )
    as_user("coordinator").post(reverse("documents:template-reset", args=[template.pk]))
    assert not DocumentTemplate.objects.exists()
    assert "ПРИКАЗ" in docx_text(generation.template_for(cast.municipality.pk, "curators_order"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04 not a zip", "не документ DOCX или он повреждён"),
        (docx_bytes("{{ unknown_field }}"), "неизвестное поле"),
        (docx_bytes("{% for row in curators %} без конца"), "Ошибка в разметке шаблона"),
    ],
)
def test_it_refuses_an_invalid_template_in_russian(as_user, cast, content, expected):
    response = as_user("coordinator").post(
        reverse("documents:template-upload"),
        {
            "municipality": cast.municipality.pk,
            "kind": "curators_order",
            "file": SimpleUploadedFile("bad.docx", content),
        },
        follow=True,
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert expected in shown
    assert "Шаблон «bad.docx» не подходит" in shown
    assert not DocumentTemplate.objects.exists()


def test_it_reports_a_template_that_breaks_later(as_user, cast):
    # A template stored before validation existed (or edited on disk) must not crash the page.
    template = services.template_upload(
        municipality=cast.municipality,
        kind="curators_order",
        uploaded=SimpleUploadedFile("my.docx", b"PK\x03\x04garbage"),
        user=cast.coordinator,
    )
    assert template.pk
    response = as_user("coordinator").get(
        reverse("documents:order-curators-municipality", args=[cast.municipality.pk]), follow=True
    )
    assert "Не удалось сформировать приказ по шаблону муниципалитета" in " ".join(
        str(m) for m in response.context["messages"]
    )


def test_it_offers_the_built_in_template_for_download(as_user):
    response = as_user("coordinator").get(reverse("documents:template-default", args=["working_group_order"]))
    assert "{{ group_title }}" in docx_text(response.content)


def test_it_escapes_markup_in_names(cast):
    group = services.working_group_save(
        group=WorkingGroup(title="Группа <A&B>"), owner=cast.municipality, user=cast.coordinator
    )
    text = docx_text(
        generation.generate(
            "working_group_order",
            municipality_id=cast.municipality.pk,
            context=generation.working_group_order_context(group),
        )
    )
    assert "Группа <A&B>" in text


def test_an_uploaded_template_cannot_reach_python_objects(as_user, cast, tmp_path):
    marker = tmp_path / "ran"
    payload = "{{ lipsum.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    response = as_user("coordinator").post(
        reverse("documents:template-upload"),
        {
            "municipality": cast.municipality.pk,
            "kind": "curators_order",
            "file": SimpleUploadedFile("evil.docx", docx_bytes(payload)),
        },
        follow=True,
    )
    assert "недопустимое выражение" in response.content.decode()
    assert not marker.exists()
    assert not DocumentTemplate.objects.exists()


def test_a_municipality_can_upload_its_own_pairs_order(as_user, cast):
    content = docx_bytes(
        "Бланк района: {{ program_title }}", "{% for row in pairs %}{{ row.mentor }}; {% endfor %}"
    )
    response = as_user("coordinator").post(
        reverse("documents:template-upload"),
        {
            "municipality": cast.municipality.pk,
            "kind": "pairs_order",
            "file": SimpleUploadedFile("p.docx", content),
        },
    )
    assert response.status_code == 302
    context = {**generation.SAMPLE_CONTEXT[generation.PAIRS_ORDER], "program_title": "Программа школы А"}
    text = docx_text(
        generation.generate(generation.PAIRS_ORDER, municipality_id=cast.municipality.pk, context=context)
    )
    assert text.startswith("Бланк района: Программа школы А")
    assert "ПРИКАЗ" in docx_text(generation.template_for(cast.other_municipality.pk, generation.PAIRS_ORDER))
