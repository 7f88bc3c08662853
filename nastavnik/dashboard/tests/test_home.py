from django.urls import reverse

from nastavnik.roadmap.services import roadmap_load_template


def test_home_shows_the_users_roles(client, cast):
    client.force_login(cast.curator_a)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Куратор — Школа А" in page


def test_home_lists_overdue_roadmap_work_of_the_curator(client, cast):
    roadmap_load_template(municipality=cast.municipality)
    client.force_login(cast.curator_a)
    page = client.get(reverse("dashboard:home")).content.decode()
    # The shipped 2020–2021 roadmap is long past: the school's cascaded tasks show as overdue.
    assert "Просрочено" in page
    assert "Назначение кураторов внедрения целевой модели наставничества" in page
    assert ">Школа А</a>" in page and "Школа Б" not in page


def test_the_coordinator_sees_each_overdue_activity_once_with_its_schools(client, cast):
    roadmap_load_template(municipality=cast.municipality)
    client.force_login(cast.coordinator)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert page.count("Назначение кураторов внедрения целевой модели наставничества") == 1
    assert ">Школа А</a>, <a" in page


def test_the_menu_offers_only_what_the_user_may_open(client, cast):
    client.force_login(cast.mentor_a)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Дорожные карты" not in page and "Документы" not in page
    client.force_login(cast.curator_a)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "Дорожные карты" in page and "Документы" in page and "Локальные акты" not in page
    client.force_login(cast.coordinator)
    assert "Локальные акты" in client.get(reverse("dashboard:home")).content.decode()
