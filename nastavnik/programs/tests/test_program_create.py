"""Starting a program: the curator or head of an organisation and district staff, nobody else."""

import pytest
from django.urls import reverse

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.organizations.models import Organization
from nastavnik.programs.models import MentoringForm, Program, ProgramStage

CREATORS = ["coordinator", "regional_admin", "curator_a", "head_a"]
NOT_CREATORS = ["responsible_a", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]
URL = reverse("programs:program-create")


def data(cast, **overrides):
    return {
        "organization": cast.school_a.pk,
        "title": "Наставничество 2025",
        "academic_year": "2025/2026",
        "starts_on": "2025-09-01",
        "ends_on": "2026-05-31",
        **overrides,
    }


@pytest.mark.parametrize("persona", CREATORS)
def test_creators_start_a_program_of_school_a(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert "Новая программа" in client.get(reverse("programs:program-list")).content.decode()
    assert client.get(URL).status_code == 200
    form = MentoringForm.objects.order_by("name").first()
    response = client.post(URL, data(cast, mentoring_forms=[form.pk]))
    program = Program.objects.get(title="Наставничество 2025")
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:program-detail", args=[program.pk])
    assert program.organization == cast.school_a
    assert program.current_stage == ProgramStage.PREPARATION
    assert list(program.forms.all()) == [form]
    assert program.checklist_items.exists()


@pytest.mark.parametrize("persona", NOT_CREATORS)
def test_others_cannot_start_a_program(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert "Новая программа" not in client.get(reverse("programs:program-list")).content.decode()
    assert client.get(URL).status_code == 404
    assert client.post(URL, data(cast)).status_code == 404
    assert not Program.objects.exists()


def test_anonymous_is_sent_to_log_in(client, cast):
    assert client.get(URL).status_code == 302
    assert client.post(URL, data(cast)).status_code == 302
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("persona", "school"),
    [("curator_a", "school_b"), ("curator_b", "school_a"), ("coordinator", "school_elsewhere")],
)
def test_not_in_an_organisation_outside_the_users_own(client, cast, persona, school):
    client.force_login(getattr(cast, persona))
    response = client.post(URL, data(cast, organization=getattr(cast, school).pk))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not Program.objects.exists()


def test_partners_run_no_programs(client, cast):
    partner = OrganizationFactory(municipality=cast.municipality, kind=Organization.Kind.PARTNER)
    client.force_login(cast.coordinator)
    choices = client.get(URL).context["form"].fields["organization"].queryset
    assert cast.school_a in choices
    assert partner not in choices
    client.post(URL, data(cast, organization=partner.pk))
    assert not Program.objects.exists()


def test_the_same_program_twice_and_bad_input_are_explained(client, cast):
    client.force_login(cast.curator_a)
    client.post(URL, data(cast))
    response = client.post(URL, data(cast))
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()
    response = client.post(URL, data(cast, title="Другая", academic_year="2025/2027", ends_on="2025-01-01"))
    errors = response.context["form"].errors
    assert "academic_year" in errors and "ends_on" in errors
    assert Program.objects.count() == 1
