"""Object graphs for the monitoring tests: small questionnaires, surveys and answers built directly."""

from __future__ import annotations

import datetime

from nastavnik.monitoring.models import (
    Answer,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    Survey,
)
from nastavnik.programs.models import Program

Kind = QuestionKind


def questionnaire_with(
    items, *, purpose=Questionnaire.Purpose.MENTEE_ENTRY, municipality=None, title="Анкета"
):
    """A questionnaire with one version and one section; ``items`` are (key, kind, is_satisfaction)
    or (key, kind, is_satisfaction, [option texts])."""
    questionnaire = Questionnaire.objects.create(title=title, purpose=purpose, municipality=municipality)
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    section = Section.objects.create(version=version, title="Раздел", position=0)
    for position, item in enumerate(items):
        key, kind, satisfaction, *rest = item
        question = Question.objects.create(
            section=section,
            key=key,
            text=f"Вопрос {key}",
            kind=kind,
            position=position,
            is_satisfaction=satisfaction,
            required=False,
        )
        for index, text in enumerate(rest[0] if rest else []):
            Option.objects.create(question=question, text=text, position=index)
    return version


def program_in(organization, year="2020/2021", title="Программа"):
    return Program.objects.create(organization=organization, academic_year=year, title=title)


def survey_of(
    program, version, *, stage=Survey.Stage.ENTRY, recipients=Survey.Recipients.MENTEES, anonymous=False
):
    return Survey.objects.create(
        program=program,
        version=version,
        title=f"Опрос {stage}",
        recipients=recipients,
        stage=stage,
        deadline=datetime.date(2031, 5, 1),
        is_anonymous=anonymous,
    )


def respond(survey, person, values: dict):
    """A response with ``values`` by question key: an int for scales and yes/no, a str for texts,
    a list of option texts for choices."""
    response = Response.objects.create(
        survey=survey, version=survey.version, person=person, submitted_on=datetime.date(2021, 5, 1)
    )
    questions = {q.key: q for q in Question.objects.filter(section__version=survey.version)}
    for key, value in values.items():
        question = questions[key]
        if isinstance(value, list):
            answer = Answer.objects.create(response=response, question=question)
            answer.options.set(Option.objects.filter(question=question, text__in=value))
        elif isinstance(value, str):
            Answer.objects.create(response=response, question=question, text=value)
        else:
            Answer.objects.create(response=response, question=question, value=int(value))
    return response
