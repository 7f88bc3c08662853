import datetime

import pytest
from django.urls import reverse

from nastavnik.programs.models import MentoringForm, NormativeDocument, RoleModelVariant
from nastavnik.programs.reference import reference_seed

EDITORS = ["coordinator", "regional_admin"]
NOT_EDITORS = [
    "head_a",
    "curator_a",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
]


def test_reference_data_is_seeded_and_seeding_is_idempotent(db):
    counts = (
        MentoringForm.objects.count(),
        RoleModelVariant.objects.count(),
        NormativeDocument.objects.count(),
    )
    reference_seed()
    reference_seed()
    assert counts == (
        MentoringForm.objects.count(),
        RoleModelVariant.objects.count(),
        NormativeDocument.objects.count(),
    )
    assert RoleModelVariant.objects.filter(form__name="ученик – ученик", name="лидер – пассивный").exists()
    assert RoleModelVariant.objects.filter(form__name="работодатель – студент").count() == 3
    numbers = set(NormativeDocument.objects.values_list("number", "date"))
    assert ("Р-145", datetime.date(2019, 12, 25)) in numbers
    assert ("1264-р", datetime.date(2025, 5, 21)) in numbers
    assert len(numbers) == 4


def test_seeding_keeps_edited_reference_data(db):
    document = NormativeDocument.objects.get(number="Р-145")
    document.url = "https://docs.example/r-145"
    document.save()
    reference_seed()
    document.refresh_from_db()
    assert document.url == "https://docs.example/r-145"


@pytest.mark.parametrize("persona", EDITORS)
def test_district_staff_see_the_reference_list(client, cast, persona):
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("programs:reference-list")).content.decode()
    assert "успевающий – неуспевающий" in page and "Р-145" in page


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_do_not_see_the_reference_pages(client, cast, persona):
    client.force_login(getattr(cast, persona))
    form = MentoringForm.objects.first()
    variant = RoleModelVariant.objects.first()
    document = NormativeDocument.objects.first()
    for url in (
        reverse("programs:reference-list"),
        reverse("programs:mentoring-form-create"),
        reverse("programs:mentoring-form-edit", args=[form.pk]),
        reverse("programs:role-model-variant-create"),
        reverse("programs:role-model-variant-edit", args=[variant.pk]),
        reverse("programs:normative-document-create"),
        reverse("programs:normative-document-edit", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Взлом"}).status_code == 404, url
    assert not MentoringForm.objects.filter(name="Взлом").exists()
    assert not RoleModelVariant.objects.filter(name="Взлом").exists()


@pytest.mark.parametrize("persona", EDITORS)
def test_district_staff_add_and_rename_a_form(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.post(reverse("programs:mentoring-form-create"), {"name": "виртуальное наставничество"})
    assert response.status_code == 302
    form = MentoringForm.objects.get(name="виртуальное наставничество")
    response = client.post(
        reverse("programs:mentoring-form-edit", args=[form.pk]),
        {"name": "виртуальное наставничество (онлайн)", "is_teacher_model": "on"},
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.name == "виртуальное наставничество (онлайн)" and form.is_teacher_model


def test_a_duplicate_form_is_refused(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(reverse("programs:mentoring-form-create"), {"name": "ученик – ученик"})
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()


@pytest.mark.parametrize("persona", EDITORS)
def test_district_staff_add_and_edit_a_variant(client, cast, persona):
    client.force_login(getattr(cast, persona))
    form = MentoringForm.objects.get(name="ученик – ученик")
    url = reverse("programs:role-model-variant-create")
    assert client.get(url, {"form": form.pk}).status_code == 200
    assert client.post(url, {"form": form.pk, "name": "старший – младший"}).status_code == 302
    variant = RoleModelVariant.objects.get(form=form, name="старший – младший")
    response = client.post(
        reverse("programs:role-model-variant-edit", args=[variant.pk]),
        {"form": form.pk, "name": "старшеклассник – младший"},
    )
    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.name == "старшеклассник – младший"


def test_a_duplicate_variant_of_the_same_form_is_refused(client, cast):
    client.force_login(cast.coordinator)
    form = MentoringForm.objects.get(name="ученик – ученик")
    response = client.post(
        reverse("programs:role-model-variant-create"), {"form": form.pk, "name": "лидер – пассивный"}
    )
    assert response.status_code == 200
    assert RoleModelVariant.objects.filter(form=form, name="лидер – пассивный").count() == 1


@pytest.mark.parametrize("persona", EDITORS)
def test_district_staff_add_and_correct_a_document(client, cast, persona):
    client.force_login(getattr(cast, persona))
    data = {
        "title": "Региональная программа наставничества",
        "number": "123-п",
        "date": "2024-03-01",
        "issuer": "Министерство образования региона",
        "url": "",
    }
    assert client.post(reverse("programs:normative-document-create"), data).status_code == 302
    document = NormativeDocument.objects.get(number="123-п")
    data["date"] = "2024-03-04"
    response = client.post(reverse("programs:normative-document-edit", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.date == datetime.date(2024, 3, 4)


def test_a_document_without_a_date_is_refused(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("programs:normative-document-create"), {"title": "Т", "number": "1", "issuer": "И"}
    )
    assert response.status_code == 200
    assert not NormativeDocument.objects.filter(number="1").exists()
