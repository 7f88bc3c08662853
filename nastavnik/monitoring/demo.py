"""Monitoring in the demo district: surveys at entry and at completion in every demo program, answered
deterministically through the same services a participant uses, so the pages show results, satisfaction
and growth. Some meetings are logged and the young teachers' pairs completed, so that stage 1 has figures."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.monitoring import services
from nastavnik.monitoring.models import Invitation, QuestionKind, Questionnaire, Survey
from nastavnik.programs.models import Meeting, Pair, Program
from nastavnik.programs.services import meeting_log, pair_complete

ENTRY_SENT, ENTRY_DEADLINE, ENTRY_ANSWERED = date(2020, 10, 5), date(2020, 10, 20), date(2020, 10, 12)
COMPLETION_SENT, COMPLETION_DEADLINE, COMPLETION_ANSWERED = (
    date(2021, 5, 10),
    date(2021, 5, 28),
    date(2021, 5, 20),
)

TEXTS = [
    "Стало понятнее, как готовиться к экзаменам.",
    "Больше встреч в живом формате.",
    "Наставник помог поверить в свои силы.",
    "Хотелось бы больше практических заданий.",
]
SWOT = {
    "swot-strengths": "Опытные наставники, поддержка руководства, интерес обучающихся.",
    "swot-weaknesses": "Нагрузка педагогов, мало времени на встречи.",
    "swot-opportunities": "Партнёрство с колледжем и работодателями района.",
    "swot-threats": "Отток молодых специалистов, удалённость сёл.",
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 0)))


def _answers(
    invitation: Invitation, rng: random.Random, entry_values: dict, *, stage: str, day: date
) -> dict:
    values = {}
    for question in services.questions_to_ask(invitation, on=day):
        if question.kind == QuestionKind.SCALE:
            if question.is_satisfaction:
                value = rng.randint(7, 10)
            elif stage == Survey.Stage.ENTRY:
                value = rng.randint(3, 6)
                entry_values[(invitation.person_id, question.key)] = value
            else:
                value = min(10, entry_values.get((invitation.person_id, question.key), 5) + rng.randint(0, 3))
            values[question.pk] = value
        elif question.kind == QuestionKind.YES_NO:
            values[question.pk] = 1 if rng.random() < 0.8 else 0
        elif question.kind == QuestionKind.SINGLE:
            values[question.pk] = question.options.all()[rng.randrange(2)].pk
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.pk] = [option.pk for option in question.options.all()[:2]]
        elif question.key in SWOT:
            values[question.pk] = SWOT[question.key]
        elif question.asks_personal_data:
            continue
        else:
            values[question.pk] = TEXTS[rng.randrange(len(TEXTS))]
    return values


def _survey(
    program, key: str, title: str, recipients: str, stage: str, sent: date, deadline: date
) -> Survey | None:
    questionnaire = Questionnaire.objects.filter(builtin_key=key).first()
    if questionnaire is None:
        return None
    try:
        return services.survey_create(
            program=program,
            questionnaire=questionnaire,
            title=title,
            recipients=recipients,
            stage=stage,
            deadline=deadline,
            today=sent,
        )
    except ValidationError:  # a program with nobody to ask: nothing to show
        return None


def _fill(
    survey: Survey | None, rng: random.Random, entry_values: dict, day: date, *, skip_last: bool = False
):
    if survey is None:
        return
    invitations = list(
        survey.invitations.select_related("survey__version__questionnaire", "person").order_by("pk")
    )
    if skip_last and len(invitations) > 1:
        invitations = invitations[:-1]  # someone always forgets: the page shows N of M
    for invitation in invitations:
        values = _answers(invitation, rng, entry_values, stage=survey.stage, day=day)
        services.response_submit(invitation=invitation, values=values, now=_moment(day))


def _process(program: Program) -> None:
    """Meetings in every pair; the young teachers' pairs completed at the end of the year."""
    for pair in Pair.objects.filter(program=program).select_related("form").order_by("pk"):
        if Meeting.objects.filter(pair=pair).exists() or pair.is_closed:
            continue
        for index, topic in enumerate(["Знакомство", "Планирование", "Работа по плану", "Итоговая встреча"]):
            meeting_log(
                pair=pair,
                held_on=pair.started_on + timedelta(days=14 + 45 * index),
                format=Meeting.Format.IN_PERSON,
                duration_minutes=45,
                topic=topic,
            )
        if pair.form.is_teacher_model:
            pair_complete(
                pair=pair,
                results="Молодой специалист уверенно ведёт уроки и работает с родителями.",
                mentee_feedback="Спасибо наставнику за поддержку в первый год.",
                on=date(2021, 5, 25),
            )


@transaction.atomic
def demo_load(municipality) -> None:
    """Entry and completion surveys of mentees and mentors, the curator's questionnaire and SWOT, in every
    program of the demo municipality, answered deterministically; an interim survey in each program stays
    open, so that pupils (e.g. «uchenik1») have one to answer in «Мои анкеты»."""
    programs = list(
        Program.objects.filter(organization__municipality=municipality)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    for index, program in enumerate(programs):
        if program.surveys.exists():
            continue  # loaded already
        rng = random.Random(1000 + index)
        _process(program)
        entry_values: dict = {}
        for role, code, who in (
            ("mentee", "teacher-pupil", Survey.Recipients.MENTEES),
            ("mentee", "teacher-young", Survey.Recipients.MENTEES),
            ("mentor", "teacher-pupil", Survey.Recipients.MENTORS),
        ):
            label = "наставляемых" if role == "mentee" else "наставников"
            entry = _survey(
                program,
                f"{role}_entry-{code}",
                f"Входная анкета {label}",
                who,
                Survey.Stage.ENTRY,
                ENTRY_SENT,
                ENTRY_DEADLINE,
            )
            _fill(entry, rng, entry_values, ENTRY_ANSWERED)
            completion = _survey(
                program,
                f"{role}_completion-{code}",
                f"Итоговая анкета {label}",
                who,
                Survey.Stage.COMPLETION,
                COMPLETION_SENT,
                COMPLETION_DEADLINE,
            )
            _fill(completion, rng, entry_values, COMPLETION_ANSWERED, skip_last=index % 2 == 1)
        for key, title in (("curator", "Анкета куратора"), ("swot", "SWOT-анализ программы")):
            survey = _survey(
                program,
                key,
                title,
                Survey.Recipients.CURATORS,
                Survey.Stage.COMPLETION,
                COMPLETION_SENT,
                COMPLETION_DEADLINE,
            )
            _fill(survey, rng, entry_values, COMPLETION_ANSWERED)
        today = timezone.localdate()
        _survey(
            program,
            "mentee_completion-teacher-pupil",
            "Анкета в ходе программы",
            Survey.Recipients.MENTEES,
            Survey.Stage.INTERIM,
            today,
            today + timedelta(days=30),
        )
