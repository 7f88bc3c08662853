"""In a real headless Chromium: a mentee answers through a personal link on a phone without logging in;
the curator then sees the answer count and the result chart with its table. Every page is checked with axe."""

import datetime

import pytest
from playwright.sync_api import expect

from nastavnik.conftest import PASSWORD
from nastavnik.core.testing.browser import assert_accessible, log_in, visit
from nastavnik.monitoring import services
from nastavnik.monitoring.models import Question, Response, Survey

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def test_a_mentee_answers_by_link_on_a_phone_and_the_curator_sees_it(page, live_server, cast, world):
    url = live_server.url
    survey = services.survey_create(
        program=world.program,
        questionnaire=world.mentee_entry,
        title="Входная анкета наставляемых",
        recipients=Survey.Recipients.MENTEES,
        stage=Survey.Stage.ENTRY,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    invitation = survey.invitations.get()
    link = services.invitation_link(invitation).replace("http://127.0.0.1:8000", url)

    page.set_viewport_size(PHONE)
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Входная анкета наставляемых")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The minor is not asked for contacts.
    expect(page.get_by_text("Как с вами связаться")).to_have_count(0)

    # Submitting with a question left out says which one, in Russian.
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Насколько вам интересно учиться? — ответьте на этот вопрос."
    )
    # The focus is on the list of errors, so that a keyboard or screen-reader user starts from it.
    expect(page.get_by_role("alert")).to_be_focused()
    page.get_by_role("link", name="Насколько вам интересно учиться? — ответьте на этот вопрос.").click()
    expect(
        page.get_by_role("group", name="Насколько вам интересно учиться?").locator("legend")
    ).to_be_focused()
    assert_accessible(page)
    assert not Response.objects.exists()

    for text, value in (
        ("Насколько вам интересно учиться?", "7"),
        ("Насколько вы уверены в своих силах?", "5"),
        ("Как вы оцениваете свои учебные результаты?", "6"),
        ("Насколько ясно вы представляете свою будущую профессию?", "4"),
        ("Насколько легко вам общаться с одноклассниками и учителями?", "8"),
    ):
        page.get_by_role("group", name=text).get_by_label(value, exact=True).check()
    wishes = page.get_by_role("group", name="Чего вы ждёте от наставничества?")
    wishes.get_by_label("подготовка к экзаменам").check()
    wishes.get_by_label("профориентация").check()
    page.get_by_label("Что бы вы хотели изменить с помощью наставника?").fill("Сдать ОГЭ без страха")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_role("heading", name="Спасибо!")).to_be_visible()
    assert_accessible(page)
    response = Response.objects.get(survey=survey)
    motivation = Question.objects.get(section__version=survey.version, key="mentee-motivation")
    assert response.answers.get(question=motivation).value == 7

    # The link works once.
    visit(page, link)
    expect(page.get_by_text("Эта анкета уже заполнена")).to_be_visible()

    # The curator, on a desktop.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, url, "curator_a", PASSWORD)
    visit(page, f"{url}/monitoring/programs/{world.program.pk}/")
    page.get_by_role("link", name="Входная анкета наставляемых").click()
    assert_accessible(page)
    expect(page.get_by_text("Ответили 1 из 1")).to_be_visible()
    chart = page.get_by_role("img", name="Насколько вам интересно учиться?")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Насколько вам интересно учиться?")
    expect(table.get_by_role("row", name="7 1")).to_be_visible()
    page.get_by_role("link", name="Ответы участников").click()
    assert_accessible(page)
    expect(page.get_by_role("row", name=cast.mentee_a.person.full_name)).to_contain_text(
        "Сдать ОГЭ без страха"
    )


def test_every_monitoring_page_is_accessible(page, live_server, cast, world):
    url = live_server.url
    survey = services.survey_create(
        program=world.program,
        questionnaire=world.mentee_entry,
        title="Входная анкета",
        recipients=Survey.Recipients.MENTEES,
        stage=Survey.Stage.ENTRY,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    invitation = survey.invitations.get()
    values = {}
    for question in services.questions_to_ask(invitation):
        values[question.pk] = {"scale": 6, "yes_no": 1}.get(question.kind) or (
            [question.options.all()[0].pk] if question.options.all() else "Хорошо"
        )
    services.response_submit(invitation=invitation, values=values)

    log_in(page, url, "coordinator", PASSWORD)
    for path in (
        "/monitoring/",
        "/monitoring/questionnaires/",
        f"/monitoring/questionnaires/{world.mentee_entry.pk}/",
        "/monitoring/questionnaires/new/",
        "/monitoring/surveys/",
        f"/monitoring/programs/{world.program.pk}/",
        f"/monitoring/programs/{world.program.pk}/surveys/new/",
        f"/monitoring/surveys/{survey.pk}/",
    ):
        visit(page, url + path)
    visit(page, f"{url}/monitoring/questionnaires/{world.mentee_entry.pk}/")
    page.get_by_role("button", name="Скопировать для своего муниципалитета").click()
    page.wait_for_load_state()
    assert_accessible(page)
    copy_url = page.url
    page.get_by_role("link", name="Добавить вопрос").click()
    assert_accessible(page)
    page.get_by_role("button", name="Сохранить вопрос").click()
    expect(page.get_by_text("Обязательное поле.").first).to_be_visible()
    expect(page.get_by_role("alert")).to_be_focused()  # the summary of errors, linked to the fields
    page.get_by_role("link", name="Вопрос — Обязательное поле.").click()
    expect(page.locator("#id_text")).to_be_focused()
    assert_accessible(page)
    for path in ("settings/", "sections/new/"):
        visit(page, copy_url + path)

    page.context.clear_cookies()
    log_in(page, url, "curator_a", PASSWORD)
    for path in (f"/monitoring/surveys/{survey.pk}/links/", f"/monitoring/surveys/{survey.pk}/responses/"):
        visit(page, url + path)

    page.context.clear_cookies()
    log_in(page, url, "mentee_a", PASSWORD)
    visit(page, f"{url}/monitoring/my/")
    other = services.survey_create(
        program=world.program,
        questionnaire=world.mentee_completion,
        title="Итоговая анкета",
        recipients=Survey.Recipients.MENTEES,
        stage=Survey.Stage.COMPLETION,
        deadline=datetime.date.today() + datetime.timedelta(days=7),
    )
    visit(page, f"{url}/monitoring/my/")
    page.get_by_role("link", name="Итоговая анкета").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert page.url.endswith(f"/monitoring/my/{other.invitations.get().pk}/")
