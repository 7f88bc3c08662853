"""Journeys people take through the digital base, in a real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in, visit
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.organizations.models import Organization, RoleAssignment

pytestmark = pytest.mark.browser


def test_the_coordinator_adds_an_organisation_and_appoints_its_curator(page, live_server, cast):
    log_in(page, live_server.url, "coordinator", PASSWORD)
    expect(page.get_by_role("heading", name="Рабочий стол")).to_be_visible()
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Организации").click()
    assert_accessible(page)
    page.get_by_role("link", name="Добавить организацию").click()
    assert_accessible(page)
    page.get_by_label("Полное наименование").fill("МБОУ «Ороктойская начальная школа»")
    page.get_by_label("Краткое наименование").fill("Ороктойская НОШ")
    page.get_by_label("ИНН").fill("123")
    page.get_by_role("button", name="Сохранить").click()
    # A wrong INN is explained next to its field, in Russian, and nothing is written.
    expect(page.get_by_text("ИНН состоит из 10 цифр")).to_be_visible()
    assert_accessible(page)
    assert not Organization.objects.filter(short_name="Ороктойская НОШ").exists()
    page.get_by_label("ИНН").fill("0411000077")
    page.get_by_label("Обучающихся всего").fill("20")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("МБОУ «Ороктойская начальная школа»")
    assert_accessible(page)

    page.get_by_role("link", name="Назначить").click()
    assert_accessible(page)
    page.get_by_label("Роль").select_option(label="куратор")
    page.get_by_label("Фамилия").fill("Кудачина")
    page.get_by_label("Имя", exact=True).fill("Чейнеш")
    page.get_by_label("Электронная почта").fill("kudachina@example.org")
    page.get_by_label("Номер приказа о назначении").fill("48-о")
    page.get_by_label("Дата приказа").fill("2020-08-04")
    page.get_by_role("button", name="Назначить").click()
    expect(page.get_by_role("status")).to_contain_text("Кудачина Чейнеш назначен(а): куратор.")
    expect(page.get_by_role("row", name=re.compile("Кудачина Чейнеш"))).to_contain_text(
        "№ 48-о от 04.08.2020"
    )
    assert_accessible(page)
    assert RoleAssignment.objects.filter(
        person__last_name="Кудачина", role="curator", organization__short_name="Ороктойская НОШ"
    ).exists()
    visit(page, f"{live_server.url}/organizations/")
    expect(page.get_by_role("row", name=re.compile("Ороктойская НОШ"))).to_contain_text("Кудачина Чейнеш")


def test_the_curator_sees_only_their_own_school(page, live_server, cast):
    log_in(page, live_server.url, "curator_a", PASSWORD)
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Организации").click()
    # A curator with one school goes straight to its card.
    expect(page.get_by_role("heading", level=1)).to_have_text("МБОУ «Школа А»")
    assert_accessible(page)
    page.get_by_role("link", name="Редактировать").click()
    page.get_by_label("Педагогов всего").fill("31")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("status")).to_contain_text("Изменения сохранены.")
    response = page.goto(f"{live_server.url}/organizations/{cast.school_b.pk}/")
    assert response.status == 404
    cast.school_a.refresh_from_db()
    assert cast.school_a.teachers_total == 31


def test_the_site_works_from_the_keyboard_and_has_a_version_for_the_visually_impaired(
    page, live_server, cast
):
    log_in(page, live_server.url, "coordinator", PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Перейти к содержимому")).to_be_focused()
    page.get_by_role("button", name="Версия для слабовидящих").click()
    expect(page.locator("body")).to_have_class(re.compile("low-vision"))
    # Waits for the stylesheet: reading the computed size at once raced its loading under load.
    expect(page.locator("body")).to_have_css("font-size", "22px")
    assert_accessible(page)
    page.get_by_role("button", name="Обычная версия").click()
    expect(page.locator("body")).not_to_have_class(re.compile("low-vision"))


def test_the_card_fits_a_phone_screen(page, live_server, cast):
    """At 375 px the tables of the card scroll inside their frame; the page itself never scrolls sideways."""
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "coordinator", PASSWORD)
    visit(page, f"{live_server.url}/organizations/{cast.school_a.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(cast.school_a.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_list_and_a_long_named_card_fit_a_phone_in_the_version_for_the_visually_impaired(
    page, live_server, cast
):
    """Large type at 375 px: the filters stack to the screen's width and a long word of a name breaks."""
    school = OrganizationFactory(
        municipality=cast.municipality, name="МБОУ «Чемальская средняя общеобразовательная школа»"
    )
    page.context.add_cookies([{"name": "low_vision", "value": "1", "url": live_server.url}])
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "coordinator", PASSWORD)
    for url in ("/organizations/", f"/organizations/{school.pk}/"):
        visit(page, f"{live_server.url}{url}")
        assert page.evaluate("document.body.classList.contains('low-vision')")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
