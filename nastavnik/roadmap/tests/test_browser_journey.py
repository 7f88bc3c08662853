"""The roadmap journey of issue 3 in a real headless Chromium, every page checked with axe-core."""

import csv
import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in, visit
from nastavnik.roadmap.models import OrganizationTask, Roadmap, Status

pytestmark = pytest.mark.browser

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "chemal_roadmap_2020_2021.csv"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def district_roadmap_docx() -> bytes:
    """The district's roadmap as its authors keep it: a Word table with a title above it."""
    with CSV_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    document = Document()
    document.add_heading(
        "Дорожная карта внедрения целевой модели наставничества в Чемальском районе", level=1
    )
    table = document.add_table(rows=0, cols=5)
    for values in [["№ п/п", "Мероприятие", "Ответственный", "Результат", "Срок"], *rows[1:]]:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _main_menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name=name).click()
    assert_accessible(page)


def test_the_coordinator_imports_a_curator_proves_and_the_coordinator_sees_the_school_done(
    page, live_server, cast
):
    # The coordinator loads the district's roadmap from Word and confirms the preview.
    log_in(page, live_server.url, "coordinator", PASSWORD)
    _main_menu(page, "Дорожные карты")
    page.get_by_role("link", name="Загрузить из CSV, XLSX или DOCX").click()
    assert_accessible(page)
    page.get_by_label("Чья дорожная карта").select_option(label="Муниципалитет: Чемальский район")
    page.get_by_label("Файл CSV, XLSX или DOCX").set_input_files(
        {
            "name": "дорожная_карта.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": district_roadmap_docx(),
        }
    )
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Проверка файла")
    expect(page.get_by_text("Готово к загрузке мероприятий: 29")).to_be_visible()
    assert_accessible(page)
    assert not Roadmap.objects.exists()  # nothing is written before the preview is confirmed
    page.get_by_label("Учебный год").fill("2020/2021")
    page.get_by_role("button", name="Загрузить", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Загружено мероприятий: 29.")
    assert_accessible(page)
    roadmap = Roadmap.objects.get()
    task_a = OrganizationTask.objects.get(
        activity__roadmap=roadmap, activity__number="7", organization=cast.school_a
    )

    page.get_by_role("link", name="Шкала сроков").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Шкала сроков")
    assert_accessible(page)
    page.get_by_text("Те же сведения таблицей").click()  # the table equivalent must pass axe too
    expect(page.get_by_role("table", name="Мероприятия со сроками")).to_be_visible()
    assert_accessible(page)

    visit(page, f"{live_server.url}/roadmaps/{roadmap.pk}/matrix/")
    cell_a = page.locator(f'td:has(a[href="{task_a.get_absolute_url()}"])')
    expect(cell_a).to_contain_text("просрочено")

    # The curator of school A attaches the order appointing the curators.
    page.context.clear_cookies()
    log_in(page, live_server.url, "curator_a", PASSWORD)
    _main_menu(page, "Дорожные карты")
    page.get_by_role("link", name=roadmap.title).click()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Назначение кураторов внедрения целевой модели")
    row.get_by_role("link", name="Задача «Школа А»").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Школа А: 7. Назначение кураторов")
    assert_accessible(page)
    page.get_by_label("Название документа").fill("Приказ от 04.08.2020 № 45 «О назначении кураторов»")
    page.get_by_label("Файл").set_input_files(
        {"name": "prikaz-45.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(page.get_by_label("Отметить как выполненное")).to_be_checked()
    page.get_by_role("button", name="Приложить").click()
    expect(page.get_by_role("status")).to_contain_text("приложен")
    expect(page.get_by_role("link", name=re.compile("О назначении кураторов"))).to_be_visible()
    assert_accessible(page)
    task_a.refresh_from_db()
    assert task_a.status == Status.DONE

    # The coordinator sees school A's cell turn done, and school B's still late.
    page.context.clear_cookies()
    log_in(page, live_server.url, "coordinator", PASSWORD)
    visit(page, f"{live_server.url}{roadmap.get_absolute_url()}")
    page.get_by_role("link", name="Исполнение по организациям").click()
    assert_accessible(page)
    expect(page.locator(f'td:has(a[href="{task_a.get_absolute_url()}"])')).to_contain_text("выполнено")
    task_b = OrganizationTask.objects.get(activity=task_a.activity, organization=cast.school_b)
    expect(page.locator(f'td:has(a[href="{task_b.get_absolute_url()}"])')).to_contain_text("просрочено")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать отчёт о ходе реализации (XLSX)").click()
    assert download.value.suggested_filename.startswith(f"progress-{roadmap.pk}-")


def test_an_activity_with_its_tasks_and_forms_fits_a_phone_screen(
    page, live_server, cast, cascaded_activity, task_a
):
    """At 375 px the table of the organisations' tasks scrolls in its frame and the status form fits:
    the page itself never scrolls sideways."""
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server.url, "coordinator", PASSWORD)
    for url in (cascaded_activity.get_absolute_url(), task_a.get_absolute_url()):
        visit(page, f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
