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
    assert "(Школа А)" in page and "(Школа Б)" not in page
