"""The whole roll-up of a region costs a fixed number of queries, whatever the number of its
municipalities and organisations, and satisfaction rolls up exactly (all the answers together)."""

import datetime

import pytest

from nastavnik.kpis.calculations import Indicator
from nastavnik.kpis.selectors import region_kpis, region_rollup
from nastavnik.kpis.tests.conftest import NEXT, YEAR, enrol, person, satisfaction_answers
from nastavnik.organizations.factories import MunicipalityFactory, OrganizationFactory
from nastavnik.programs.models import Program, ProgramParticipant

Role = ProgramParticipant.Role
Category = ProgramParticipant.Category
#: municipalities, organisations, targets, years, the three counts, satisfaction.
ROLLUP_QUERIES = 8


def _grow_region(region, *, municipalities: int, schools: int):
    """More municipalities, each with schools that have programs in two years, participants of every
    counted kind, a partner that gave a mentor and satisfaction answers."""
    for m_index in range(municipalities):
        municipality = MunicipalityFactory(region=region, name=f"Район {m_index}")
        partner = OrganizationFactory(
            municipality=municipality, kind="partner", pupils_10_18=0, pupils_15_18=0, young_teachers=0
        )
        for s_index in range(schools):
            school = OrganizationFactory(municipality=municipality, pupils_10_18=40, pupils_15_18=10)
            for year in (YEAR, NEXT):
                program = Program.objects.create(organization=school, academic_year=year, title=f"П{s_index}")
                enrol(program, Role.MENTEE, birth=datetime.date(2008, 1, 1))
                enrol(program, Role.MENTOR, birth=datetime.date(2004, 1, 1))
                enrol(program, Role.MENTEE, Category.TEACHER, who=person(teaching_since=2019))
                enrol(program, Role.MENTOR, Category.EMPLOYEE, partner_organization=partner)
                satisfaction_answers(program, [s_index + 1, 10])


@pytest.mark.parametrize("growth", [(1, 2), (4, 3)], ids=["one-more-municipality", "four-more"])
def test_the_region_roll_up_costs_the_same_queries_for_any_number_of_municipalities(
    kpi_world, cast, django_assert_num_queries, growth
):
    region = cast.municipality.region
    with django_assert_num_queries(ROLLUP_QUERIES):
        small = region_rollup(region, academic_year=YEAR)
    municipalities, schools = growth
    _grow_region(region, municipalities=municipalities, schools=schools)
    with django_assert_num_queries(ROLLUP_QUERIES):
        large = region_rollup(region, academic_year=YEAR)
    assert len(large.children) == len(small.children) + municipalities
    assert len(large.organization_rows) > len(small.organization_rows)
    # Every new municipality has its satisfaction: its schools answered.
    new_rows = [row for row in large.children if row.name.startswith("Район ")]
    assert len(new_rows) == municipalities
    assert all(row.cell(Indicator.SATISFACTION).percent is not None for row in new_rows)


def test_the_region_page_costs_the_same_queries_for_regions_of_different_sizes(kpi_world, cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.regional_admin)
    url = f"/kpis/region/{cast.municipality.region_id}/?year={YEAR}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_region(cast.municipality.region, municipalities=3, schools=2)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert "Район 2" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_municipalitys_satisfaction_is_that_of_all_its_answers_together(kpi_world, cast):
    """School A: 10 and 7 (100 % and 66.7 %), school B: 1 (0 %). All three answers together:
    166.7 / 3 = 55.6 %, not the mean of the schools' means (41.7 %)."""
    page = region_kpis(cast.regional_admin, cast.municipality.region_id, academic_year=YEAR)
    rows = {row.name: row for row in page.children}
    assert rows["Чемальский район"].cell(Indicator.SATISFACTION).percent == pytest.approx(500 / 9)
    assert page.total.cell(Indicator.SATISFACTION).percent == pytest.approx(500 / 9)
    trend = {point.academic_year: point.values for point in page.trend}
    assert trend[YEAR][Indicator.SATISFACTION] == pytest.approx(500 / 9)
    assert trend[NEXT][Indicator.SATISFACTION] is None
    # The region adds a school elsewhere whose program answered 4 and 10 (33.3 % and 100 %).
    program = Program.objects.get(organization=cast.school_elsewhere, academic_year=YEAR)
    satisfaction_answers(program, [4, 10])
    page = region_kpis(cast.regional_admin, cast.municipality.region_id, academic_year=YEAR)
    rows = {row.name: row for row in page.children}
    assert rows["Майминский район"].cell(Indicator.SATISFACTION).percent == pytest.approx(200 / 3)
    assert page.total.cell(Indicator.SATISFACTION).percent == pytest.approx((500 / 3 + 400 / 3) / 5)
