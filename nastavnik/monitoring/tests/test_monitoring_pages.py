"""Stage 1 and stage 2 on the program and municipal pages, on a hand-computed data set."""

import datetime

import pytest
from django.urls import reverse

from nastavnik.core.models import AuditEvent
from nastavnik.monitoring import analysis
from nastavnik.monitoring.models import Survey
from nastavnik.monitoring.tests.helpers import Kind, program_in, questionnaire_with, respond, survey_of
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import Meeting, MentoringForm, Pair

ITEMS = [("motivation", Kind.SCALE, False), ("confidence", Kind.SCALE, False), ("happy", Kind.SCALE, True)]


def pair(program, status=Pair.Status.ACTIVE, meetings=0, form=None):
    form = form or MentoringForm.objects.get(name="ученик – ученик")
    made = Pair.objects.create(
        program=program,
        form=form,
        mentor=PersonFactory(),
        started_on=datetime.date(2020, 10, 1),
        status=status,
        end_reason="переезд" if status == Pair.Status.ENDED_EARLY else "",
    )
    for day in range(meetings):
        Meeting.objects.create(
            pair=made, held_on=datetime.date(2020, 11, 1 + day), duration_minutes=45, topic="Встреча"
        )
    return made


@pytest.fixture
def data(cast):
    """School A: 4 pairs (2 completed, 1 ended early), 6 meetings; three pupils answered at entry and at
    completion: motivation 3→7, 5→6, 6→5 (deltas +4, +1, −1), confidence 4→4 for one of them; satisfaction
    10 and 4 → (100 + 33.3) / 2. An anonymous completion survey adds a 1 that no one can be matched to."""
    program = program_in(cast.school_a)
    for status, meetings in (
        (Pair.Status.COMPLETED, 3),
        (Pair.Status.COMPLETED, 2),
        (Pair.Status.ENDED_EARLY, 1),
        (Pair.Status.ACTIVE, 0),
    ):
        pair(program, status, meetings)
    version = questionnaire_with(ITEMS)
    entry = survey_of(program, version, stage=Survey.Stage.ENTRY)
    completion = survey_of(program, version, stage=Survey.Stage.COMPLETION)
    anonymous = survey_of(program, version, stage=Survey.Stage.COMPLETION, anonymous=True)
    people = [PersonFactory(last_name=name) for name in ("Ярцев", "Зуев", "Щукин")]
    for person, before, after in zip(people, (3, 5, 6), (7, 6, 5), strict=True):
        respond(entry, person, {"motivation": before})
        respond(completion, person, {"motivation": after})
    return {
        "program": program,
        "people": people,
        "entry": entry,
        "completion": completion,
        "anonymous": anonymous,
        "version": version,
    }


@pytest.fixture
def full(data):
    from nastavnik.monitoring.models import Answer, Question

    confidence = Question.objects.get(section__version=data["version"], key="confidence")
    happy = Question.objects.get(section__version=data["version"], key="happy")
    first_entry = data["entry"].responses.get(person=data["people"][0])
    first_completion = data["completion"].responses.get(person=data["people"][0])
    Answer.objects.create(response=first_entry, question=confidence, value=4)
    Answer.objects.create(response=first_completion, question=confidence, value=4)
    Answer.objects.create(response=first_completion, question=happy, value=10)
    Answer.objects.create(
        response=data["completion"].responses.get(person=data["people"][1]), question=happy, value=4
    )
    anonymous_response = respond(data["anonymous"], None, {"motivation": 1})
    assert anonymous_response.person is None
    return data


def test_program_monitoring_on_known_data(full):
    result = analysis.program_monitoring(full["program"], with_people=True)
    process = result.process
    assert (process.pairs, process.completed, process.ended_early, process.meetings) == (4, 2, 1, 6)
    assert process.completed_share == 50 and process.meetings_per_pair == 1.5
    assert process.satisfaction == pytest.approx((100 + 100 / 3) / 2)
    by_key = {item.key: item for item in result.growth_items}
    motivation = by_key["motivation"]
    assert motivation.n == 3  # the anonymous answer is not matched to anyone
    assert motivation.mean_delta == pytest.approx(4 / 3)
    assert motivation.stdev_delta == pytest.approx((114 / 18) ** 0.5)
    assert by_key["confidence"].n == 1 and by_key["confidence"].mean_delta == 0
    assert result.growth_overall.n == 4 and result.growth_overall.mean_delta == pytest.approx(1)
    assert result.has_anonymous_stage_surveys
    assert {person.last_name for person in result.people.values()} == {"Ярцев", "Зуев", "Щукин"}


def test_the_program_page_shows_growth_and_says_anonymous_surveys_cannot_compare(client, cast, full):
    client.force_login(cast.curator_a)
    html = client.get(reverse("monitoring:program-monitoring", args=[full["program"].pk])).content.decode()
    assert "+1,33" in html or "+1.33" in html
    assert "Анонимные опросы в сравнении «до» и «после» не участвуют" in html
    assert "Ярцев" in html  # the curator sees each participant's change
    assert AuditEvent.objects.filter(user=cast.curator_a, description="рост участников по анкетам").exists()
    client.force_login(cast.coordinator)
    html = client.get(reverse("monitoring:program-monitoring", args=[full["program"].pk])).content.decode()
    assert "Ярцев" not in html and ("+1,33" in html or "+1.33" in html)


def test_the_swot_answers_appear_on_the_program_page(client, cast, data):
    version = questionnaire_with(
        [("swot-strengths", Kind.LONG_TEXT, False), ("swot-threats", Kind.LONG_TEXT, False)], purpose="swot"
    )
    swot = survey_of(
        data["program"], version, stage=Survey.Stage.COMPLETION, recipients=Survey.Recipients.CURATORS
    )
    respond(
        swot,
        cast.curator_a.person,
        {"swot-strengths": "Сильная команда наставников", "swot-threats": "Нагрузка педагогов"},
    )
    result = analysis.program_monitoring(data["program"])
    assert [part["texts"] for part in result.swot] == [
        ["Сильная команда наставников"],
        [],
        [],
        ["Нагрузка педагогов"],
    ]
    client.force_login(cast.head_a)
    assert (
        "Сильная команда наставников"
        in client.get(reverse("monitoring:program-monitoring", args=[data["program"].pk])).content.decode()
    )


def test_the_municipal_monitoring_aggregates_per_organisation_and_form(cast, full):
    result = analysis.municipal_monitoring(cast.coordinator)
    rows = {row.organization: row for row in result.rows}
    assert rows["Школа А"].process.completed_share == 50
    assert rows["Школа А"].process.satisfaction == pytest.approx((100 + 100 / 3) / 2)
    assert rows["Школа А"].growth.n == 4
    assert rows["Школа Б"].process.pairs == 0 and rows["Школа Б"].growth is None
    assert "Школа В" not in rows  # another municipality
    assert result.totals.pairs == 4 and result.growth_overall.mean_delta == pytest.approx(1)
    filtered = analysis.municipal_monitoring(cast.coordinator, organization_id=cast.school_b.pk)
    assert [row.organization for row in filtered.rows] == ["Школа Б"] and filtered.growth_overall is None
    assert analysis.municipal_monitoring(cast.coordinator, academic_year="2030/2031").totals.pairs == 0


@pytest.mark.parametrize("persona", ["curator_a", "head_a", "mentor_a", "outsider", "expert"])
def test_the_municipal_page_is_for_the_district_only(client, cast, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("monitoring:municipal-monitoring")).status_code == 404


def test_the_municipal_page_costs_the_same_for_more_organisations(
    client, cast, full, django_assert_num_queries
):
    client.force_login(cast.coordinator)
    path = reverse("monitoring:municipal-monitoring") + "?academic_year=2020%2F2021"
    page = client.get(path)
    assert page.status_code == 200 and "Школа А" in page.content.decode()
    before = len(_queries(client, path))
    for index in range(4):
        school = OrganizationFactory(municipality=cast.municipality)
        program = program_in(school, title=f"П{index}")
        pair(program, Pair.Status.COMPLETED, 2)
        survey = survey_of(program, full["version"], stage=Survey.Stage.COMPLETION)
        respond(survey, PersonFactory(), {"happy": 7})
    assert len(_queries(client, path)) == before


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return context.captured_queries


def test_the_program_page_costs_the_same_for_more_answers(client, cast, full):
    client.force_login(cast.curator_a)
    path = reverse("monitoring:program-monitoring", args=[full["program"].pk])
    before = len(_queries(client, path))
    for _index in range(5):
        person = PersonFactory()
        respond(full["entry"], person, {"motivation": 2})
        respond(full["completion"], person, {"motivation": 9, "happy": 8})
        pair(full["program"], Pair.Status.COMPLETED, 1)
    assert len(_queries(client, path)) == before


def test_the_region_sees_each_municipality(client, cast, full):
    elsewhere = program_in(cast.school_elsewhere)
    pair(elsewhere, Pair.Status.COMPLETED, 4)
    survey = survey_of(elsewhere, full["version"], stage=Survey.Stage.COMPLETION)
    respond(survey, PersonFactory(), {"happy": 1})
    result = analysis.municipal_monitoring(cast.regional_admin)
    by_name = {row.municipality: row for row in result.by_municipality}
    assert set(by_name) == {"Чемальский район", "Майминский район"}
    assert by_name["Майминский район"].process.completed_share == 100
    assert by_name["Майминский район"].process.satisfaction == 0
    assert by_name["Чемальский район"].process.pairs == 4
    assert by_name["Чемальский район"].growth.n == 4 and by_name["Майминский район"].growth is None
    client.force_login(cast.regional_admin)
    assert (
        "Показатели по муниципалитетам"
        in client.get(reverse("monitoring:municipal-monitoring")).content.decode()
    )
    client.force_login(cast.coordinator)
    assert [row.municipality for row in analysis.municipal_monitoring(cast.coordinator).by_municipality] == [
        "Чемальский район"
    ]


def test_an_item_is_named_by_the_wording_it_was_answered_to(client, cast, full):
    from nastavnik.monitoring.models import Question

    # The program's questionnaire uses a built-in key with its own wording; other questionnaires (the
    # built-in one, another municipality's copy, made before or after) word it differently.
    Question.objects.filter(section__version=full["version"], key="motivation").update(
        key="mentee-motivation"
    )
    elsewhere = questionnaire_with(
        [("mentee-motivation", Kind.SCALE, False)], municipality=cast.other_municipality
    )
    Question.objects.filter(section__version=elsewhere).update(text="Чужая формулировка")
    assert Question.objects.filter(key="mentee-motivation", text="Насколько вам интересно учиться?").exists()
    result = analysis.program_monitoring(full["program"])
    assert result.growth.labels["mentee-motivation"] == "Вопрос motivation"
    client.force_login(cast.curator_a)
    html = client.get(reverse("monitoring:program-monitoring", args=[full["program"].pk])).content.decode()
    assert "Вопрос motivation" in html
    assert "Чужая формулировка" not in html and "Насколько вам интересно учиться?" not in html


def test_a_small_anonymous_survey_stays_out_of_the_programs_satisfaction(full):
    named = (100 + 100 / 3) / 2
    anonymous = full["anonymous"]
    respond(anonymous, None, {"happy": 1})
    assert analysis.program_monitoring(full["program"]).process.satisfaction == pytest.approx(named)
    respond(anonymous, None, {"happy": 1})  # the third answer: the survey's own page shows it now
    assert analysis.program_monitoring(full["program"]).process.satisfaction == pytest.approx(
        (100 + 100 / 3 + 0 + 0) / 4
    )
