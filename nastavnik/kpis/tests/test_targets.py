from decimal import Decimal

from nastavnik.core.models import AuditEvent
from nastavnik.kpis.models import KpiTarget


def url(cast, year="2023/2024"):
    return f"/kpis/region/{cast.municipality.region_id}/targets/?year={year}"


def form(year="2023/2024", **values):
    data = {
        "year": year,
        "mentees_10_18": "",
        "mentors_15_18": "",
        "young_teachers": "",
        "partners": "",
        "satisfaction": "",
    }
    data.update(values)
    return data


def test_the_regional_admin_sets_targets_for_a_year(client, cast):
    client.force_login(cast.regional_admin)
    response = client.post(url(cast), form(mentees_10_18="70", satisfaction="62,5"))
    assert response.status_code == 302
    targets = {t.indicator: t.target_percent for t in KpiTarget.objects.filter(academic_year="2023/2024")}
    assert targets == {"mentees_10_18": Decimal("70.0"), "satisfaction": Decimal("62.5")}
    assert AuditEvent.objects.filter(user=cast.regional_admin, action="update").exists()
    # An emptied field clears its target.
    client.post(url(cast), form(satisfaction="62,5"))
    assert set(KpiTarget.objects.values_list("indicator", flat=True)) == {"satisfaction"}
    page = client.get(url(cast)).content.decode()
    assert "2023/2024" in page and "62,5" in page


def test_a_target_above_100_percent_is_refused_in_russian(client, cast):
    client.force_login(cast.regional_admin)
    response = client.post(url(cast), form(mentees_10_18="120"))
    assert response.status_code == 200
    assert "не может быть больше 100 %" in response.content.decode()
    assert not KpiTarget.objects.exists()


def test_a_malformed_year_is_refused(client, cast):
    client.force_login(cast.regional_admin)
    response = client.post(url(cast), form(year="2023-2025", mentees_10_18="70"))
    assert response.status_code == 200
    assert "2020/2021" in response.content.decode()
    assert not KpiTarget.objects.exists()


def test_nobody_but_the_region_may_set_targets(client, cast):
    for persona in ("coordinator", "curator_a", "expert", "outsider"):
        client.force_login(cast.users()[persona])
        assert client.post(url(cast), form(mentees_10_18="70")).status_code == 404
    assert not KpiTarget.objects.exists()
