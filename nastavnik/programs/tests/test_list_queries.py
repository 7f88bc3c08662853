"""The list pages of a program cost the same number of queries for a few rows and for many: they
paginate, and everything a row shows is fetched with the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.models import Consent, MentoringForm, Pair, ProgramParticipant
from nastavnik.programs.tests.factories import program_for

Role = ProgramParticipant.Role
STARTED = timezone.localdate() - datetime.timedelta(days=30)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


def grow(cast, program, n):
    """``n`` more mentees and mentors with tags, consents, a partner organisation, pairs and meetings."""
    form = MentoringForm.objects.get(name="учитель – ученик")
    partner = OrganizationFactory(municipality=cast.municipality, kind="partner")
    for _ in range(n):
        mentee, _ = services.participant_create(
            program=program,
            role=Role.MENTEE,
            last_name="Учеников",
            first_name="Иван",
            tags=["шахматы", "огэ"],
        )
        mentor, _ = services.participant_create(
            program=program,
            role=Role.MENTOR,
            last_name="Наставников",
            first_name="Пётр",
            category=ProgramParticipant.Category.EMPLOYEE,
            partner_organization=partner,
            tags=["шахматы"],
        )
        Consent.objects.create(
            subject=mentee.person,
            given_by=mentee.person,
            organization=cast.school_a,
            kind=Consent.Kind.PROCESSING,
            scope="ФИО",
            given_on=STARTED,
        )
        pair = Pair.objects.create(program=program, form=form, mentor=mentor.person, started_on=STARTED)
        pair.mentees.set([mentee.person, PersonFactory()])
        services.meeting_log(
            pair=pair, held_on=STARTED, format="online", duration_minutes=30, topic="Встреча"
        )


PAGES = {
    "program": lambda p: reverse("programs:program-detail", args=[p.pk]),
    "mentees": lambda p: reverse("programs:base-list", args=[p.pk, "mentees"]),
    "mentees_by_tag": lambda p: reverse("programs:base-list", args=[p.pk, "mentees"]) + "?tag=шахматы",
    "mentors": lambda p: reverse("programs:base-list", args=[p.pk, "mentors"]),
    "pairs": lambda p: reverse("programs:pair-list", args=[p.pk]),
    "pair_create": lambda p: reverse("programs:pair-create", args=[p.pk]),
}


@pytest.mark.parametrize("page_name", list(PAGES))
@pytest.mark.parametrize("persona", ["curator_a", "coordinator"])
def test_a_list_page_takes_a_constant_number_of_queries(
    client, cast, program, page_name, persona, django_assert_num_queries
):
    client.force_login(getattr(cast, persona))
    url = PAGES[page_name](program)
    client.get(url)  # the program page adds a program's missing stage checklists on its first view
    grow(cast, program, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(cast, program, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_base_pages_paginate(client, cast, program, settings):
    grow(cast, program, 3)
    client.force_login(cast.curator_a)
    from nastavnik.programs import selectors

    original = selectors.PAGE_SIZE
    selectors.PAGE_SIZE = 2
    try:
        url = reverse("programs:base-list", args=[program.pk, "mentees"])
        first = client.get(url)
        assert len(first.context["rows"]) == 2 and first.context["page"].paginator.num_pages == 2
        assert "следующая" in first.content.decode()
        second = client.get(url, {"page": 2})
        assert len(second.context["rows"]) == 1
        pairs = client.get(reverse("programs:pair-list", args=[program.pk]))
        assert len(pairs.context["pairs"]) == 2 and pairs.context["pairs_total"] == 3
    finally:
        selectors.PAGE_SIZE = original
