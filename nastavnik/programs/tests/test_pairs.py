"""Pairs and groups: forming them, the plan, the meetings log, status, completion, the personal cabinet."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import LegalRepresentation
from nastavnik.programs import services
from nastavnik.programs.models import Consent, Meeting, MentoringForm, Pair, PlanItem, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
Status = Pair.Status
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=60)

READERS = [
    "coordinator",
    "regional_admin",
    "curator_a",
    "head_a",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
]
NOT_READERS = ["curator_b", "expert", "outsider"]
WRITERS = ["coordinator", "regional_admin", "curator_a", "head_a", "mentor_a"]
NOT_WRITERS = ["responsible_a", "mentee_a", "parent_a", "curator_b", "expert", "outsider"]
MANAGERS = ["coordinator", "regional_admin", "curator_a", "head_a"]
NOT_MANAGERS = ["responsible_a", "mentor_a", "mentee_a", "parent_a", "curator_b", "expert", "outsider"]


@pytest.fixture
def program(cast):
    return program_for(cast.school_a, title="Программа Школы А")


@pytest.fixture
def form():
    return MentoringForm.objects.get(name="учитель – ученик")


@pytest.fixture
def minor(cast, program):
    person = cast.mentee_a.person
    person.birth_date = CHILD_BIRTH
    person.save()
    ProgramParticipant.objects.create(program=program, person=person, role=Role.MENTEE)
    ProgramParticipant.objects.create(program=program, person=cast.mentor_a.person, role=Role.MENTOR)
    return person


def consent_for(cast, child):
    return services.consent_record(
        subject=child,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО, дата рождения, класс — для участия в программе наставничества",
        given_on=STARTED,
    )


@pytest.fixture
def pair(cast, program, form, minor):
    consent_for(cast, minor)
    return services.pair_create(
        program=program, form=form, mentor=cast.mentor_a.person, mentees=[minor], started_on=STARTED
    )


@pytest.fixture
def other_pair_a(program, form):
    """A pair of the same school with another mentor and another child."""
    pair = Pair.objects.create(program=program, form=form, mentor=PersonFactory(), started_on=STARTED)
    pair.mentees.set([PersonFactory(last_name="Чужой")])
    return pair


def login(client, cast, persona):
    client.force_login(getattr(cast, persona))


def meeting_data(pair, **extra):
    return {
        "held_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "format": Meeting.Format.ONLINE,
        "duration_minutes": "40",
        "topic": "Разбор олимпиадных задач",
        "notes": "Договорились о следующей встрече",
        "attendees": [pair.mentor_id, *pair.mentees.values_list("pk", flat=True)],
        **extra,
    }


# --- the pair page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_pair_to_its_people_and_the_schools_staff(client, cast, pair, persona):
    login(client, cast, persona)
    response = client.get(reverse("programs:pair-detail", args=[pair.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert cast.mentor_a.person.full_name in page and cast.mentee_a.person.full_name in page


@pytest.mark.parametrize("persona", NOT_READERS)
def test_it_hides_the_pair_from_everyone_else(client, cast, pair, persona):
    login(client, cast, persona)
    assert client.get(reverse("programs:pair-detail", args=[pair.pk])).status_code == 404


def test_it_requires_login(client, pair):
    assert client.get(reverse("programs:pair-detail", args=[pair.pk])).status_code == 302
    assert client.get(reverse("programs:cabinet")).status_code == 302


def test_the_mentee_and_the_parent_see_no_write_controls(client, cast, pair):
    for persona in ("mentee_a", "parent_a"):
        login(client, cast, persona)
        page = client.get(reverse("programs:pair-detail", args=[pair.pk])).content.decode()
        assert "Записать встречу" not in page and "Изменить статус" not in page


def test_the_mentor_can_log_meetings_but_not_change_the_status(client, cast, pair):
    login(client, cast, "mentor_a")
    page = client.get(reverse("programs:pair-detail", args=[pair.pk])).content.decode()
    assert "Записать встречу" in page and "Изменить статус" not in page


# --- meetings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", WRITERS)
def test_the_mentor_and_the_schools_editors_log_a_meeting(client, cast, pair, persona):
    login(client, cast, persona)
    url = reverse("programs:meeting-create", args=[pair.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, meeting_data(pair))
    assert response.status_code == 302
    meeting = pair.meetings.get()
    assert meeting.topic == "Разбор олимпиадных задач" and meeting.duration_minutes == 40
    assert set(meeting.attendees.all()) == {cast.mentor_a.person, cast.mentee_a.person}


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_nobody_else_logs_a_meeting(client, cast, pair, persona):
    login(client, cast, persona)
    url = reverse("programs:meeting-create", args=[pair.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, meeting_data(pair)).status_code == 404
    assert not Meeting.objects.exists()


def test_a_mentor_cannot_write_to_another_mentors_pair(client, cast, pair, other_pair_a):
    login(client, cast, "mentor_a")
    assert client.get(reverse("programs:pair-detail", args=[other_pair_a.pk])).status_code == 404
    response = client.post(
        reverse("programs:meeting-create", args=[other_pair_a.pk]), meeting_data(other_pair_a)
    )
    assert response.status_code == 404


def test_a_meeting_in_the_future_is_refused_in_russian(client, cast, pair):
    login(client, cast, "mentor_a")
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("programs:meeting-create", args=[pair.pk]), meeting_data(pair, held_on=tomorrow)
    )
    assert response.status_code == 200
    assert "Дата встречи ещё не наступила" in response.content.decode()
    assert not Meeting.objects.exists()


def test_only_the_pairs_people_can_attend(cast, pair):
    stranger = PersonFactory(last_name="Посторонний")
    with pytest.raises(ValidationError, match="Не из этой пары"):
        services.meeting_log(
            pair=pair, held_on=TODAY, format="online", duration_minutes=30, topic="Тема", attendees=[stranger]
        )


def test_the_mentor_logs_a_meeting_from_the_cabinet_and_goes_back_there(client, cast, pair):
    login(client, cast, "mentor_a")
    cabinet = reverse("programs:cabinet")
    response = client.post(
        reverse("programs:meeting-create", args=[pair.pk]), {**meeting_data(pair), "next": cabinet}
    )
    assert response.status_code == 302 and response.url == cabinet
    assert "Разбор олимпиадных задач" in client.get(cabinet).content.decode()


def test_it_does_not_redirect_elsewhere(client, cast, pair):
    login(client, cast, "mentor_a")
    response = client.post(
        reverse("programs:meeting-create", args=[pair.pk]),
        {**meeting_data(pair), "next": "https://evil.example/"},
    )
    assert response.url == pair.get_absolute_url()


# --- the individual plan ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", WRITERS)
def test_the_mentor_and_editors_keep_the_plan(client, cast, pair, persona):
    login(client, cast, persona)
    response = client.post(
        reverse("programs:plan-item-create", args=[pair.pk]),
        {"title": "Подготовиться к олимпиаде", "due_on": "", "progress": "0"},
    )
    assert response.status_code == 302
    item = pair.plan_items.get()
    response = client.post(
        reverse("programs:plan-item-progress", args=[pair.pk, item.pk]), {"progress": "60"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.progress == 60


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_nobody_else_touches_the_plan(client, cast, pair, persona):
    item = services.plan_item_save(pair=pair, title="Подготовиться к олимпиаде")
    login(client, cast, persona)
    assert (
        client.post(
            reverse("programs:plan-item-create", args=[pair.pk]), {"title": "Чужая цель", "progress": "0"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("programs:plan-item-progress", args=[pair.pk, item.pk]), {"progress": "100"}
        ).status_code
        == 404
    )
    item.refresh_from_db()
    assert item.progress == 0 and pair.plan_items.count() == 1


def test_a_plan_item_of_another_pair_is_not_found(client, cast, pair, other_pair_a):
    foreign = services.plan_item_save(pair=other_pair_a, title="Чужая цель")
    login(client, cast, "mentor_a")
    response = client.post(
        reverse("programs:plan-item-progress", args=[pair.pk, foreign.pk]), {"progress": "100"}
    )
    assert response.status_code == 404


def test_progress_is_a_percentage(pair):
    with pytest.raises(ValidationError):
        services.plan_item_save(pair=pair, title="Цель", progress=150)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanItem.objects.create(pair=pair, title="Цель", progress=150)


# --- status and completion ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_the_schools_editors_pause_and_end_a_pair(client, cast, pair, persona):
    login(client, cast, persona)
    url = reverse("programs:pair-status", args=[pair.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": Status.PAUSED}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == Status.PAUSED


@pytest.mark.parametrize("persona", NOT_MANAGERS)
def test_nobody_else_changes_the_status(client, cast, pair, persona):
    login(client, cast, persona)
    url = reverse("programs:pair-status", args=[pair.pk])
    assert client.post(url, {"status": Status.ENDED_EARLY, "reason": "переезд"}).status_code == 404
    assert (
        client.post(
            reverse("programs:pair-complete", args=[pair.pk]), {"results": "Всё получилось"}
        ).status_code
        == 404
    )
    pair.refresh_from_db()
    assert pair.status == Status.ACTIVE


def test_ending_early_requires_a_reason(client, cast, pair):
    login(client, cast, "curator_a")
    url = reverse("programs:pair-status", args=[pair.pk])
    response = client.post(url, {"status": Status.ENDED_EARLY, "reason": "  "})
    assert response.status_code == 200
    assert "Укажите причину досрочного прекращения" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Status.ACTIVE
    client.post(url, {"status": Status.ENDED_EARLY, "reason": "Наставляемый переехал в другой город"})
    pair.refresh_from_db()
    assert pair.status == Status.ENDED_EARLY and pair.ended_on == TODAY
    assert pair.end_reason == "Наставляемый переехал в другой город"


def test_the_database_refuses_an_early_end_without_a_reason(pair):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.filter(pk=pair.pk).update(status=Status.ENDED_EARLY, end_reason="")


@pytest.mark.parametrize("persona", MANAGERS)
def test_the_schools_editors_complete_a_pair(client, cast, pair, persona):
    login(client, cast, persona)
    response = client.post(
        reverse("programs:pair-complete", args=[pair.pk]),
        {
            "results": "Призёр муниципального этапа олимпиады",
            "mentor_feedback": "Было интересно",
            "mentee_feedback": "Спасибо!",
            "is_case_candidate": "on",
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Status.COMPLETED and pair.is_case_candidate and pair.ended_on == TODAY
    assert "Призёр муниципального этапа" in client.get(pair.get_absolute_url()).content.decode()


def test_a_closed_pair_takes_no_more_writes(cast, pair):
    services.pair_complete(pair=pair, results="Готово")
    with pytest.raises(ValidationError, match="журнал встреч закрыт"):
        services.meeting_log(pair=pair, held_on=TODAY, format="online", duration_minutes=30, topic="Тема")
    with pytest.raises(ValidationError):
        services.pair_status_change(pair=pair, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        services.plan_item_save(pair=pair, title="Новая цель")


def test_completion_needs_results(pair):
    with pytest.raises(ValidationError, match="Опишите результаты"):
        services.pair_complete(pair=pair, results=" ")


# --- forming pairs ------------------------------------------------------------------------------


EDITORS = ["coordinator", "regional_admin", "curator_a", "head_a"]
NOT_EDITORS = ["responsible_a", "curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]


def pair_create_data(cast, form, **extra):
    return {
        "mentor": cast.mentor_a.person.pk,
        "mentees": [cast.mentee_a.person.pk],
        "form": form.pk,
        "variant": "успевающий – неуспевающий",
        "started_on": STARTED.isoformat(),
        "order_number": "112-о",
        "order_date": STARTED.isoformat(),
        **extra,
    }


@pytest.mark.parametrize("persona", EDITORS)
def test_the_schools_editors_form_a_pair_from_the_bases(client, cast, program, form, minor, persona):
    consent_for(cast, minor)
    login(client, cast, persona)
    url = reverse("programs:pair-create", args=[program.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, pair_create_data(cast, form))
    pair = Pair.objects.get()
    assert response.status_code == 302 and response.url == pair.get_absolute_url()
    assert pair.order_number == "112-о" and pair.variant == "успевающий – неуспевающий"
    assert list(pair.mentees.all()) == [minor]


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_nobody_else_forms_pairs(client, cast, program, form, minor, persona):
    consent_for(cast, minor)
    login(client, cast, persona)
    url = reverse("programs:pair-create", args=[program.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, pair_create_data(cast, form)).status_code == 404
    assert not Pair.objects.exists()


def test_the_form_shows_why_the_law_refuses_a_pair(client, cast, program, form, minor):
    login(client, cast, "curator_a")
    response = client.post(reverse("programs:pair-create", args=[program.pk]), pair_create_data(cast, form))
    assert response.status_code == 200
    assert "нет действующего согласия законного представителя" in response.content.decode()
    assert not Pair.objects.exists()


def test_only_people_of_this_programs_bases_can_be_chosen(client, cast, program, form, minor):
    consent_for(cast, minor)
    other_program = program_for(cast.school_a, title="Другая программа")
    outsider_child = PersonFactory()
    ProgramParticipant.objects.create(program=other_program, person=outsider_child, role=Role.MENTEE)
    login(client, cast, "curator_a")
    url = reverse("programs:pair-create", args=[program.pk])
    response = client.post(url, pair_create_data(cast, form, mentees=[outsider_child.pk]))
    assert response.status_code == 200 and not Pair.objects.exists()
    # The mentee base is not the mentor base: a mentee is not offered as a mentor.
    response = client.post(url, pair_create_data(cast, form, mentor=minor.pk))
    assert response.status_code == 200 and not Pair.objects.exists()


def test_the_program_page_lists_its_pairs(client, cast, program, pair):
    login(client, cast, "curator_a")
    page = client.get(reverse("programs:program-detail", args=[program.pk])).content.decode()
    assert pair.get_absolute_url() in page and "Сформировать пару или группу" in page


# --- the personal cabinet -----------------------------------------------------------------------


def test_the_mentor_sees_their_pairs_with_the_forms(client, cast, pair, other_pair_a):
    services.plan_item_save(pair=pair, title="Подготовиться к олимпиаде")
    login(client, cast, "mentor_a")
    page = client.get(reverse("programs:cabinet")).content.decode()
    assert "Я — наставник" in page and cast.mentee_a.person.full_name in page
    assert "Записать встречу" in page and 'name="progress"' in page
    assert "Чужой" not in page


def test_the_mentee_sees_the_mentor_plan_and_meetings_read_only(client, cast, pair):
    services.plan_item_save(pair=pair, title="Подготовиться к олимпиаде", progress=30)
    services.meeting_log(
        pair=pair, held_on=TODAY, format="in_person", duration_minutes=45, topic="Знакомство"
    )
    login(client, cast, "mentee_a")
    page = client.get(reverse("programs:cabinet")).content.decode()
    assert "Мой наставник" in page and cast.mentor_a.person.full_name in page
    assert "Подготовиться к олимпиаде" in page and "Знакомство" in page
    assert "Записать встречу" not in page and 'name="progress"' not in page


def test_the_parent_sees_only_their_childs_pair(client, cast, pair, other_pair_a):
    login(client, cast, "parent_a")
    page = client.get(reverse("programs:cabinet")).content.decode()
    assert "Наставничество моего ребёнка" in page and cast.mentor_a.person.full_name in page
    assert "Чужой" not in page and "Записать встречу" not in page
    assert client.get(reverse("programs:pair-detail", args=[other_pair_a.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["curator_b", "outsider", "expert", "coordinator"])
def test_people_outside_the_pair_have_an_empty_cabinet(client, cast, pair, persona):
    login(client, cast, persona)
    page = client.get(reverse("programs:cabinet")).content.decode()
    assert "ни в одной паре" in page and cast.mentee_a.person.full_name not in page


def _grow(pair, cast, n):
    for i in range(n):
        services.plan_item_save(pair=pair, title=f"Цель {i}")
        services.meeting_log(
            pair=pair,
            held_on=TODAY,
            format="online",
            duration_minutes=30,
            topic=f"Встреча {i}",
            attendees=[pair.mentor],
        )
        child = PersonFactory()
        LegalRepresentation.objects.create(child=child, representative=cast.parent_a.person)
        extra = Pair.objects.create(
            program=pair.program, form=pair.form, mentor=cast.mentor_a.person, started_on=STARTED
        )
        extra.mentees.set([child])


@pytest.mark.parametrize("persona", ["mentor_a", "parent_a", "mentee_a"])
def test_the_cabinet_takes_a_constant_number_of_queries(
    client, cast, pair, persona, django_assert_num_queries
):
    login(client, cast, persona)
    url = reverse("programs:cabinet")
    _grow(pair, cast, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(pair, cast, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("persona", ["mentor_a", "curator_a"])
def test_the_pair_page_takes_a_constant_number_of_queries(
    client, cast, pair, persona, django_assert_num_queries
):
    login(client, cast, persona)
    url = reverse("programs:pair-detail", args=[pair.pk])
    _grow(pair, cast, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(pair, cast, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
