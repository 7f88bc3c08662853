"""A parent sees only their own child in a group; the pair's own people write their feedback at completion."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import LegalRepresentation
from nastavnik.programs import services
from nastavnik.programs.models import Consent, MentoringForm, Pair, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=60)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


def _minor_in_base(cast, program, person):
    person.birth_date = CHILD_BIRTH
    person.save()
    ProgramParticipant.objects.create(program=program, person=person, role=Role.MENTEE)
    parent = (
        cast.parent_a.person if person == cast.mentee_a.person else PersonFactory(last_name="Другой-родитель")
    )
    if person != cast.mentee_a.person:
        LegalRepresentation.objects.create(child=person, representative=parent)
    services.consent_record(
        subject=person,
        given_by=parent,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО, дата рождения — для программы наставничества",
        given_on=STARTED,
    )
    return person


@pytest.fixture
def group(cast, program):
    child = _minor_in_base(cast, program, cast.mentee_a.person)
    other = _minor_in_base(cast, program, PersonFactory(last_name="Соседова", first_name="Вера"))
    ProgramParticipant.objects.create(
        program=program, person=cast.mentor_a.person, role=Role.MENTOR, capacity=5
    )
    pair = services.pair_create(
        program=program,
        form=MentoringForm.objects.get(name="учитель – ученик"),
        mentor=cast.mentor_a.person,
        mentees=[child, other],
        started_on=STARTED,
    )
    services.meeting_log(
        pair=pair,
        held_on=TODAY,
        format="in_person",
        duration_minutes=45,
        topic="Знакомство группы",
        attendees=[cast.mentor_a.person, child, other],
    )
    return pair


def page_of(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


def test_a_parent_sees_only_their_childs_name_in_a_group(client, cast, group):
    for url in (reverse("programs:pair-detail", args=[group.pk]), reverse("programs:cabinet")):
        page = page_of(client, cast.parent_a, url)
        assert cast.mentee_a.person.full_name in page and cast.mentor_a.person.full_name in page
        assert "Соседова" not in page
        assert "и ещё 1 наставляемый" in page
    page = page_of(client, cast.parent_a, reverse("programs:pair-detail", args=[group.pk]))
    assert "и ещё 1 участник группы" in page  # the meeting's other attendee, counted only


@pytest.mark.parametrize("persona", ["mentor_a", "mentee_a", "curator_a", "coordinator"])
def test_the_groups_people_and_staff_see_every_name(client, cast, group, persona):
    page = page_of(client, getattr(cast, persona), reverse("programs:pair-detail", args=[group.pk]))
    assert "Соседова Вера" in page and "и ещё" not in page


@pytest.fixture
def pair(cast, program):
    child = _minor_in_base(cast, program, cast.mentee_a.person)
    ProgramParticipant.objects.create(program=program, person=cast.mentor_a.person, role=Role.MENTOR)
    pair = services.pair_create(
        program=program,
        form=MentoringForm.objects.get(name="учитель – ученик"),
        mentor=cast.mentor_a.person,
        mentees=[child],
        started_on=STARTED,
    )
    return services.pair_complete(pair=pair, results="Подготовлен проект", on=TODAY)


def feedback_url(pair):
    return reverse("programs:pair-feedback", args=[pair.pk])


@pytest.mark.parametrize(
    ("persona", "field"),
    [("mentor_a", "mentor_feedback"), ("mentee_a", "mentee_feedback"), ("parent_a", "mentee_feedback")],
)
def test_the_pairs_people_write_their_own_feedback(client, cast, pair, persona, field):
    client.force_login(getattr(cast, persona))
    cabinet = client.get(reverse("programs:cabinet")).content.decode()
    assert "Сохранить отзыв" in cabinet
    response = client.post(
        feedback_url(pair), {"text": " Было полезно ", "next": reverse("programs:cabinet")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("programs:cabinet")
    pair.refresh_from_db()
    assert getattr(pair, field) == "Было полезно"
    other = "mentee_feedback" if field == "mentor_feedback" else "mentor_feedback"
    assert getattr(pair, other) == ""


@pytest.mark.parametrize(
    "persona", ["curator_a", "head_a", "coordinator", "responsible_a", "curator_b", "expert", "outsider"]
)
def test_nobody_else_writes_the_pairs_feedback(client, cast, pair, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(feedback_url(pair)).status_code == 404
    assert client.post(feedback_url(pair), {"text": "чужой отзыв"}).status_code == 404
    pair.refresh_from_db()
    assert pair.mentor_feedback == "" and pair.mentee_feedback == ""


def test_feedback_waits_for_completion(client, cast, program):
    child = _minor_in_base(cast, program, cast.mentee_a.person)
    ProgramParticipant.objects.create(program=program, person=cast.mentor_a.person, role=Role.MENTOR)
    active = services.pair_create(
        program=program,
        form=MentoringForm.objects.get(name="учитель – ученик"),
        mentor=cast.mentor_a.person,
        mentees=[child],
        started_on=STARTED,
    )
    client.force_login(cast.mentor_a)
    assert client.post(feedback_url(active), {"text": "рано"}).status_code == 404
    assert "Сохранить отзыв" not in client.get(reverse("programs:cabinet")).content.decode()


def test_the_parent_of_an_adult_mentee_does_not_write_for_them(client, cast, pair):
    person = cast.mentee_a.person
    person.birth_date = datetime.date(1990, 1, 1)
    person.save()
    client.force_login(cast.parent_a)
    assert client.post(feedback_url(pair), {"text": "за взрослого"}).status_code == 404


def test_in_a_group_each_childs_feedback_is_its_own_paragraph(cast, group):
    services.pair_complete(pair=group, results="Проект сдан", on=TODAY)
    other = group.mentees.get(last_name="Соседова")
    services.pair_feedback_save(pair=group, author=cast.mentee_a.person, text="Понравилось")
    services.pair_feedback_save(pair=group, author=other, text="Интересно")
    services.pair_feedback_save(pair=group, author=cast.parent_a.person, text="Ребёнку понравилось")
    group.refresh_from_db()
    paragraphs = group.mentee_feedback.split("\n\n")
    assert paragraphs == [
        "Соседова Вера Иванович: Интересно",
        f"{cast.mentee_a.person.full_name}: Ребёнку понравилось",
    ]
    with pytest.raises(services.ValidationError):
        services.pair_feedback_save(pair=group, author=PersonFactory(), text="посторонний")
    assert Pair.objects.get(pk=group.pk).mentor_feedback == ""
