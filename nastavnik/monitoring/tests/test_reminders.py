"""send_survey_reminders: the link to those who have not answered, at most once a day."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from nastavnik.monitoring import services
from nastavnik.monitoring.models import Questionnaire, Survey
from nastavnik.monitoring.tests.test_answering import filled, send


def _for_mentors():
    return Questionnaire.objects.get(builtin_key="mentor_entry-pupil-pupil")


def test_it_reminds_those_who_have_not_answered_once_a_day(cast, world):
    mentors = send(
        world,
        cast.curator_a,
        questionnaire=_for_mentors(),
        recipients=Survey.Recipients.MENTORS,
        title="Анкета наставника",
    )
    mentees = send(world, cast.curator_a)
    answered = mentees.invitations.get()
    values = {}
    form_data = filled(answered)
    for question in services.questions_to_ask(answered):
        value = form_data[f"q{question.pk}"]
        values[question.pk] = value
    services.response_submit(invitation=answered, values=values)

    now = timezone.now()
    reminded = services.survey_reminders_send(now=now)
    assert [i.survey for i in reminded] == [mentors]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mentor@example.org"]
    assert "Анкета наставника" in message.subject
    invitation = mentors.invitations.get()
    assert services.invitation_link(invitation) in message.body
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 1 and invitation.last_reminded_at == now

    assert services.survey_reminders_send(now=now + datetime.timedelta(hours=5)) == []
    assert services.survey_reminders_send(now=now + datetime.timedelta(days=2)) == []
    # A daily run a little earlier in the day still keeps the three-day rhythm.
    again = now + datetime.timedelta(days=3, minutes=-20)
    assert len(services.survey_reminders_send(now=again)) == 1
    assert len(services.survey_reminders_send(now=again + datetime.timedelta(days=3))) == 1
    assert len(mail.outbox) == 3
    # Three letters in all: no more, however long the deadline.
    assert services.survey_reminders_send(now=again + datetime.timedelta(days=6)) == []
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 3


def test_it_skips_closed_surveys_and_people_without_e_mail(cast, world):
    survey = send(world, cast.curator_a, questionnaire=_for_mentors(), recipients=Survey.Recipients.MENTORS)
    Survey.objects.filter(pk=survey.pk).update(deadline=datetime.date(2020, 1, 1))
    assert services.survey_reminders_send() == []
    open_one = send(
        world,
        cast.curator_a,
        questionnaire=Questionnaire.objects.get(builtin_key="curator"),
        recipients=Survey.Recipients.CURATORS,
    )
    cast.curator_a.person.email = ""
    cast.curator_a.person.save()
    assert services.survey_reminders_send() == [] and open_one.invitations.count() == 1


def test_the_command_has_a_dry_run(cast, world):
    send(
        world,
        cast.curator_a,
        questionnaire=_for_mentors(),
        recipients=Survey.Recipients.MENTORS,
        title="Анкета наставника",
    )
    out = io.StringIO()
    call_command("send_survey_reminders", "--dry-run", stdout=out)
    assert "mentor@example.org: Анкета наставника" in out.getvalue()
    assert "Будет отправлено напоминаний: 1" in out.getvalue()
    assert mail.outbox == []
    out = io.StringIO()
    call_command("send_survey_reminders", stdout=out)
    assert "Отправлено напоминаний: 1" in out.getvalue() and len(mail.outbox) == 1
