"""The pair form at any base size: a search narrows the people offered, at most a page of each base is
shown with a note, busy people are marked or left out, and a choice is still checked against the whole
base."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.programs import selectors, services
from nastavnik.programs.models import MentoringForm, Pair, ProgramParticipant
from nastavnik.programs.tests.factories import program_for

Role = ProgramParticipant.Role
TODAY = timezone.localdate()
ADULT = datetime.date(1990, 3, 1)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a, title="Программа Школы А")


@pytest.fixture
def form():
    return MentoringForm.objects.get(name="учитель – ученик")


@pytest.fixture
def small_page(monkeypatch):
    monkeypatch.setattr(selectors, "PAIR_CHOICES_LIMIT", 3)


def add(program, role, last_name, first_name="Иван", **fields):
    row, _ = services.participant_create(
        program=program, role=role, last_name=last_name, first_name=first_name, birth_date=ADULT, **fields
    )
    return row.person


def url_of(program, **query):
    url = reverse("programs:pair-create", args=[program.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def offered(response, name):
    return [label for value, label in response.context["form"].fields[name].widget.choices if value != ""]


def test_it_finds_people_by_any_part_of_the_name_whatever_the_case(client, cast, program):
    add(program, Role.MENTOR, "Иванова", "Мария", patronymic="Петровна")
    add(program, Role.MENTOR, "Сидоров", "Пётр")
    add(program, Role.MENTEE, "Королёв", "Артём")
    add(program, Role.MENTEE, "Смирнов", "Олег")
    client.force_login(cast.curator_a)
    for text in ("иванова", "ИВАНОВА", "мария петр", "Петровна"):
        response = client.get(reverse("programs:pair-create", args=[program.pk]), {"mentor_q": text})
        assert offered(response, "mentor") == ["Иванова Мария Петровна"], text
    for text in ("королев", "КОРОЛЁВ", "артем"):
        response = client.get(reverse("programs:pair-create", args=[program.pk]), {"mentee_q": text})
        assert offered(response, "mentees") == ["Королёв Артём"], text
    page = response.content.decode()
    assert "Найдено наставников: 2, наставляемых: 1." in page
    assert 'aria-label="Поиск людей для пары"' in page and 'for="id_mentee_q"' in page


def test_it_shows_only_the_first_page_of_a_big_base_and_says_so(client, cast, program, small_page):
    for n in range(5):
        add(program, Role.MENTEE, f"Ученик{n}")
    add(program, Role.MENTOR, "Наставникова")
    client.force_login(cast.curator_a)
    response = client.get(url_of(program))
    assert offered(response, "mentees") == [f"Ученик{n} Иван" for n in range(3)]
    page = response.content.decode()
    assert "Показаны первые 3 из 5 — уточните поиск." in page
    assert "Показаны первые 3 из каждой базы — уточните поиск." in page
    narrowed = client.get(reverse("programs:pair-create", args=[program.pk]), {"mentee_q": "ученик4"})
    assert offered(narrowed, "mentees") == ["Ученик4 Иван"]
    assert "уточните поиск" not in narrowed.content.decode()


def test_a_choice_outside_the_page_is_accepted_and_outside_the_base_refused(
    client, cast, program, form, small_page
):
    mentees = [add(program, Role.MENTEE, f"Ученик{n}") for n in range(5)]
    mentor = add(program, Role.MENTOR, "Наставникова")
    stranger = PersonFactory(birth_date=ADULT)
    client.force_login(cast.curator_a)
    data = {"mentor": mentor.pk, "form": form.pk, "started_on": TODAY.isoformat()}
    refused = client.post(url_of(program), {**data, "mentees": [stranger.pk]})
    assert refused.status_code == 200 and not Pair.objects.exists()
    # Sent back with an error, the form keeps the chosen person on offer though the search hides them.
    kept = client.post(url_of(program, mentee_q="ученик0"), {**data, "mentees": [mentees[4].pk], "form": ""})
    assert kept.status_code == 200 and "Ученик4 Иван" in offered(kept, "mentees")
    response = client.post(url_of(program), {**data, "mentees": [mentees[4].pk]})
    pair = Pair.objects.get()
    assert response.status_code == 302 and list(pair.mentees.all()) == [mentees[4]]


def test_busy_people_are_marked_and_only_free_ones_can_be_asked_for(client, cast, program, form):
    full = add(program, Role.MENTOR, "Занятова", capacity=1)
    free = add(program, Role.MENTOR, "Свободнова", capacity=2)
    taken = add(program, Role.MENTEE, "Впаре")
    waiting = add(program, Role.MENTEE, "Безпары")
    services.pair_create(program=program, form=form, mentor=full, mentees=[taken], started_on=TODAY)
    client.force_login(cast.curator_a)
    response = client.get(url_of(program))
    assert offered(response, "mentor") == [
        "Занятова Иван — мест нет (ведёт 1 из 1)",
        free.full_name,
    ]
    assert offered(response, "mentees") == [waiting.full_name, "Впаре Иван — уже в паре"]
    only_free = client.get(url_of(program, free="on"))
    assert offered(only_free, "mentor") == [free.full_name]
    assert offered(only_free, "mentees") == [waiting.full_name]


@pytest.mark.parametrize("query", [{}, {"mentee_q": "ученик", "free": "on"}])
def test_the_page_takes_the_same_number_of_queries_at_two_base_sizes(
    client, cast, program, form, small_page, query, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            k = Pair.objects.count()
            mentor = add(program, Role.MENTOR, f"Наставников{k}", capacity=1)
            mentee = add(program, Role.MENTEE, f"Учеников{k}")
            services.pair_create(
                program=program, form=form, mentor=mentor, mentees=[mentee], started_on=TODAY
            )
            add(program, Role.MENTEE, f"Ученикова{k}")

    client.force_login(cast.curator_a)
    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url_of(program, **query)).status_code == 200
    grow(6)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url_of(program, **query))
    assert response.status_code == 200 and len(offered(response, "mentees")) == 3
