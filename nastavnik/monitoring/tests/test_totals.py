"""Satisfaction as sums and counts: the same figures as the monitoring's means, but exact when summed."""

import pytest

from nastavnik.monitoring.selectors import satisfaction_by_academic_year, satisfaction_by_organization
from nastavnik.monitoring.tests.helpers import Kind, program_in, questionnaire_with, respond, survey_of
from nastavnik.monitoring.totals import (
    satisfaction_percent,
    satisfaction_totals,
    satisfaction_totals_by_organization,
)
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory


@pytest.fixture
def version(db):
    return questionnaire_with(
        [
            ("sat", Kind.SCALE, True),
            ("useful", Kind.YES_NO, True),
            ("skill", Kind.SCALE, False),
            ("why", Kind.SHORT_TEXT, True),
        ]
    )


def test_it_sums_the_points_of_satisfaction_items_and_counts_them(cast, version):
    survey = survey_of(program_in(cast.school_a), version)
    # 10 -> 100, 4 -> 33.3, yes -> 100, no -> 0; "skill" is not a satisfaction item, "why" is a text.
    respond(survey, PersonFactory(), {"sat": 10, "useful": 1, "skill": 1, "why": "всё понравилось"})
    respond(survey, PersonFactory(), {"sat": 4, "useful": 0, "skill": 10})
    totals = satisfaction_totals_by_organization(organization_ids=[cast.school_a.pk, cast.school_b.pk])
    points, n = totals[cast.school_a.pk]
    assert n == 4
    assert points == pytest.approx(100 + 100 / 3 + 100 + 0)
    assert cast.school_b.pk not in totals


def test_it_agrees_with_the_monitorings_mean_per_organisation_and_year(cast, version):
    old = survey_of(program_in(cast.school_a, "2020/2021"), version)
    new = survey_of(program_in(cast.school_a, "2021/2022", title="Другая"), version)
    other = survey_of(program_in(cast.school_b, "2020/2021"), version)
    for value in (1, 7, 9):
        respond(old, PersonFactory(), {"sat": value, "useful": value % 2})
    respond(new, PersonFactory(), {"sat": 10})
    respond(other, PersonFactory(), {"sat": 3})
    ids = [cast.school_a.pk, cast.school_b.pk]
    by_year = satisfaction_totals(organization_ids=ids)
    assert set(by_year) == {
        (cast.school_a.pk, "2020/2021"),
        (cast.school_a.pk, "2021/2022"),
        (cast.school_b.pk, "2020/2021"),
    }
    for year in ("2020/2021", "2021/2022"):
        means = satisfaction_by_organization(organization_ids=ids, academic_year=year)
        for pk in ids:
            if means[pk] is None:
                assert (pk, year) not in by_year
            else:
                assert satisfaction_percent([by_year[(pk, year)]]) == pytest.approx(means[pk])
    # Summed over organisations, the totals give the mean of all the answers together, as the monitoring's
    # per-year index does: not the mean of the schools' means.
    yearly = satisfaction_by_academic_year(organization_ids=ids)
    together = satisfaction_percent([by_year[(pk, "2020/2021")] for pk in ids])
    assert together == pytest.approx(yearly["2020/2021"])
    school_means = satisfaction_by_organization(organization_ids=ids, academic_year="2020/2021")
    assert together != pytest.approx((school_means[ids[0]] + school_means[ids[1]]) / 2)


def test_it_filters_by_academic_year(cast, version):
    old = survey_of(program_in(cast.school_a, "2020/2021"), version)
    new = survey_of(program_in(cast.school_a, "2021/2022", title="Другая"), version)
    respond(old, PersonFactory(), {"sat": 1})
    respond(new, PersonFactory(), {"sat": 10})
    ids = [cast.school_a.pk]
    assert satisfaction_totals_by_organization(organization_ids=ids, academic_year="2020/2021") == {
        cast.school_a.pk: (0, 1)
    }
    assert satisfaction_totals_by_organization(organization_ids=ids, academic_year="2021/2022") == {
        cast.school_a.pk: (100, 1)
    }
    assert satisfaction_totals_by_organization(organization_ids=ids, academic_year="2022/2023") == {}
    assert satisfaction_totals_by_organization(organization_ids=ids) == {cast.school_a.pk: (100, 2)}
    assert set(satisfaction_totals(organization_ids=ids, academic_years=["2021/2022"])) == {
        (cast.school_a.pk, "2021/2022")
    }


def test_a_small_anonymous_survey_stays_out_until_it_has_enough_answers(cast, version):
    program = program_in(cast.school_a)
    named = survey_of(program, version)
    respond(named, PersonFactory(), {"sat": 10})
    anonymous = survey_of(program, version, anonymous=True)
    respond(anonymous, None, {"sat": 1})
    respond(anonymous, None, {"sat": 1})
    ids = [cast.school_a.pk]
    # Two anonymous answers would give those two people's ratings away: only the named answer counts.
    assert satisfaction_totals_by_organization(organization_ids=ids) == {cast.school_a.pk: (100, 1)}
    respond(anonymous, None, {"sat": 1})
    assert satisfaction_totals_by_organization(organization_ids=ids) == {cast.school_a.pk: (100, 4)}


def test_the_monitoring_pages_leave_a_small_anonymous_survey_out_as_the_kpis_do(cast, version):
    program = program_in(cast.school_a, "2020/2021")
    respond(survey_of(program, version), PersonFactory(), {"sat": 10})
    anonymous = survey_of(program, version, anonymous=True)
    respond(anonymous, None, {"sat": 1})
    ids = [cast.school_a.pk]
    assert satisfaction_by_organization(organization_ids=ids) == {cast.school_a.pk: 100}
    assert satisfaction_by_academic_year(organization_ids=ids) == {"2020/2021": 100}


def test_it_costs_one_query_whatever_the_number_of_organisations(cast, version, django_assert_num_queries):
    schools = [OrganizationFactory(municipality=cast.municipality) for _ in range(6)]
    for index, school in enumerate(schools):
        survey = survey_of(program_in(school, "2020/2021"), version)
        respond(survey, PersonFactory(), {"sat": index + 1})
        later = survey_of(program_in(school, "2021/2022"), version)
        respond(later, PersonFactory(), {"useful": 1})
    ids = [school.pk for school in schools]
    with django_assert_num_queries(1):
        few = satisfaction_totals(organization_ids=ids[:2])
    with django_assert_num_queries(1):
        many = satisfaction_totals(organization_ids=ids)
    assert len(few) == 4
    assert len(many) == 12
    assert many[(ids[5], "2020/2021")] == (pytest.approx(500 / 9), 1)


def test_it_answers_nothing_for_no_organisations(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert satisfaction_totals(organization_ids=[]) == {}
        assert satisfaction_totals_by_organization(organization_ids=[]) == {}
    assert satisfaction_percent([]) is None


def test_it_takes_a_queryset_of_organisations_as_a_subquery(cast, version, django_assert_num_queries):
    from nastavnik.organizations.models import Organization

    respond(survey_of(program_in(cast.school_a), version), PersonFactory(), {"sat": 10})
    respond(survey_of(program_in(cast.school_elsewhere), version), PersonFactory(), {"sat": 1})
    scope = Organization.objects.filter(municipality=cast.municipality).values("pk")
    with django_assert_num_queries(1):
        totals = satisfaction_totals(organization_ids=scope)
    assert totals == {(cast.school_a.pk, "2020/2021"): (100, 1)}
