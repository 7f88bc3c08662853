from nastavnik.demo.district import demo_district_load
from nastavnik.expertise import selectors
from nastavnik.expertise.demo import demo_load as expertise_demo_load
from nastavnik.expertise.models import Assignment, ExpertiseRound
from nastavnik.kpis.demo import demo_load as kpis_demo_load
from nastavnik.kpis.models import KpiTarget


def test_the_demo_district_gets_targets_and_an_expertise_round(db):
    municipality = demo_district_load()
    kpis_demo_load(municipality)
    expertise_demo_load(municipality)
    kpis_demo_load(municipality)
    expertise_demo_load(municipality)  # a second run changes nothing
    assert KpiTarget.objects.filter(region=municipality.region).count() == 4 * 5
    expertise_round = ExpertiseRound.objects.get()
    statuses = sorted(Assignment.objects.filter(round=expertise_round).values_list("status", flat=True))
    assert statuses.count("submitted") == 2 and "draft" in statuses
    ranking = selectors.round_results(expertise_round).programs
    assert [r.place for r in ranking[:2]] == [1, 2] and ranking[0].score > ranking[1].score
