"""In a real headless Chromium: the coordinator opens the KPIs, drills down to a school, orders the
consolidated report and downloads it; the regional admin sets a target; an expert scores an assigned
program and the coordinator sees the ranking. axe-core checks every page."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in, visit
from nastavnik.expertise import services as expertise_services
from nastavnik.kpis.models import KpiTarget
from nastavnik.kpis.tests.conftest import YEAR

pytestmark = pytest.mark.browser


def test_the_coordinator_drills_down_and_downloads_the_report(page, live_server, cast, kpi_world, tmp_path):
    url = live_server.url
    KpiTarget.objects.create(
        region=cast.municipality.region,
        indicator="mentees_10_18",
        academic_year=YEAR,
        target_percent=Decimal("8.5"),
    )
    log_in(page, url, "coordinator", PASSWORD)
    visit(page, f"{url}/kpis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Показатели: Чемальский район")
    page.get_by_label("Учебный год", exact=True).select_option(YEAR)
    page.get_by_role("button", name="Показать").click()
    assert_accessible(page)
    summary = page.get_by_role("table", name="Чемальский район: показатели за 2020/2021 учебный год")
    expect(summary.get_by_role("row", name="Доля обучающихся 10–18 лет")).to_contain_text("близко")

    page.get_by_role("link", name="МБОУ «Школа А»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Показатели: Школа А")
    assert_accessible(page)
    expect(page.get_by_role("row", name="Доля обучающихся 10–18 лет")).to_contain_text("15,0")
    expect(page.get_by_role("row", name="Доля обучающихся 10–18 лет")).to_contain_text("достигнуто")

    page.get_by_role("link", name="Чемальский район").click()
    assert_accessible(page)
    page.get_by_role("link", name="Сводный отчёт XLSX и PDF").click()
    assert_accessible(page)
    expect(page.get_by_role("textbox", name="Учебный год")).to_have_value(YEAR)
    page.get_by_role("button", name="Сформировать отчёт").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Сводный отчёт: Чемальский район, 2020/2021")
    expect(page.get_by_text("готов", exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Отчёт XLSX").click()
    with open(download.value.path(), "rb") as xlsx:
        workbook = load_workbook(io.BytesIO(xlsx.read()))
    totals = [
        row
        for row in workbook["По организациям"].iter_rows(values_only=True)
        if row[0] == "Итого по муниципалитету"
    ]
    assert totals[0][1:3] == (8.0, "близко")
    with page.expect_download() as download:
        page.get_by_role("link", name="Отчёт PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_regional_admin_sets_a_target_and_sees_the_region(page, live_server, cast, kpi_world):
    url = live_server.url
    log_in(page, url, "regional_admin", PASSWORD)
    visit(page, f"{url}/kpis/")
    page.get_by_role("link", name="Целевые значения").click()
    assert_accessible(page)
    page.get_by_label("Доля обучающихся 10–18 лет, вовлечённых в наставничество как наставляемые").fill("120")
    page.get_by_role("button", name="Сохранить цели").click()
    expect(page.get_by_text("Целевое значение не может быть больше 100 %.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Доля обучающихся 10–18 лет, вовлечённых в наставничество как наставляемые").fill("70")
    page.get_by_role("button", name="Сохранить цели").click()
    expect(page.get_by_role("status")).to_contain_text("сохранены")
    assert_accessible(page)
    page.get_by_role("link", name="Показатели: Республика Алтай").click()
    assert_accessible(page)
    page.get_by_role("link", name="Майминский район").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Показатели: Майминский район")
    assert_accessible(page)


def test_an_expert_scores_an_assigned_program(page, live_server, cast, kpi_world):
    url = live_server.url
    program = kpi_world["program_a"].organization.programs.model.objects.get(
        title="Программа Б", academic_year=YEAR
    )
    expertise_round = expertise_services.round_create(
        user=cast.coordinator,
        region=cast.municipality.region,
        municipality=cast.municipality,
        academic_year=YEAR,
        title="Экспертиза программ 2021",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    # The coordinator appoints the expert and assigns the program through the pages.
    log_in(page, url, "coordinator", PASSWORD)
    visit(page, f"{url}/expertise/new/")
    page.get_by_role("button", name="Создать экспертизу").click()
    expect(page.get_by_text("Обязательное поле.").first).to_be_visible()
    assert_accessible(page)
    visit(page, f"{url}/expertise/")
    page.get_by_role("link", name="Экспертиза программ 2021").click()
    assert_accessible(page)
    page.get_by_role("button", name="Назначить эксперта").click()
    assert_accessible(page)
    page.get_by_label("Программа").select_option(label=f"{program.organization} — {program.title}")
    page.get_by_role("button", name="Назначить программу").click()
    expect(page.get_by_role("status")).to_contain_text("Программа назначена эксперту")
    assert_accessible(page)
    visit(page, f"{url}/expertise/{expertise_round.pk}/criteria/")

    expert = page.context.browser.new_context(locale="ru-RU").new_page()
    log_in(expert, url, "expert", PASSWORD)
    visit(expert, f"{url}/expertise/")
    expert.get_by_role("link", name="Программа Б").click()
    assert_accessible(expert)
    scores = expert.get_by_label("Балл (0–5)")
    expect(scores).to_have_count(7)
    scores.nth(0).fill("4")
    expert.get_by_role("button", name="Сохранить черновик").click()
    expect(expert.get_by_role("status")).to_contain_text("Черновик сохранён")
    assert_accessible(expert)
    expert.get_by_role("button", name="Отправить оценку").click()
    expect(expert.get_by_role("alert").or_(expert.locator(".error").first)).to_be_visible()
    assert_accessible(expert)
    for index in range(7):
        scores.nth(index).fill("4")
    expert.get_by_label("Общий комментарий").fill("Сильная программа")
    expert.get_by_role("button", name="Отправить оценку").click()
    expect(expert.get_by_role("status")).to_contain_text("Оценка отправлена")
    assert_accessible(expert)

    visit(page, f"{url}/expertise/{expertise_round.pk}/results/")
    expect(page.get_by_role("row", name="Программа Б")).to_contain_text("80,0")
    page.get_by_role("button", name="Рекомендовать к публикации программу «Программа Б»").click()
    expect(page.get_by_role("row", name="Программа Б")).to_contain_text("рекомендована")
    assert_accessible(page)
