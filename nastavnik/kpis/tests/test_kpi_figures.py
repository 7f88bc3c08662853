"""KPI figures on the hand-computed fixture of conftest.kpi_world.

2020/2021, ages on 1 September 2020:
- school A (10–18: 20, 15–18: 10, young teachers: 4): mentees 3 → 15 %; pupil mentors 1 → 10 %;
  young teacher mentees 2 → 50 %; satisfaction (100 + 66.7) / 2 = 83.3 %;
- school B (30, 5, 1): mentees 1 → 3.3 %; mentors 0; young 0; satisfaction 0 %;
- partners 1 (gave a mentor) and 2 (did not): 1 of 2 → 50 %;
- the municipality: mentees 4/50 = 8 %, mentors 1/15 = 6.7 %, young 2/5 = 40 %, partners 1/2 = 50 %;
- the region adds school В (50, 0, 0) with 1 mentee: mentees 5/100 = 5 %.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nastavnik.kpis.calculations import Indicator, Ratio
from nastavnik.kpis.models import KpiTarget
from nastavnik.kpis.selectors import municipality_kpis, organization_kpis, region_kpis
from nastavnik.kpis.tests.conftest import NEXT, YEAR, enrol, person
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.programs.models import Program, ProgramParticipant

K = Indicator


def ratios(row):
    return {cell.indicator: cell.ratio for cell in row.cells if cell.ratio is not None}


def test_it_computes_the_school_figures(kpi_world, cast):
    page = organization_kpis(cast.curator_a, cast.school_a.pk, academic_year=YEAR)
    assert ratios(page.total) == {
        K.MENTEES_10_18: Ratio(3, 20),
        K.MENTORS_15_18: Ratio(1, 10),
        K.YOUNG_TEACHERS: Ratio(2, 4),
        K.PARTNERS: Ratio(0, 0),
    }
    percents = {cell.indicator: cell.percent for cell in page.total.cells}
    assert percents[K.MENTEES_10_18] == 15.0
    assert percents[K.YOUNG_TEACHERS] == 50.0
    assert percents[K.PARTNERS] is None
    assert percents[K.SATISFACTION] == pytest.approx(83.3, abs=0.1)


def test_it_rolls_the_municipality_up_from_its_organisations(kpi_world, cast):
    page = municipality_kpis(cast.coordinator, cast.municipality.pk, academic_year=YEAR)
    assert ratios(page.total) == {
        K.MENTEES_10_18: Ratio(4, 50),
        K.MENTORS_15_18: Ratio(1, 15),
        K.YOUNG_TEACHERS: Ratio(2, 5),
        K.PARTNERS: Ratio(1, 2),
    }
    total = {cell.indicator: cell.percent for cell in page.total.cells}
    assert total[K.MENTEES_10_18] == 8.0
    assert total[K.MENTORS_15_18] == 6.7
    assert total[K.SATISFACTION] == pytest.approx(55.6, abs=0.1)
    by_name = {row.name: row for row in page.children}
    assert set(by_name) == {"МБОУ «Школа А»", "МБОУ «Школа Б»", "ООО «Партнёр 1»", "ООО «Партнёр 2»"}
    assert ratios(by_name["МБОУ «Школа Б»"])[K.MENTEES_10_18] == Ratio(1, 30)
    assert ratios(by_name["ООО «Партнёр 1»"])[K.PARTNERS] == Ratio(1, 1)
    assert ratios(by_name["ООО «Партнёр 2»"])[K.PARTNERS] == Ratio(0, 1)
    assert by_name["МБОУ «Школа Б»"].cell(K.SATISFACTION).percent == 0.0
    # The municipality is the sum of its rows, indicator by indicator.
    for indicator in (K.MENTEES_10_18, K.MENTORS_15_18, K.YOUNG_TEACHERS, K.PARTNERS):
        summed = Ratio()
        for row in page.children:
            summed = summed + row.cell(indicator).ratio
        assert summed == page.total.cell(indicator).ratio


def test_it_rolls_the_region_up_from_its_municipalities(kpi_world, cast):
    page = region_kpis(cast.regional_admin, cast.municipality.region_id, academic_year=YEAR)
    assert page.total.cell(K.MENTEES_10_18).ratio == Ratio(5, 100)
    rows = {row.name: row for row in page.children}
    assert rows["Чемальский район"].cell(K.MENTEES_10_18).ratio == Ratio(4, 50)
    assert rows["Майминский район"].cell(K.MENTEES_10_18).ratio == Ratio(1, 50)
    assert rows["Майминский район"].cell(K.SATISFACTION).percent is None


def test_it_traces_the_trend_by_academic_year(kpi_world, cast):
    page = municipality_kpis(cast.coordinator, cast.municipality.pk)
    assert page.academic_year == NEXT  # the latest year with programs
    trend = {point.academic_year: point.values for point in page.trend}
    assert trend[YEAR][K.MENTEES_10_18] == 8.0
    assert trend[NEXT][K.MENTEES_10_18] == 4.0
    assert trend[NEXT][K.SATISFACTION] is None


def test_it_lights_the_figures_against_the_region_targets(kpi_world, cast):
    region = cast.municipality.region
    KpiTarget.objects.create(
        region=region, indicator=K.MENTEES_10_18, academic_year=YEAR, target_percent=Decimal("8.5")
    )
    KpiTarget.objects.create(region=region, indicator=K.YOUNG_TEACHERS, academic_year=YEAR, target_percent=70)
    KpiTarget.objects.create(region=region, indicator=K.PARTNERS, academic_year=YEAR, target_percent=50)
    page = municipality_kpis(cast.coordinator, cast.municipality.pk, academic_year=YEAR)
    lights = {cell.indicator: cell.light_label for cell in page.total.cells}
    assert lights[K.MENTEES_10_18] == "близко"  # 8 % against 8.5 % (at least 90 % of it)
    assert lights[K.YOUNG_TEACHERS] == "отстаёт"  # 40 % against 70 %
    assert lights[K.PARTNERS] == "достигнуто"  # 50 % against 50 %
    assert lights[K.MENTORS_15_18] == "цель не задана"
    school_a = next(row for row in page.children if row.name == "МБОУ «Школа А»")
    assert school_a.cell(K.MENTEES_10_18).light_label == "достигнуто"  # 15 % against 8.5 %
    assert [point.targets[K.YOUNG_TEACHERS] for point in page.trend if point.academic_year == YEAR] == [70.0]


def _grow(cast, schools: int):
    """More schools with programs and participants of every counted kind."""
    for index in range(schools):
        school = OrganizationFactory(municipality=cast.municipality)
        program = Program.objects.create(organization=school, academic_year=YEAR, title=f"П{index}")
        enrol(program, ProgramParticipant.Role.MENTEE, birth=datetime.date(2008, 1, 1))
        enrol(program, ProgramParticipant.Role.MENTOR, birth=datetime.date(2004, 1, 1))
        enrol(
            program,
            ProgramParticipant.Role.MENTEE,
            ProgramParticipant.Category.TEACHER,
            who=person(teaching_since=2019),
        )


@pytest.mark.parametrize("level", ["region", "municipality", "organization"])
def test_it_costs_the_same_number_of_queries_for_any_number_of_organisations(kpi_world, cast, level, client):
    users = {"region": cast.regional_admin, "municipality": cast.coordinator, "organization": cast.curator_a}
    urls = {
        "region": f"/kpis/region/{cast.municipality.region_id}/",
        "municipality": f"/kpis/municipality/{cast.municipality.pk}/",
        "organization": f"/kpis/organization/{cast.school_a.pk}/",
    }
    client.force_login(users[level])
    with CaptureQueriesContext(connection) as small:
        assert client.get(urls[level]).status_code == 200
    _grow(cast, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(urls[level]).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 20


def test_a_year_with_targets_but_no_programs_has_no_values_in_the_trend(kpi_world, cast):
    KpiTarget.objects.create(
        region=cast.municipality.region,
        indicator=K.MENTEES_10_18,
        academic_year="2023/2024",
        target_percent=70,
    )
    page = municipality_kpis(cast.coordinator, cast.municipality.pk, academic_year=YEAR)
    future = next(point for point in page.trend if point.academic_year == "2023/2024")
    assert future.values[K.MENTEES_10_18] is None
    assert future.targets[K.MENTEES_10_18] == 70.0


def test_the_counts_of_any_number_of_organisations_take_three_queries(
    kpi_world, cast, django_assert_num_queries
):
    from nastavnik.kpis.selectors import OrgCounts, kpi_counts
    from nastavnik.organizations.models import Organization

    organizations = [
        OrgCounts(*values)
        for values in Organization.objects.values_list(
            "pk", "name", "kind", "municipality_id", "pupils_10_18", "pupils_15_18", "young_teachers"
        )
    ]
    with django_assert_num_queries(3):
        counts = kpi_counts(organizations, [YEAR, NEXT])
    assert counts[(cast.school_b.pk, NEXT)][K.MENTEES_10_18] == Ratio(2, 30)
