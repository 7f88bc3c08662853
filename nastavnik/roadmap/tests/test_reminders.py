from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from nastavnik.organizations.models import RoleAssignment
from nastavnik.roadmap.models import Activity, ReminderLog, Status
from nastavnik.roadmap.reminders import reminders_send
from nastavnik.roadmap.services import activities_bulk_create, roadmap_create, task_status_change


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://nastavnik.example.org"


def _run(*args) -> str:
    out = StringIO()
    call_command("send_roadmap_reminders", *args, stdout=out)
    return out.getvalue()


def _inbox() -> dict[str, str]:
    messages = {message.to[0]: message for message in mail.outbox}
    assert len(messages) == len(mail.outbox), "one digest per person"
    return {address: message.body for address, message in messages.items()}


def _email(user) -> str:
    return user.person.email


def test_it_emails_coordinators_about_the_district_and_schools_about_their_tasks(
    cast, roadmap, task_a, task_b
):
    # Everything in the fixture ended in 2020: activity 1 (the district's) and the tasks of 7 are overdue.
    _run()
    inbox = _inbox()
    assert set(inbox) == {
        _email(cast.coordinator),
        _email(cast.head_a),
        _email(cast.curator_a),
        _email(cast.curator_b),
    }
    coordinator = inbox[_email(cast.coordinator)]
    assert "Утверждение перечня образовательных организаций" in coordinator
    assert "Назначение кураторов" not in coordinator  # reminded through each school's task
    assert (
        f"https://nastavnik.example.org{roadmap.activities.get(number='1').get_absolute_url()}" in coordinator
    )
    curator = inbox[_email(cast.curator_a)]
    assert "ПРОСРОЧЕНО" in curator
    assert "Школа А: 7. Назначение кураторов" in curator
    assert f"https://nastavnik.example.org{task_a.get_absolute_url()}" in curator
    assert "Школа Б" not in curator
    assert "Здравствуйте, Иван Иванович!" in curator
    subject = mail.outbox[0].subject
    assert subject.startswith("Наставник: сроки дорожной карты")


def test_it_never_reminds_about_unrecognised_deadlines_or_people_without_such_roles(cast, roadmap):
    _run()
    bodies = "\n".join(_inbox().values())
    assert "Школа успеха" not in bodies  # 15.1 has no dates
    for persona in ("regional_admin", "responsible_a", "mentor_a", "expert", "outsider"):
        assert _email(getattr(cast, persona)) not in _inbox()


def test_it_does_not_send_the_same_reminder_twice_a_day(cast, roadmap):
    _run()
    first = len(mail.outbox)
    assert ReminderLog.objects.count() == 4
    output = _run()
    assert len(mail.outbox) == first
    assert "Отправлено писем: 0" in output
    assert "уже отправленных сегодня пропущено: 4" in output
    # New work due the same day is still reminded about, and only it.
    Activity.objects.create(
        roadmap=roadmap,
        number="30",
        title="Новое мероприятие",
        ends_on=timezone.localdate() + timedelta(days=2),
    )
    _run()
    assert len(mail.outbox) == first + 1
    body = mail.outbox[-1].body
    assert "30. Новое мероприятие" in body
    assert "Утверждение перечня" not in body
    assert "СРОК В БЛИЖАЙШИЕ 7 ДНЕЙ" in body


def test_it_sends_again_on_another_day(cast, roadmap):
    today = timezone.localdate()
    reminders_send(today=today)
    assert reminders_send(today=today).digests == []
    assert len(reminders_send(today=today + timedelta(days=1)).digests) == 4


def test_it_reminds_within_the_given_number_of_days(cast):
    today = timezone.localdate()
    roadmap = roadmap_create(title="Карта", municipality=cast.municipality)
    activities_bulk_create(
        roadmap=roadmap, rows=[{"number": "1", "title": "Скоро"}, {"number": "2", "title": "Позже"}]
    )
    Activity.objects.filter(number="1").update(starts_on=today, ends_on=today + timedelta(days=3))
    Activity.objects.filter(number="2").update(starts_on=today, ends_on=today + timedelta(days=10))
    result = reminders_send(days=7, dry_run=True)
    assert [[item.activity.title for item in d.items] for d in result.digests] == [["Скоро"]]
    result = reminders_send(days=14, dry_run=True)
    assert [[item.activity.title for item in d.items] for d in result.digests] == [["Скоро", "Позже"]]
    assert result.digests[0].overdue == []


def test_it_says_nothing_about_done_or_cancelled_work(cast, roadmap, task_a, task_b):
    task_status_change(task=task_a, status=Status.DONE)
    task_status_change(task=task_b, status=Status.CANCELLED)
    Activity.objects.filter(roadmap=roadmap, number="1").update(status=Status.DONE)
    _run()
    assert mail.outbox == []


def test_a_dry_run_sends_and_records_nothing(cast, roadmap):
    output = _run("--dry-run", "--days", "3")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert "Было бы отправлено писем: 4" in output
    assert f"{_email(cast.curator_a)} " in output
    assert "Школа А: 7. Назначение кураторов" in output


def test_it_writes_to_the_head_and_curators_of_a_schools_own_roadmap(cast):
    roadmap = roadmap_create(title="Карта школы", organization=cast.school_a)
    activities_bulk_create(
        roadmap=roadmap,
        rows=[{"number": "1", "title": "Положение о наставничестве", "deadline_text": "август 2020 года"}],
    )
    _run()
    assert set(_inbox()) == {_email(cast.head_a), _email(cast.curator_a)}


def test_it_leaves_out_ended_roles_and_falls_back_to_the_login_email(cast, roadmap):
    RoleAssignment.objects.filter(person=cast.head_a.person).update(
        ended_on=timezone.localdate() - timedelta(days=1)
    )
    cast.curator_a.person.email = ""
    cast.curator_a.person.save(update_fields=["email"])
    _run()
    inbox = _inbox()
    assert _email(cast.head_a) not in inbox
    assert cast.curator_a.email in inbox


def test_it_keeps_going_and_retries_later_when_the_mail_server_refuses(cast, roadmap, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def send(message, fail_silently=False):
        if message.to == [_email(cast.curator_b)]:
            raise OSError("550 mailbox unavailable")
        return original(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    result = reminders_send()
    assert result.failed == [_email(cast.curator_b)]
    assert len(mail.outbox) == 3
    assert not ReminderLog.objects.filter(email=_email(cast.curator_b)).exists()


def test_it_collects_reminders_in_a_fixed_number_of_queries(cast, roadmap, django_assert_num_queries):
    with django_assert_num_queries(4):  # activities, tasks, roles, today's log
        result = reminders_send(dry_run=True)
    assert len(result.digests) == 4
