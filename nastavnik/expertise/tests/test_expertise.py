import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from nastavnik.core.models import AuditEvent
from nastavnik.expertise import selectors, services
from nastavnik.expertise.models import Assignment, Criterion, ExpertiseRound, PublicationMark
from nastavnik.organizations.factories import RoleAssignmentFactory
from nastavnik.organizations.models import RoleAssignment
from nastavnik.people.factories import UserFactory

Role = RoleAssignment.Role


def make_expert(username, **scope):
    user = UserFactory(username=username)
    RoleAssignmentFactory(person=user.person, role=Role.EXPERT, **scope)
    return user


def score_all(assignment, values, submit=True, comment=""):
    criteria = selectors.criteria_of(assignment.round)
    return services.assignment_score_save(
        assignment=assignment,
        values=dict(zip([c.pk for c in criteria], values, strict=True)),
        comments={},
        comment=comment,
        submit=submit,
    )


# --- Rounds and rubric ----------------------------------------------------------------------------------


def test_the_coordinator_creates_a_round_with_the_default_rubric(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        "/expertise/new/",
        {
            "title": "Экспертиза",
            "scope": f"m{cast.municipality.pk}",
            "academic_year": "2020/2021",
            "deadline": "2031-05-31",
        },
    )
    expertise_round = ExpertiseRound.objects.get()
    assert response["Location"] == f"/expertise/{expertise_round.pk}/"
    assert expertise_round.municipality == cast.municipality
    assert Criterion.objects.filter(round=expertise_round).count() == len(services.DEFAULT_RUBRIC)


def test_a_coordinator_may_not_create_a_regional_round_or_one_elsewhere(client, cast):
    client.force_login(cast.coordinator)
    for scope in (f"r{cast.municipality.region_id}", f"m{cast.other_municipality.pk}"):
        response = client.post(
            "/expertise/new/",
            {"title": "Э", "scope": scope, "academic_year": "2020/2021", "deadline": "2031-05-31"},
        )
        assert response.status_code == 200
    assert not ExpertiseRound.objects.exists()


def test_the_regional_admin_creates_a_regional_round(client, cast):
    client.force_login(cast.regional_admin)
    client.post(
        "/expertise/new/",
        {
            "title": "Региональная",
            "scope": f"r{cast.municipality.region_id}",
            "academic_year": "2020/2021",
            "deadline": "2031-05-31",
        },
    )
    expertise_round = ExpertiseRound.objects.get()
    assert expertise_round.municipality is None and expertise_round.region == cast.municipality.region


@pytest.mark.parametrize("persona", ["curator_a", "head_a", "mentor_a", "expert", "outsider"])
def test_others_may_not_create_or_manage_rounds(client, cast, expertise, persona):
    client.force_login(cast.users()[persona])
    pk = expertise["round"].pk
    assert client.get("/expertise/new/").status_code == 404
    for url in (
        f"/expertise/{pk}/",
        f"/expertise/{pk}/criteria/",
        f"/expertise/{pk}/results/",
        f"/expertise/{pk}/results.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/expertise/{pk}/assignments/",
        {"expert": cast.expert.person.pk, "program": expertise["program_b"].pk},
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_a_coordinator_of_another_municipality_does_not_see_the_round(client, cast, expertise):
    other = UserFactory(username="other_coordinator")
    RoleAssignmentFactory(
        person=other.person, role=Role.MUNICIPAL_COORDINATOR, municipality=cast.other_municipality
    )
    client.force_login(other)
    assert client.get(f"/expertise/{expertise['round'].pk}/").status_code == 404


def test_the_rubric_is_editable_until_an_expert_submits(client, cast, expertise):
    expertise_round = expertise["round"]
    client.force_login(cast.coordinator)
    criteria = selectors.criteria_of(expertise_round)
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(criteria):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-title": criterion.title,
                f"criteria-{index}-description": criterion.description,
                f"criteria-{index}-weight": 3 if index == 0 else criterion.weight,
                f"criteria-{index}-max_score": criterion.max_score,
                f"criteria-{index}-position": criterion.position,
            }
        )
    data[f"criteria-{len(criteria) - 1}-DELETE"] = "on"
    last = len(criteria)
    data.update(
        {
            f"criteria-{last}-title": "Новый критерий",
            f"criteria-{last}-description": "",
            f"criteria-{last}-weight": "1",
            f"criteria-{last}-max_score": "10",
            f"criteria-{last}-position": "99",
        }
    )
    assert client.post(f"/expertise/{expertise_round.pk}/criteria/", data).status_code == 302
    titles = [c.title for c in selectors.criteria_of(expertise_round)]
    assert titles[-1] == "Новый критерий" and criteria[-1].title not in titles
    assert selectors.criteria_of(expertise_round)[0].weight == 3

    assignment = services.assignment_create(
        expertise_round=expertise_round, expert=cast.expert.person, program=expertise["program_b"]
    )
    score_all(assignment, [1] * len(titles))
    response = client.post(f"/expertise/{expertise_round.pk}/criteria/", data)
    assert response.status_code == 400
    assert "уже отправили оценки" in response.content.decode()


def test_a_weight_outside_its_range_is_refused_in_russian(client, cast, expertise):
    expertise_round = expertise["round"]
    client.force_login(cast.coordinator)
    criterion = selectors.criteria_of(expertise_round)[0]
    data = {
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "1",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-id": criterion.pk,
        "criteria-0-title": criterion.title,
        "criteria-0-weight": "0",
        "criteria-0-max_score": "5",
        "criteria-0-position": "1",
    }
    response = client.post(f"/expertise/{expertise_round.pk}/criteria/", data)
    assert "Вес — целое число от 1 до 100." in response.content.decode()


# --- Experts and assignments ----------------------------------------------------------------------------


def test_only_people_with_the_expert_role_may_be_appointed(cast, expertise):
    with pytest.raises(ValidationError, match="не имеет роли эксперта"):
        services.expert_appoint(expertise_round=expertise["round"], person=cast.curator_a.person)
    elsewhere = make_expert("expert_elsewhere", municipality=cast.other_municipality)
    with pytest.raises(ValidationError):
        services.expert_appoint(expertise_round=expertise["round"], person=elsewhere.person)
    regional = make_expert("expert_regional", region=cast.municipality.region)
    services.expert_appoint(expertise_round=expertise["round"], person=regional.person)


def test_the_coordinator_assigns_a_program_to_an_expert(client, cast, expertise):
    client.force_login(cast.coordinator)
    pk = expertise["round"].pk
    response = client.post(
        f"/expertise/{pk}/assignments/",
        {"expert": cast.expert.person.pk, "program": expertise["program_b"].pk},
    )
    assert response.status_code == 302
    assert Assignment.objects.get().program == expertise["program_b"]


def test_an_expert_is_never_given_a_program_of_their_own_organisation(client, cast, expertise):
    # The expert also works in school A.
    RoleAssignmentFactory(person=cast.expert.person, role=Role.WORKING_GROUP, organization=cast.school_a)
    client.force_login(cast.coordinator)
    response = client.post(
        f"/expertise/{expertise['round'].pk}/assignments/",
        {"expert": cast.expert.person.pk, "program": expertise["program_a"].pk},
    )
    assert response.status_code == 400
    assert "не может оценивать программу своей организации «Школа А»" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_mentor_of_a_program_counts_as_its_organisation(cast, expertise):
    from nastavnik.programs.models import ProgramParticipant

    ProgramParticipant.objects.create(
        program=expertise["program_b"], person=cast.expert.person, role=ProgramParticipant.Role.MENTOR
    )
    with pytest.raises(ValidationError, match="своей организации"):
        services.assignment_create(
            expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
        )


def test_a_program_outside_the_round_cannot_be_assigned(cast, expertise):
    with pytest.raises(ValidationError, match="не относится к этой экспертизе"):
        services.assignment_create(
            expertise_round=expertise["round"],
            expert=cast.expert.person,
            program=expertise["program_elsewhere"],
        )


# --- Scoring --------------------------------------------------------------------------------------------


def test_an_expert_sees_only_the_programs_assigned_to_them(client, cast, expertise):
    other_expert = make_expert("expert_2", municipality=cast.municipality)
    services.expert_appoint(expertise_round=expertise["round"], person=other_expert.person)
    mine = services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    theirs = services.assignment_create(
        expertise_round=expertise["round"], expert=other_expert.person, program=expertise["program_a"]
    )
    client.force_login(cast.expert)
    page = client.get("/expertise/").content.decode()
    assert "Программа Б" in page and "Программа А" not in page
    assert client.get(f"/expertise/assignments/{mine.pk}/").status_code == 200
    assert client.get(f"/expertise/assignments/{theirs.pk}/").status_code == 404
    assert client.post(f"/expertise/assignments/{theirs.pk}/", {"action": "submit"}).status_code == 404
    # Nor may the expert open the program itself or the results.
    assert client.get(f"/programs/{expertise['program_b'].pk}/").status_code == 404
    assert client.get(f"/expertise/{expertise['round'].pk}/results/").status_code == 404


def test_the_expert_saves_a_draft_then_submits(client, cast, expertise):
    assignment = services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    criteria = selectors.criteria_of(expertise["round"])
    client.force_login(cast.expert)
    url = f"/expertise/assignments/{assignment.pk}/"
    draft = {
        f"score_{criteria[0].pk}": "4",
        f"comment_{criteria[0].pk}": "Хорошо обосновано",
        "comment": "",
        "action": "draft",
    }
    assert client.post(url, draft).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "draft"
    assert 'value="4"' in client.get(url).content.decode()

    incomplete = {**draft, "action": "submit"}
    response = client.post(url, incomplete)
    assert response.status_code == 400
    assert f"Поставьте балл по критерию «{criteria[1].title}»" in response.content.decode()

    too_high = {**draft, f"score_{criteria[1].pk}": "6", "action": "draft"}
    assert "от 0 до 5" in client.post(url, too_high).content.decode()

    full = {f"score_{c.pk}": "3" for c in criteria} | {"comment": "Сильная программа", "action": "submit"}
    assert client.post(url, full).status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "submitted" and assignment.comment == "Сильная программа"
    # Submitted scores are final.
    client.post(url, {f"score_{c.pk}": "0" for c in criteria} | {"action": "submit"})
    assert {s.value for s in assignment.scores.all()} == {3}


def test_scores_are_refused_after_the_deadline(cast, expertise):
    assignment = services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    with pytest.raises(ValidationError, match="Срок экспертизы истёк"):
        services.assignment_score_save(
            assignment=assignment,
            values={},
            comments={},
            comment="",
            submit=False,
            today=expertise["round"].deadline + datetime.timedelta(days=1),
        )


# --- Results --------------------------------------------------------------------------------------------


@pytest.fixture
def scored(cast, expertise):
    """Two experts score program B, one scores program A, a draft for A is ignored.

    The rubric weighs 2,2,1,2,2,1,1 (11 in all), each criterion 0–5, so the maximum is 55:
    expert 1 on B: all 5 → 100 %; expert 2 on B: all 3 → 33/55 = 60 %; B = (100 + 60) / 2 = 80 %.
    Expert 2 on A: 2,4,4,4,4,4,4 → 4+8+4+8+8+4+4 = 40/55 = 72.7 %; expert 3's draft on A is not counted.
    """
    expertise_round = expertise["round"]
    second = make_expert("expert_2", municipality=cast.municipality)
    third = make_expert("expert_3", municipality=cast.municipality)
    for user in (second, third):
        services.expert_appoint(expertise_round=expertise_round, person=user.person)
    b1 = services.assignment_create(
        expertise_round=expertise_round, expert=cast.expert.person, program=expertise["program_b"]
    )
    b2 = services.assignment_create(
        expertise_round=expertise_round, expert=second.person, program=expertise["program_b"]
    )
    a2 = services.assignment_create(
        expertise_round=expertise_round, expert=second.person, program=expertise["program_a"]
    )
    a3 = services.assignment_create(
        expertise_round=expertise_round, expert=third.person, program=expertise["program_a"]
    )
    score_all(b1, [5] * 7, comment="Образцовая программа")
    score_all(b2, [3] * 7)
    score_all(a2, [2, 4, 4, 4, 4, 4, 4])
    score_all(a3, [0] * 7, submit=False)  # a draft does not count
    return expertise_round


def test_scores_aggregate_into_a_ranking(cast, expertise, scored, django_assert_num_queries):
    with django_assert_num_queries(4):
        results = selectors.round_results(scored)
    ranking = [(r.place, r.program.title, r.score, len(r.experts), r.assigned) for r in results.programs]
    assert ranking == [(1, "Программа Б", 80.0, 2, 2), (2, "Программа А", 72.7, 1, 2)]
    assert results.programs[0].criterion_means[0] == 4.0
    assert [e.comment for e in results.programs[0].experts] == ["Образцовая программа", ""]


def test_the_results_export_opens_in_openpyxl(client, cast, scored):
    client.force_login(cast.coordinator)
    response = client.get(f"/expertise/{scored.pk}/results.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Рейтинг"].iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[1], row[3], row[4], row[5]) for row in rows] == [
        (1, "Программа Б", 80.0, 2, 2),
        (2, "Программа А", 72.7, 1, 2),
    ]
    comments = [
        row
        for row in workbook["Оценки экспертов"].iter_rows(values_only=True)
        if row[5] == "Образцовая программа"
    ]
    assert comments and comments[0][4] == 100.0
    assert AuditEvent.objects.filter(user=cast.coordinator, action="export").exists()


def test_the_results_page_shows_the_ranking_and_comments(client, cast, scored):
    client.force_login(cast.coordinator)
    page = client.get(f"/expertise/{scored.pk}/results/").content.decode()
    assert page.index("Программа Б") < page.index("Программа А")
    assert "80,0" in page and "Образцовая программа" in page


def test_the_best_programs_are_marked_for_publication(client, cast, expertise, scored):
    program = expertise["program_b"]
    client.force_login(cast.coordinator)
    client.post(f"/expertise/{scored.pk}/programs/{program.pk}/publication/", {"publish": "1"})
    assert list(selectors.programs_marked_for_publication()) == [program]
    client.post(f"/expertise/{scored.pk}/programs/{program.pk}/publication/", {"publish": "0"})
    assert not PublicationMark.objects.exists()


def test_only_the_organiser_marks_for_publication(client, cast, expertise, scored):
    for persona in ("expert", "curator_b", "outsider"):
        client.force_login(cast.users()[persona])
        response = client.post(
            f"/expertise/{scored.pk}/programs/{expertise['program_b'].pk}/publication/", {"publish": "1"}
        )
        assert response.status_code == 404
    assert not PublicationMark.objects.exists()


def test_the_round_page_costs_the_same_for_more_assignments(client, cast, expertise):
    client.force_login(cast.coordinator)

    with CaptureQueriesContext(connection) as few:
        client.get(f"/expertise/{expertise['round'].pk}/")
    services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    other = make_expert("expert_2", municipality=cast.municipality)
    services.expert_appoint(expertise_round=expertise["round"], person=other.person)
    services.assignment_create(
        expertise_round=expertise["round"], expert=other.person, program=expertise["program_a"]
    )
    with CaptureQueriesContext(connection) as more:
        client.get(f"/expertise/{expertise['round'].pk}/")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_unscored_program_cannot_be_recommended(client, cast, expertise):
    services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    client.force_login(cast.coordinator)
    response = client.post(
        f"/expertise/{expertise['round'].pk}/programs/{expertise['program_b'].pk}/publication/",
        {"publish": "1"},
        follow=True,
    )
    assert "рекомендовать её к публикации рано" in response.content.decode()
    assert not PublicationMark.objects.exists()


def test_an_expert_whose_role_ended_no_longer_sees_assignments(client, cast, expertise):
    assignment = services.assignment_create(
        expertise_round=expertise["round"], expert=cast.expert.person, program=expertise["program_b"]
    )
    RoleAssignment.objects.filter(person=cast.expert.person, role=Role.EXPERT).update(
        ended_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    client.force_login(cast.expert)
    assert client.get(f"/expertise/assignments/{assignment.pk}/").status_code == 404
