"""Each role sees only its scope: the curator their school, the coordinator the municipality, the
regional admin the region; anything else is 404."""

import pytest

from nastavnik.conftest import PASSWORD


def urls(cast):
    return {
        "region": f"/kpis/region/{cast.municipality.region_id}/",
        "municipality": f"/kpis/municipality/{cast.municipality.pk}/",
        "other_municipality": f"/kpis/municipality/{cast.other_municipality.pk}/",
        "school_a": f"/kpis/organization/{cast.school_a.pk}/",
        "school_b": f"/kpis/organization/{cast.school_b.pk}/",
        "elsewhere": f"/kpis/organization/{cast.school_elsewhere.pk}/",
        "targets": f"/kpis/region/{cast.municipality.region_id}/targets/",
        "reports": "/kpis/reports/",
    }


ALLOWED = {
    "regional_admin": {
        "region",
        "municipality",
        "other_municipality",
        "school_a",
        "school_b",
        "elsewhere",
        "targets",
        "reports",
    },
    "coordinator": {"municipality", "school_a", "school_b", "reports"},
    "head_a": {"school_a"},
    "curator_a": {"school_a"},
    "responsible_a": {"school_a"},
    "curator_b": {"school_b"},
    "mentor_a": set(),
    "mentee_a": set(),
    "parent_a": set(),
    "expert": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("persona", sorted(ALLOWED))
def test_each_role_sees_only_its_scope(client, cast, persona):
    client.force_login(cast.users()[persona])
    for name, url in urls(cast).items():
        expected = 200 if name in ALLOWED[persona] else 404
        assert client.get(url).status_code == expected, (persona, name)


def test_anonymous_users_are_sent_to_log_in(client, cast):
    response = client.get(urls(cast)["municipality"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "target"),
    [("regional_admin", "region"), ("coordinator", "municipality"), ("curator_a", "organization")],
)
def test_the_index_opens_the_widest_scope(client, cast, persona, target):
    client.force_login(cast.users()[persona])
    response = client.get("/kpis/")
    assert response.status_code == 302
    assert f"/kpis/{target}/" in response["Location"]


def test_the_index_is_not_for_people_without_a_staff_role(client, cast):
    assert client.login(username="mentor_a", password=PASSWORD)
    assert client.get("/kpis/").status_code == 404


def test_the_page_drills_down_with_links_and_shows_lights_as_words(client, cast, kpi_world):
    client.force_login(cast.regional_admin)
    page = client.get(f"/kpis/region/{cast.municipality.region_id}/?year=2020/2021").content.decode()
    assert f'href="/kpis/municipality/{cast.municipality.pk}/?year=2020/2021"' in page
    assert "<svg" in page and "<title id=" in page and "<desc id=" in page
    page = client.get(f"/kpis/municipality/{cast.municipality.pk}/?year=2020/2021").content.decode()
    assert f'href="/kpis/organization/{cast.school_a.pk}/?year=2020/2021"' in page
    assert "цель не задана" in page
    assert (
        "15,0&nbsp;%" in client.get(f"/kpis/organization/{cast.school_a.pk}/?year=2020/2021").content.decode()
    )
