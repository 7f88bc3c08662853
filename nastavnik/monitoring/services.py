"""Writes of the monitoring: editing questionnaires (with versions), sending surveys, taking answers."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from nastavnik.monitoring.models import (
    CHOICE_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Invitation,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
    Survey,
)
from nastavnik.people.models import Person
from nastavnik.programs.models import Program, ProgramParticipant

logger = logging.getLogger("nastavnik.monitoring")

_TOKEN_SALT = "nastavnik.monitoring.invitation"

# --- Versions ---------------------------------------------------------------------------------------------


def current_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    return questionnaire.versions.order_by("-number").first()


def version_is_frozen(version: QuestionnaireVersion) -> bool:
    """A version sent out in a survey (and so possibly answered) is never changed again."""
    return version.surveys.exists() or version.responses.exists()


def _copy_version(*, source: QuestionnaireVersion, questionnaire: Questionnaire, number: int):
    """A copy of ``source``'s sections, questions and options as version ``number`` of ``questionnaire``;
    returns it with the map old question pk → new question and old section pk → new section."""
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=number)
    question_map: dict[int, Question] = {}
    section_map: dict[int, Section] = {}
    for section in source.sections.prefetch_related("questions__options").order_by("position", "pk"):
        new_section = Section.objects.create(version=version, title=section.title, position=section.position)
        section_map[section.pk] = new_section
        for question in section.questions.all():
            options = list(question.options.all())
            old_pk = question.pk
            question.pk = None
            question.section = new_section
            question.save()
            question_map[old_pk] = question
            Option.objects.bulk_create(
                [Option(question=question, text=option.text, position=option.position) for option in options]
            )
    return version, question_map, section_map


def questionnaire_editable_version(*, questionnaire: Questionnaire):
    """The version edits go into: the current one, or — when it has been sent out — a new copy of it.
    Returns (version, question map, section map); the maps are empty when no copy was made."""
    version = current_version(questionnaire)
    if not version_is_frozen(version):
        return version, {}, {}
    return _copy_version(source=version, questionnaire=questionnaire, number=version.number + 1)


@transaction.atomic
def questionnaire_create(
    *, municipality, title: str, purpose: str, form=None, description: str = ""
) -> Questionnaire:
    """A municipality's own questionnaire, with its first version and an empty section."""
    questionnaire = Questionnaire(
        municipality=municipality, title=title, purpose=purpose, form=form, description=description
    )
    questionnaire.full_clean()
    questionnaire.save()
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    Section.objects.create(version=version, title=_("Основной раздел"), position=0)
    return questionnaire


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire, municipality) -> Questionnaire:
    """A municipality's own copy of a questionnaire (usually a built-in one), to adapt; item keys are
    kept, so its answers still compare with the original's."""
    copy = Questionnaire(
        municipality=municipality,
        title=questionnaire.title,
        purpose=questionnaire.purpose,
        form=questionnaire.form,
        description=questionnaire.description,
    )
    copy.full_clean()
    copy.save()
    _copy_version(source=current_version(questionnaire), questionnaire=copy, number=1)
    return copy


def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    title: str,
    purpose: str,
    form=None,
    description: str = "",
    is_archived: bool = False,
) -> Questionnaire:
    """The questionnaire's title, purpose and form (not its questions: those are versioned); an archived
    one is no longer offered for new surveys."""
    questionnaire.title, questionnaire.purpose = title, purpose
    questionnaire.form, questionnaire.description = form, description
    questionnaire.is_archived = is_archived
    questionnaire.full_clean()
    questionnaire.save(update_fields=["title", "purpose", "form", "description", "is_archived", "updated_at"])
    return questionnaire


def _check_question(*, version, question_pk, key, kind, is_satisfaction, options) -> None:
    errors = {}
    if kind in CHOICE_KINDS and len(options) < 2:
        errors["options"] = _(
            "Для вопроса с выбором укажите не меньше двух вариантов ответа, по одному в строке."
        )
    if kind not in CHOICE_KINDS and options:
        errors["options"] = _("Варианты ответа задаются только для вопросов с выбором.")
    if len(set(options)) != len(options):
        errors["options"] = _("Варианты ответа повторяются.")
    if is_satisfaction and kind not in (QuestionKind.SCALE, QuestionKind.YES_NO):
        errors["is_satisfaction"] = _(
            "В индекс удовлетворённости входят только шкалы 1–10 и вопросы «да/нет»."
        )
    duplicate = Question.objects.filter(section__version=version, key=key).exclude(pk=question_pk)
    if duplicate.exists():
        errors["key"] = _("Ключ «%(key)s» уже есть в этой анкете.") % {"key": key}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_save(
    *,
    questionnaire: Questionnaire,
    question: Question | None = None,
    section: Section,
    key: str,
    text: str,
    kind: str,
    help_text: str = "",
    required: bool = True,
    is_satisfaction: bool = False,
    asks_personal_data: bool = False,
    options: Iterable[str] = (),
) -> Question:
    """Add a question to the questionnaire, or change ``question`` (of its current version). When the
    current version has been sent out, the change goes into a new version and the old one stays as
    answered. An empty ``key`` gets the first free «q-N» of the questionnaire."""
    options = [text.strip() for text in options if text.strip()]
    version, question_map, section_map = questionnaire_editable_version(questionnaire=questionnaire)
    if not key:
        taken = set(Question.objects.filter(section__version=version).values_list("key", flat=True))
        key = next(f"q-{n}" for n in range(1, len(taken) + 2) if f"q-{n}" not in taken)
    section = section_map.get(section.pk, section)
    if section.version_id != version.pk:
        raise ValidationError({"section": _("Раздел не из этой анкеты.")})
    if question is not None:
        question = question_map.get(question.pk, question)
        if question.section.version_id != version.pk:
            raise ValidationError(_("Вопрос не из этой анкеты."))
    _check_question(
        version=version,
        question_pk=question.pk if question else None,
        key=key,
        kind=kind,
        is_satisfaction=is_satisfaction,
        options=options,
    )
    if question is None:
        last = Question.objects.filter(section=section).aggregate(m=Max("position"))["m"]
        question = Question(section=section, position=0 if last is None else last + 1)
    elif question.section_id != section.pk:
        last = Question.objects.filter(section=section).aggregate(m=Max("position"))["m"]
        question.position = 0 if last is None else last + 1
    question.section = section
    question.key, question.text, question.kind, question.help_text = key, text, kind, help_text
    question.required, question.is_satisfaction = required, is_satisfaction
    question.asks_personal_data = asks_personal_data
    question.full_clean()
    question.save()
    question.options.all().delete()
    Option.objects.bulk_create(
        [Option(question=question, text=text, position=position) for position, text in enumerate(options)]
    )
    return question


@transaction.atomic
def question_delete(*, questionnaire: Questionnaire, question: Question) -> None:
    version, question_map, _sections = questionnaire_editable_version(questionnaire=questionnaire)
    question = question_map.get(question.pk, question)
    if question.section.version_id != version.pk:
        raise ValidationError(_("Вопрос не из этой анкеты."))
    question.delete()


@transaction.atomic
def question_move(*, questionnaire: Questionnaire, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (``up``) or below within its section."""
    version, question_map, _sections = questionnaire_editable_version(questionnaire=questionnaire)
    question = question_map.get(question.pk, question)
    siblings = list(Question.objects.filter(section=question.section).order_by("position", "pk"))
    index = [q.pk for q in siblings].index(question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def section_save(*, questionnaire: Questionnaire, title: str, section: Section | None = None) -> Section:
    version, _questions, section_map = questionnaire_editable_version(questionnaire=questionnaire)
    if section is None:
        last = Section.objects.filter(version=version).aggregate(m=Max("position"))["m"]
        section = Section(version=version, position=0 if last is None else last + 1)
    else:
        section = section_map.get(section.pk, section)
    section.title = title
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, questionnaire: Questionnaire, section: Section) -> None:
    """Remove a section with its questions (from a new version when the current one has been sent out);
    the last section stays, so that questions always have a place to go."""
    version, _questions, section_map = questionnaire_editable_version(questionnaire=questionnaire)
    section = section_map.get(section.pk, section)
    if Section.objects.filter(version=version).count() <= 1:
        raise ValidationError(_("В анкете должен остаться хотя бы один раздел."))
    section.delete()


# --- Surveys and invitations --------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The personal link's token: recomputed from the invitation's nonce with the secret key, never stored."""
    return salted_hmac(_TOKEN_SALT, invitation.nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    path = reverse("monitoring:answer-by-link", args=[invitation_token(invitation)])
    return settings.SITE_URL.rstrip("/") + path


def survey_recipients(*, program: Program, recipients: str, form=None) -> list[Person]:
    """Who a survey of ``program`` goes to: its base of mentors or of mentees, or its curators. A
    questionnaire made for one form of mentoring goes only to the participants of that form (and to
    those whose form is not recorded; a mentor also when they lead a pair of that form)."""
    if recipients == Survey.Recipients.CURATORS:
        people = program.curators.all()
    else:
        role = (
            ProgramParticipant.Role.MENTOR
            if recipients == Survey.Recipients.MENTORS
            else ProgramParticipant.Role.MENTEE
        )
        rows = ProgramParticipant.objects.filter(program=program, role=role)
        if form is not None:
            of_form = Q(form=form) | Q(form__isnull=True)
            if role == ProgramParticipant.Role.MENTOR:
                of_form |= Q(person__mentored_pairs__program=program, person__mentored_pairs__form=form)
            rows = rows.filter(of_form)
        people = Person.objects.filter(pk__in=rows.values("person_id"))
    return list(people.distinct().order_by("last_name", "first_name", "pk"))


def _new_invitation(survey: Survey, person: Person) -> Invitation:
    invitation = Invitation(survey=survey, person=person, nonce=secrets.token_hex(16))
    invitation.token_hash = token_hash(invitation_token(invitation))
    return invitation


Purpose = Questionnaire.Purpose
#: Whom a questionnaire of each purpose is for, and the stage it must not be sent at (an entry
#: questionnaire at completion or the reverse would put its answers on the wrong side of «before/after»).
_PURPOSE_RECIPIENTS = {
    Purpose.MENTOR_ENTRY: Survey.Recipients.MENTORS,
    Purpose.MENTOR_COMPLETION: Survey.Recipients.MENTORS,
    Purpose.MENTEE_ENTRY: Survey.Recipients.MENTEES,
    Purpose.MENTEE_COMPLETION: Survey.Recipients.MENTEES,
    Purpose.CURATOR: Survey.Recipients.CURATORS,
    Purpose.SWOT: Survey.Recipients.CURATORS,
}
_PURPOSE_WRONG_STAGE = {
    Purpose.MENTOR_ENTRY: Survey.Stage.COMPLETION,
    Purpose.MENTEE_ENTRY: Survey.Stage.COMPLETION,
    Purpose.MENTOR_COMPLETION: Survey.Stage.ENTRY,
    Purpose.MENTEE_COMPLETION: Survey.Stage.ENTRY,
}


def _check_survey(*, program: Program, questionnaire: Questionnaire, recipients: str, stage: str) -> dict:
    """What is wrong with sending ``questionnaire`` to ``recipients`` of ``program`` at ``stage``."""
    errors = {}
    name = {"title": questionnaire.title}
    if questionnaire.municipality_id not in (None, program.organization.municipality_id):
        errors["questionnaire"] = _("Анкета «%(title)s» — другого муниципалитета.") % name
    elif not Question.objects.filter(section__version=current_version(questionnaire)).exists():
        errors["questionnaire"] = (
            _("В анкете «%(title)s» нет ни одного вопроса: сначала добавьте вопросы.") % name
        )
    expected = _PURPOSE_RECIPIENTS.get(questionnaire.purpose)
    if expected and recipients != expected:
        errors["recipients"] = _(
            "Анкета «%(title)s» предназначена для группы «%(expected)s»: выберите эту группу "
            "или другую анкету."
        ) % {**name, "expected": Survey.Recipients(expected).label}
    if _PURPOSE_WRONG_STAGE.get(questionnaire.purpose) == stage:
        errors["stage"] = _(
            "Анкета «%(title)s» — %(purpose)s: её нельзя рассылать на этапе «%(stage)s», иначе ответы "
            "попадут не в ту сторону сравнения «до» и «после»."
        ) % {**name, "purpose": questionnaire.get_purpose_display(), "stage": Survey.Stage(stage).label}
    return errors


@transaction.atomic
def survey_create(
    *,
    program: Program,
    questionnaire: Questionnaire,
    title: str,
    recipients: str,
    stage: str,
    deadline: date,
    is_anonymous: bool = False,
    user=None,
    today: date | None = None,
) -> Survey:
    """Send the questionnaire's current version to the program's mentors, mentees or curators: one
    invitation with a personal link each. The version is frozen from now on."""
    today = today or timezone.localdate()
    errors = _check_survey(program=program, questionnaire=questionnaire, recipients=recipients, stage=stage)
    if deadline < today:
        errors["deadline"] = _("Срок ответа не может быть в прошлом.")
    people = survey_recipients(program=program, recipients=recipients, form=questionnaire.form)
    if not people and "recipients" not in errors:
        errors["recipients"] = _(
            "В программе нет участников, которых можно опросить: сначала заполните базу."
        )
    if errors:
        raise ValidationError(errors)
    survey = Survey(
        program=program,
        version=current_version(questionnaire),
        title=title,
        recipients=recipients,
        stage=stage,
        deadline=deadline,
        is_anonymous=is_anonymous,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    survey.full_clean()
    survey.save()
    Invitation.objects.bulk_create([_new_invitation(survey, person) for person in people])
    return survey


def survey_deadline_change(*, survey: Survey, deadline: date, today: date | None = None) -> Survey:
    """Move the deadline (usually later, when too few have answered): never into the past. Links that
    have not been used work again until the new date."""
    today = today or timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("Срок ответа не может быть в прошлом.")})
    survey.deadline = deadline
    survey.full_clean()
    survey.save(update_fields=["deadline", "updated_at"])
    return survey


@transaction.atomic
def survey_invite_newcomers(*, survey: Survey, today: date | None = None) -> list[Invitation]:
    """Invite those who have joined the survey's group since it was sent (e.g. a mentee added to the base
    later): the same questionnaire version, a personal link each. Nobody is invited twice."""
    today = today or timezone.localdate()
    if survey.deadline < today:
        raise ValidationError(_("Срок ответа истёк: новых участников в этот опрос не пригласить."))
    people = survey_recipients(
        program=survey.program, recipients=survey.recipients, form=survey.version.questionnaire.form
    )
    invited = set(survey.invitations.values_list("person_id", flat=True))
    invitations = [_new_invitation(survey, person) for person in people if person.pk not in invited]
    Invitation.objects.bulk_create(invitations)
    return invitations


def respondent_is_minor(person: Person, on: date) -> bool:
    """A pupil whose birth date is unknown counts as a minor: a minor is never asked for personal data."""
    if person.birth_date is None:
        return (
            not ProgramParticipant.objects.filter(
                person=person,
                category__in=[ProgramParticipant.Category.TEACHER, ProgramParticipant.Category.EMPLOYEE],
            ).exists()
            and not person.roles.filter(role__in=["head", "curator", "responsible", "mentor"]).exists()
        )
    return person.is_minor_on(on)


def questions_to_ask(invitation: Invitation, *, on: date | None = None) -> list[Question]:
    """The questions of the survey's version this recipient is asked, in order: personal-data questions
    are left out for minors and in anonymous surveys (the analysis does not need them)."""
    on = on or timezone.localdate()
    questions = list(
        Question.objects.filter(section__version_id=invitation.survey.version_id)
        .select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    if invitation.survey.is_anonymous or respondent_is_minor(invitation.person, on):
        questions = [question for question in questions if not question.asks_personal_data]
    return questions


class AlreadyAnswered(Exception):
    """The invitation has been used: a questionnaire is submitted once."""


def _clean_value(question: Question, value):
    """The stored form of one answer (value, text, option pks), or a ValidationError in Russian."""
    empty = value in (None, "", [], ())
    if empty:
        if question.required:
            raise ValidationError(_("Ответьте на этот вопрос."))
        return None
    if question.kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not SCALE_MIN <= number <= SCALE_MAX:
            raise ValidationError(_("Выберите оценку от 1 до 10."))
        return (number, "", [])
    if question.kind == QuestionKind.YES_NO:
        if str(value) not in ("0", "1", "True", "False"):
            raise ValidationError(_("Выберите «да» или «нет»."))
        return (1 if str(value) in ("1", "True") else 0, "", [])
    if question.kind in CHOICE_KINDS:
        chosen = value if isinstance(value, (list, tuple, set)) else [value]
        allowed = {option.pk for option in question.options.all()}
        try:
            pks = [int(pk) for pk in chosen]
        except (TypeError, ValueError):
            pks = [-1]
        if not pks or not set(pks) <= allowed:
            raise ValidationError(_("Выберите вариант из списка."))
        if question.kind == QuestionKind.SINGLE and len(pks) > 1:
            raise ValidationError(_("Выберите только один вариант."))
        return (None, "", pks)
    text = str(value).strip()
    limit = 300 if question.kind == QuestionKind.SHORT_TEXT else 5000
    if len(text) > limit:
        raise ValidationError(_("Ответ длиннее %(limit)s знаков.") % {"limit": limit})
    if not text:
        if question.required:
            raise ValidationError(_("Ответьте на этот вопрос."))
        return None
    return (None, text, [])


def _respondent_form(invitation: Invitation):
    survey = invitation.survey
    if survey.is_anonymous:
        return survey.version.questionnaire.form
    role = {
        Survey.Recipients.MENTORS: ProgramParticipant.Role.MENTOR,
        Survey.Recipients.MENTEES: ProgramParticipant.Role.MENTEE,
    }.get(survey.recipients)
    if role is None:
        return None
    participant = (
        ProgramParticipant.objects.filter(
            program_id=survey.program_id, person_id=invitation.person_id, role=role
        )
        .select_related("form")
        .first()
    )
    return participant.form if participant and participant.form_id else survey.version.questionnaire.form


def response_submit(
    *, invitation: Invitation, values: Mapping[int, object], now: datetime | None = None
) -> Response:
    """Take the recipient's answers (question pk → value) once. Errors come back as a ValidationError
    keyed by question pk; an invitation that has been used raises ``AlreadyAnswered``.

    In an anonymous survey the response keeps neither the person nor the invitation, and the invitation
    records only that it was used, not when — so the answers cannot be traced back."""
    now = now or timezone.now()
    questions = questions_to_ask(invitation, on=timezone.localdate(now))
    errors: dict[str, list] = {}
    cleaned = {}
    for question in questions:
        try:
            cleaned[question.pk] = _clean_value(question, values.get(question.pk))
        except ValidationError as error:
            errors[str(question.pk)] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.is_used:
            raise AlreadyAnswered
        survey = invitation.survey
        response = Response.objects.create(
            survey=survey,
            version_id=survey.version_id,
            person=None if survey.is_anonymous else invitation.person,
            form=_respondent_form(invitation),
            submitted_on=timezone.localdate(now),
        )
        answers = []
        chosen = []
        for question in questions:
            stored = cleaned[question.pk]
            if stored is None:
                continue
            number, text, pks = stored
            answers.append(Answer(response=response, question=question, value=number, text=text))
            chosen.append(pks)
        Answer.objects.bulk_create(answers)
        Answer.options.through.objects.bulk_create(
            [
                Answer.options.through(answer_id=answer.pk, option_id=pk)
                for answer, pks in zip(answers, chosen, strict=True)
                for pk in pks
            ]
        )
        locked.is_used = True
        locked.used_at = None if survey.is_anonymous else now
        locked.save(update_fields=["is_used", "used_at"])
    invitation.is_used, invitation.used_at = locked.is_used, locked.used_at
    return response


# --- Reminders --------------------------------------------------------------------------------------------


#: The personal link goes out at the first run after sending, then again every few days while there is
#: no answer, but not more than this many letters in all: a pupil is not written to every day for weeks.
REMINDER_INTERVAL = timedelta(days=3)
MAX_REMINDERS = 3


def survey_reminders_send(*, now: datetime | None = None, dry_run: bool = False) -> list[Invitation]:
    """E-mail the personal link to everyone who has not answered an open survey yet (the deadline has not
    passed): at once, then every ``REMINDER_INTERVAL``, at most ``MAX_REMINDERS`` letters each. Returns the
    invitations reminded (or that would be, with ``dry_run``)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Invitation.objects.filter(
            is_used=False, survey__deadline__gte=today, reminders_sent__lt=MAX_REMINDERS
        )
        .exclude(person__email="")
        # An hour's slack, so that a daily run at about the same time keeps the rhythm.
        .exclude(last_reminded_at__gt=now - REMINDER_INTERVAL + timedelta(hours=1))
        .select_related("survey__program__organization", "person")
        .order_by("survey_id", "pk")
    )
    reminded = []
    for invitation in due:
        survey = invitation.survey
        subject = _("Анкета «%(title)s»: ответьте до %(deadline)s") % {
            "title": survey.title,
            "deadline": survey.deadline.strftime("%d.%m.%Y"),
        }
        body = _(
            "Здравствуйте, %(name)s!\n\n%(organization)s просит вас заполнить анкету «%(title)s» "
            "до %(deadline)s. Это займёт несколько минут.\n\nВаша личная ссылка (не пересылайте её):\n%(link)s\n"
        ) % {
            "name": invitation.person.first_name or invitation.person.full_name,
            "organization": survey.program.organization,
            "title": survey.title,
            "deadline": survey.deadline.strftime("%d.%m.%Y"),
            "link": invitation_link(invitation),
        }
        reminded.append(invitation)
        if dry_run:
            continue
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.person.email])
        invitation.last_reminded_at = now
        invitation.reminders_sent += 1
        invitation.save(update_fields=["last_reminded_at", "reminders_sent"])
        logger.info("survey reminder sent: survey=%s invitation=%s", survey.pk, invitation.pk)
    return reminded
