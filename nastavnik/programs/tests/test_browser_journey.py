"""The whole journey in a real headless Chromium: a curator starts a program, imports both bases from
XLSX, records a parent's consent and forms a pair; the mentor logs a meeting from a phone; the
coordinator sees the counts of school A change."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in
from nastavnik.programs.bases import COLUMNS
from nastavnik.programs.models import Meeting, Pair, Program, ProgramParticipant

pytestmark = pytest.mark.browser

Role = ProgramParticipant.Role
PHONE = {"width": 375, "height": 740}
MENTOR_BIRTH = datetime.date(1980, 3, 14)
CHILD_BIRTH = datetime.date(2012, 5, 17)


def base_file(tmp_path, role: str, rows: list[dict]) -> str:
    """A base in the template layout: the labels of the import columns, one row per person."""
    columns = [column.column for column in COLUMNS[role]]
    workbook = Workbook()
    workbook.active.append([column.label for column in columns])
    for row in rows:
        workbook.active.append([row.get(column.key, "") for column in columns])
    path = tmp_path / f"{role}.xlsx"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def import_base(page, tmp_path, heading: str, role: str, rows: list[dict]) -> None:
    page.get_by_role("region", name=heading).get_by_role("link", name="Загрузить из XLSX").click()
    assert_accessible(page)
    page.get_by_label("Файл XLSX").set_input_files(base_file(tmp_path, role, rows))
    page.get_by_role("button", name="Проверить файл").click()
    assert_accessible(page)
    page.get_by_role("button", name="Загрузить", exact=True).click()
    page.wait_for_load_state()
    assert_accessible(page)


def figures(page, url: str) -> list[str]:
    """School A's row of the municipal overview: programs, mentors, mentees, active and completed
    pairs, meetings, mentees without consent."""
    page.goto(f"{url}/programs/overview/")
    assert_accessible(page)
    cells = page.get_by_role("row", name="Школа А").get_by_role("cell").all_inner_texts()[-9:]
    return cells[:2] + cells[4:]  # without the external mentors and partner organisations


def test_a_curator_builds_a_program_and_the_counts_follow(page, live_server, cast, tmp_path):
    url = live_server.url
    mentor, child = cast.mentor_a.person, cast.mentee_a.person
    mentor.birth_date, child.birth_date = MENTOR_BIRTH, CHILD_BIRTH
    mentor.save()
    child.save()
    today = timezone.localdate()
    # The coordinator watches from a browser of their own.
    watcher = page.context.browser.new_context().new_page()
    log_in(watcher, url, "coordinator", PASSWORD)

    log_in(page, url, "curator_a", PASSWORD)
    page.goto(f"{url}/programs/")
    assert_accessible(page)
    page.get_by_role("link", name="Новая программа").click()
    assert_accessible(page)
    page.get_by_label("Название").fill("Наставничество в Школе А")
    page.get_by_label("Учебный год").fill("2025/2026")
    page.get_by_label("учитель – ученик").check()
    page.get_by_role("button", name="Создать программу").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Наставничество в Школе А")
    assert_accessible(page)
    program = Program.objects.get(title="Наставничество в Школе А", organization=cast.school_a)

    import_base(
        page,
        tmp_path,
        "База наставников",
        Role.MENTOR,
        [
            {
                "full_name": mentor.full_name,
                "birth_date": MENTOR_BIRTH.strftime("%d.%m.%Y"),
                "workplace": "Школа А, учитель физики",
                "competences": "физика, олимпиады",
                "capacity": "2",
                "minors_admission_confirmed_on": (today - datetime.timedelta(days=90)).strftime("%d.%m.%Y"),
            },
            {"full_name": "Соколова Вера Павловна", "birth_date": "02.02.1975", "competences": "химия"},
        ],
    )
    import_base(
        page,
        tmp_path,
        "База наставляемых",
        Role.MENTEE,
        [
            {
                "full_name": child.full_name,
                "birth_date": CHILD_BIRTH.strftime("%d.%m.%Y"),
                "request": "подготовка к олимпиаде",
                "workplace": "7 «А» класс",
            },
            {"full_name": "Орлов Пётр Ильич", "birth_date": "11.11.2011", "request": "профориентация"},
        ],
    )
    assert set(program.participants.filter(role=Role.MENTOR).values_list("person", flat=True)) >= {mentor.pk}
    assert program.participants.filter(role=Role.MENTEE, person=child).exists()
    assert program.participants.count() == 4

    # A minor takes part only with the parent's consent to the processing of their data.
    page.goto(f"{url}/programs/{program.pk}/")
    in_base = program.participants.get(role=Role.MENTEE, person=child)
    page.locator(f'a[href="/programs/participants/{in_base.pk}/consents/"]').click()
    assert_accessible(page)
    page.get_by_label("Кто дал согласие").select_option(label=cast.parent_a.person.full_name)
    page.get_by_label("Цель и объём").fill(
        "ФИО, дата рождения, класс — для участия в программе наставничества"
    )
    page.get_by_label("Дата согласия").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    expect(page.get_by_role("cell", name="действует")).to_be_visible()
    assert_accessible(page)

    # Both bases are in, no pair yet.
    assert figures(watcher, url) == ["1", "2", "2", "0", "0", "0", "1"]
    page.goto(f"{url}/programs/{program.pk}/")
    page.get_by_role("link", name="Сформировать пару или группу").click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Наставник").select_option(label=mentor.full_name)
    page.get_by_label(child.full_name).check()
    page.get_by_label("Форма наставничества").select_option(label="учитель – ученик")
    page.get_by_label("Дата начала").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_text("Пара (группа) сформирована.")).to_be_visible()
    assert_accessible(page)
    pair = Pair.objects.get(program=program)
    assert pair.mentor == mentor

    assert figures(watcher, url) == ["1", "2", "2", "1", "0", "0", "1"]

    # The mentor, on a phone.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, url, "mentor_a", PASSWORD)
    page.goto(f"{url}/programs/my/")
    expect(page.get_by_role("heading", name="Мой кабинет")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name="Записать встречу").click()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Дата встречи").fill(today.isoformat())
    page.get_by_label("Очно").check()
    page.get_by_label("Длительность, минут").fill("45")
    page.get_by_label("Тема").fill("Первая встреча: цели на год")
    page.get_by_role("button", name="Записать").click()
    expect(page.get_by_text("Встреча записана в журнал.")).to_be_visible()
    expect(page.get_by_text("Первая встреча: цели на год")).to_be_visible()
    assert_accessible(page)
    assert Meeting.objects.get(pair=pair).topic == "Первая встреча: цели на год"

    # The coordinator sees school A's figures: the pair is active, its meeting is in its log.
    assert figures(watcher, url) == ["1", "2", "2", "1", "0", "1", "1"]
    watcher.goto(f"{url}/programs/pairs/{pair.pk}/")
    expect(watcher.get_by_text("Первая встреча: цели на год")).to_be_visible()
    assert_accessible(watcher)
    watcher.context.close()
