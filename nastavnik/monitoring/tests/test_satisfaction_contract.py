"""The contract the KPIs rely on: satisfaction per organisation and per academic year."""

import pytest

from nastavnik.monitoring.selectors import satisfaction_by_academic_year, satisfaction_by_organization
from nastavnik.monitoring.tests.helpers import Kind, program_in, questionnaire_with, respond, survey_of
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory


@pytest.fixture
def version(db):
    return questionnaire_with(
        [
            ("sat", Kind.SCALE, True),
            ("useful", Kind.YES_NO, True),
            ("skill", Kind.SCALE, False),
        ]
    )


def test_it_averages_satisfaction_items_as_percent(cast, version):
    survey = survey_of(program_in(cast.school_a), version)
    # 10 -> 100 %, 1 -> 0 %, yes -> 100 %; "skill" is not a satisfaction item and is ignored.
    respond(survey, PersonFactory(), {"sat": 10, "useful": 1, "skill": 1})
    respond(survey, PersonFactory(), {"sat": 1, "skill": 10})
    result = satisfaction_by_organization(organization_ids=[cast.school_a.pk, cast.school_b.pk])
    assert result[cast.school_a.pk] == pytest.approx((100 + 100 + 0) / 3)
    assert result[cast.school_b.pk] is None


def test_it_maps_a_scale_of_ten_linearly(cast, version):
    survey = survey_of(program_in(cast.school_a), version)
    respond(survey, PersonFactory(), {"sat": 4})  # (4 - 1) / 9 * 100
    respond(survey, PersonFactory(), {"useful": 0})
    assert satisfaction_by_organization(organization_ids=[cast.school_a.pk])[
        cast.school_a.pk
    ] == pytest.approx((100 / 3 + 0) / 2)


def test_it_filters_by_academic_year(cast, version):
    old = survey_of(program_in(cast.school_a, "2020/2021"), version)
    new = survey_of(program_in(cast.school_a, "2021/2022", title="Другая"), version)
    respond(old, PersonFactory(), {"sat": 1})
    respond(new, PersonFactory(), {"sat": 10})
    ids = [cast.school_a.pk]
    assert satisfaction_by_organization(organization_ids=ids, academic_year="2020/2021") == {
        cast.school_a.pk: 0
    }
    assert satisfaction_by_organization(organization_ids=ids, academic_year="2021/2022") == {
        cast.school_a.pk: 100
    }
    assert satisfaction_by_organization(organization_ids=ids, academic_year="2022/2023") == {
        cast.school_a.pk: None
    }
    assert satisfaction_by_organization(organization_ids=ids)[cast.school_a.pk] == pytest.approx(50)
    assert satisfaction_by_academic_year(organization_ids=ids) == {"2020/2021": 0, "2021/2022": 100}


def test_it_costs_one_query_whatever_the_number_of_organisations(cast, version, django_assert_num_queries):
    schools = [OrganizationFactory(municipality=cast.municipality) for _ in range(6)]
    for index, school in enumerate(schools):
        survey = survey_of(program_in(school), version)
        respond(survey, PersonFactory(), {"sat": index + 1})
    ids = [school.pk for school in schools]
    with django_assert_num_queries(1):
        few = satisfaction_by_organization(organization_ids=ids[:2])
    with django_assert_num_queries(1):
        many = satisfaction_by_organization(organization_ids=ids)
    with django_assert_num_queries(1):
        satisfaction_by_academic_year(organization_ids=ids)
    assert few == {ids[0]: 0, ids[1]: pytest.approx(100 / 9)}
    assert many[ids[5]] == pytest.approx(500 / 9)


def test_it_answers_nothing_for_no_organisations(db):
    assert satisfaction_by_organization(organization_ids=[]) == {}
    assert satisfaction_by_academic_year(organization_ids=[]) == {}
