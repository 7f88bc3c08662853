"""The municipal overview: who sees it, its figures, its filters, its XLSX and its cost in queries."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import Consent, MentoringForm, Pair, Program, ProgramParticipant

Role = ProgramParticipant.Role
Status = Pair.Status
STARTED = timezone.localdate() - datetime.timedelta(days=90)
URL = reverse("programs:municipal-overview")
EXPORT_URL = reverse("programs:municipal-overview-export")

ALLOWED = ["coordinator", "regional_admin"]
FORBIDDEN = [
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
]


def participant(program, person, role, form=None):
    return ProgramParticipant.objects.create(program=program, person=person, role=role, form=form)


def pair(program, form, mentor, mentees, status=Status.ACTIVE):
    created = Pair.objects.create(
        program=program, form=form, mentor=mentor, started_on=STARTED, status=status
    )
    created.mentees.set(mentees)
    return created


@pytest.fixture
def world(cast):
    """School A: two programs (two years), three mentees (one with a consent, one in both programs),
    two mentors, an active, a completed and a paused pair. School B: one mentee without a consent and
    an active pair. The school of the other municipality has a program the coordinator must not see."""
    one = MentoringForm.objects.create(name="Форма один")
    two = MentoringForm.objects.create(name="Форма два")
    p1 = Program.objects.create(organization=cast.school_a, academic_year="2025/2026", title="П1")
    p1.forms.set([one])
    p2 = Program.objects.create(organization=cast.school_a, academic_year="2024/2025", title="П2")
    p2.forms.set([two])
    p3 = Program.objects.create(organization=cast.school_b, academic_year="2025/2026", title="П3")
    p4 = Program.objects.create(organization=cast.school_elsewhere, academic_year="2025/2026", title="П4")
    m1, m2, c1, c2, c3, d1, e1 = (PersonFactory() for _ in range(7))
    participant(p1, m1, Role.MENTOR, one)
    participant(p1, m2, Role.MENTOR, one)
    participant(p1, c1, Role.MENTEE, one)
    participant(p1, c2, Role.MENTEE, one)
    participant(p1, c3, Role.MENTEE, two)
    participant(p2, c1, Role.MENTEE, two)
    participant(p2, m1, Role.MENTOR, two)
    participant(p3, d1, Role.MENTEE)
    participant(p4, e1, Role.MENTEE)
    Consent.objects.create(
        subject=c1,
        given_by=c1,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО",
        given_on=STARTED,
    )
    # A consent to another organisation does not cover school B.
    Consent.objects.create(
        subject=d1,
        given_by=d1,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО",
        given_on=STARTED,
    )
    pair(p1, one, m1, [c1])
    pair(p1, one, m2, [c2], status=Status.COMPLETED)
    pair(p2, two, m1, [c1], status=Status.PAUSED)
    pair(p3, two, PersonFactory(), [d1])
    pair(p4, one, PersonFactory(), [e1])
    return {"one": one, "two": two}


def figures(response):
    return {
        row.organization: (
            row.programs,
            row.mentors,
            row.mentees,
            row.active_pairs,
            row.completed_pairs,
            row.mentees_without_consent,
        )
        for row in response.context["overview"].rows
    }


@pytest.mark.parametrize("persona", ALLOWED)
def test_it_is_shown_to_district_staff(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Свод по муниципалитету" in response.text
    assert '<th scope="col"' in response.text and "<caption" in response.text


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_it_is_not_found_for_anyone_else(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(URL).status_code == 404
    assert client.get(EXPORT_URL).status_code == 404


def test_it_requires_login(client, cast):
    assert client.get(URL).status_code == 302
    assert client.get(EXPORT_URL).status_code == 302


def test_it_counts_each_organisation_of_the_coordinators_municipality(client, cast, world):
    client.force_login(cast.coordinator)
    response = client.get(URL)
    assert figures(response) == {
        "Школа А": (2, 2, 3, 1, 1, 2),
        "Школа Б": (1, 0, 1, 1, 0, 1),
    }
    totals = response.context["overview"].totals
    assert (totals.programs, totals.mentees, totals.mentees_without_consent) == (3, 4, 3)
    forms = {
        line.form: (line.total, line.active, line.completed) for line in response.context["overview"].forms
    }
    assert forms == {"Форма один": (2, 1, 1), "Форма два": (2, 1, 0)}


def test_it_covers_the_whole_region_for_the_regional_admin(client, cast, world):
    client.force_login(cast.regional_admin)
    assert set(figures(client.get(URL))) == {"Школа А", "Школа Б", "Школа В"}


def test_it_filters_by_organisation_year_and_form(client, cast, world):
    client.force_login(cast.coordinator)
    assert figures(client.get(URL, {"organization": cast.school_b.pk})) == {"Школа Б": (1, 0, 1, 1, 0, 1)}
    by_year = figures(client.get(URL, {"academic_year": "2024/2025"}))
    assert by_year == {"Школа А": (1, 1, 1, 0, 0, 0), "Школа Б": (0, 0, 0, 0, 0, 0)}
    by_form = figures(client.get(URL, {"form": world["two"].pk}))
    assert by_form == {"Школа А": (1, 1, 2, 0, 0, 1), "Школа Б": (0, 0, 0, 1, 0, 0)}


def test_it_shows_nothing_of_an_organisation_outside_the_municipality(client, cast, world):
    client.force_login(cast.coordinator)
    response = client.get(URL, {"organization": cast.school_elsewhere.pk})
    assert figures(response) == {}
    assert "Школа В" not in response.text


def test_it_exports_the_same_table_to_xlsx(client, cast, world):
    client.force_login(cast.coordinator)
    response = client.get(EXPORT_URL, {"academic_year": "2025/2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(response.content))
    rows = list(workbook["Организации"].iter_rows(values_only=True))
    assert rows[0][0] == "Организация" and rows[0][-1] == "Наставляемых без согласия на обработку ПДн"
    assert rows[1:] == [
        ("Школа А", "Чемальский район", 1, 2, 0, 0, 3, 1, 1, 0, 2),
        ("Школа Б", "Чемальский район", 1, 0, 0, 0, 1, 1, 0, 0, 1),
        ("Итого", None, 2, 2, 0, 0, 4, 2, 1, 0, 3),
    ]
    forms = list(workbook["По формам"].iter_rows(values_only=True))
    assert forms[1:] == [("Форма два", 1, 1, 0), ("Форма один", 2, 1, 1)]


def test_it_costs_the_same_number_of_queries_for_more_organisations(
    client, cast, world, django_assert_max_num_queries
):
    client.force_login(cast.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for index in range(5):
        school = OrganizationFactory(municipality=cast.municipality, name=f"Школа {index}")
        program = Program.objects.create(organization=school, academic_year="2025/2026", title="П")
        mentee = PersonFactory()
        participant(program, mentee, Role.MENTEE)
        pair(program, world["one"], PersonFactory(), [mentee])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["overview"].rows) == 7
