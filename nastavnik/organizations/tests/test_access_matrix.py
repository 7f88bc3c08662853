"""Every persona × every page of the digital base: who gets the page and who gets 404."""

import pytest
from django.urls import reverse

from nastavnik.conftest import PASSWORD

MANAGERS = {"coordinator", "regional_admin"}
SCHOOL_A_STAFF = {"head_a", "curator_a", "responsible_a"}
SCHOOL_A_EDITORS = {"head_a", "curator_a"}
EVERYONE = {
    "regional_admin",
    "coordinator",
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
}

# (page name, url builder, personas that get 200; everyone else gets 404)
PAGES = [
    (
        "detail of school A",
        lambda c: reverse("organizations:organization-detail", args=[c.school_a.pk]),
        MANAGERS | SCHOOL_A_STAFF,
    ),
    (
        "edit school A",
        lambda c: reverse("organizations:organization-update", args=[c.school_a.pk]),
        MANAGERS | SCHOOL_A_EDITORS,
    ),
    (
        "appoint in school A",
        lambda c: reverse("organizations:role-appoint", args=[c.school_a.pk]),
        MANAGERS | {"head_a"},
    ),
    (
        "detail of school B",
        lambda c: reverse("organizations:organization-detail", args=[c.school_b.pk]),
        MANAGERS | {"curator_b"},
    ),
    (
        "detail of a school elsewhere",
        lambda c: reverse("organizations:organization-detail", args=[c.school_elsewhere.pk]),
        {"regional_admin"},
    ),
    (
        "edit a school elsewhere",
        lambda c: reverse("organizations:organization-update", args=[c.school_elsewhere.pk]),
        {"regional_admin"},
    ),
    ("new organisation", lambda c: reverse("organizations:organization-create"), MANAGERS),
    ("export", lambda c: reverse("organizations:organization-export"), MANAGERS),
    ("import", lambda c: reverse("organizations:organization-import"), MANAGERS),
]


@pytest.mark.parametrize("persona", sorted(EVERYONE))
@pytest.mark.parametrize(("page", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_it_shows_each_page_only_to_those_who_may_see_it(client, cast, persona, page, url, allowed):
    client.force_login(getattr(cast, persona))
    response = client.get(url(cast))
    assert response.status_code == (200 if persona in allowed else 404), f"{persona} on {page}"


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_it_lists_only_the_organisations_a_persona_may_see(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse("organizations:organization-list"), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    expected_visible = {
        "regional_admin": {"Школа А", "Школа Б", "Школа В"},
        "coordinator": {"Школа А", "Школа Б"},
        "head_a": {"Школа А"},
        "curator_a": {"Школа А"},
        "responsible_a": {"Школа А"},
        "curator_b": {"Школа Б"},
    }.get(persona, set())
    for school in ("Школа А", "Школа Б", "Школа В"):
        assert (school in text) == (school in expected_visible), f"{persona} and {school}"


def test_it_asks_anonymous_visitors_to_log_in(client, cast):
    for url in (
        reverse("organizations:organization-list"),
        reverse("organizations:organization-detail", args=[cast.school_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", sorted(EVERYONE - MANAGERS - SCHOOL_A_EDITORS))
def test_it_refuses_edits_of_school_a_by_anyone_else(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.post(
        reverse("organizations:organization-update", args=[cast.school_a.pk]),
        {"name": "Захвачено", "kind": "school", "status": "implemented"},
    )
    assert response.status_code == 404
    cast.school_a.refresh_from_db()
    assert cast.school_a.name == "МБОУ «Школа А»"


def test_the_real_login_form_works_with_login_and_with_email(client, cast):
    assert client.login(username="curator_a", password=PASSWORD)
    client.logout()
    response = client.post(reverse("login"), {"username": cast.curator_a.email, "password": PASSWORD})
    assert response.status_code == 302
