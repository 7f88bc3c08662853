"""The mentor logs a meeting from a phone, in a real headless Chromium."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in
from nastavnik.programs import services
from nastavnik.programs.models import Consent, MentoringForm, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def pair(cast):
    started = timezone.localdate() - datetime.timedelta(days=30)
    child = cast.mentee_a.person
    child.birth_date = CHILD_BIRTH
    child.save()
    services.consent_record(
        subject=child,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО, дата рождения, класс — для участия в программе наставничества",
        given_on=started,
    )
    program = program_for(cast.school_a)
    ProgramParticipant.objects.create(program=program, person=child, role=ProgramParticipant.Role.MENTEE)
    ProgramParticipant.objects.create(
        program=program, person=cast.mentor_a.person, role=ProgramParticipant.Role.MENTOR
    )
    pair = services.pair_create(
        program=program,
        form=MentoringForm.objects.get(name="учитель – ученик"),
        mentor=cast.mentor_a.person,
        mentees=[child],
        started_on=started,
    )
    services.plan_item_save(pair=pair, title="Подготовиться к олимпиаде")
    return pair


def test_the_mentor_logs_a_meeting_and_progress_from_a_phone(page, live_server, cast, pair):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "mentor_a", PASSWORD)
    page.goto(f"{live_server.url}/programs/my/")
    expect(page.get_by_role("heading", name="Мой кабинет")).to_be_visible()
    assert_accessible(page)
    # Nothing sticks out sideways on a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Записать встречу").click()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Онлайн").check()
    page.get_by_label("Длительность, минут").fill("40")
    page.get_by_label("Тема").fill("Разбор олимпиадных задач")
    page.get_by_role("button", name="Записать").click()
    expect(page.get_by_text("Встреча записана в журнал.")).to_be_visible()
    expect(page.get_by_text("Разбор олимпиадных задач")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Выполнено: Подготовиться к олимпиаде").select_option("50")
    page.get_by_role("button", name="Отметить").click()
    expect(page.get_by_text("выполнено 50 %")).to_be_visible()
    assert_accessible(page)
    assert pair.meetings.get().topic == "Разбор олимпиадных задач"
    assert pair.plan_items.get().progress == 50


def test_the_curator_forms_a_pair_and_the_law_is_explained(page, live_server, cast):
    program = program_for(cast.school_a)
    child = cast.mentee_a.person
    child.birth_date = CHILD_BIRTH
    child.save()
    services.participant_add(program=program, role="mentee", person=child, last_name="", first_name="")
    services.participant_add(
        program=program, role="mentor", person=cast.mentor_a.person, last_name="", first_name=""
    )
    log_in(page, live_server.url, "curator_a", PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Сформировать пару или группу").click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Наставник").select_option(label=cast.mentor_a.person.full_name)
    page.get_by_label(child.full_name).check()
    page.get_by_label("Форма наставничества").select_option(label="учитель – ученик")
    page.get_by_label("Дата начала").fill("2025-10-01")
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_role("alert").first).to_contain_text("Пара не сформирована")
    expect(page.get_by_text("нет действующего согласия законного представителя")).to_be_visible()
    assert_accessible(page)
