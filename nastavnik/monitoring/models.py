"""Questionnaires, their versions, surveys sent to a program's participants, invitations and answers.

A questionnaire's content lives in versions: once a version has been sent out in a survey it is frozen,
and editing the questionnaire makes a new version, so every answer keeps the wording it answered.

An anonymous survey's responses carry no link to a person or to an invitation: the invitation only records
that it was used (without the time), so nothing in the database leads from an answer to the one who gave it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("шкала от 1 до 10")
    SINGLE = "single", _("один вариант")
    MULTIPLE = "multiple", _("несколько вариантов")
    SHORT_TEXT = "short_text", _("краткий ответ")
    LONG_TEXT = "long_text", _("развёрнутый ответ")
    YES_NO = "yes_no", _("да или нет")


#: Kinds whose answer is one of the question's options (or several).
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
SCALE_MIN, SCALE_MAX = 1, 10


class Questionnaire(TimeStampedModel):
    """A questionnaire: built in (no municipality) or a municipality's own."""

    class Purpose(models.TextChoices):
        MENTOR_ENTRY = "mentor_entry", _("наставник — на входе в программу")
        MENTOR_COMPLETION = "mentor_completion", _("наставник — по завершении программы")
        MENTEE_ENTRY = "mentee_entry", _("наставляемый — на входе в программу")
        MENTEE_COMPLETION = "mentee_completion", _("наставляемый — по завершении программы")
        CURATOR = "curator", _("куратор")
        SWOT = "swot", _("SWOT-анализ")
        OTHER = "other", _("другое")

    title = models.CharField(_("название"), max_length=300)
    purpose = models.CharField(_("назначение"), max_length=20, choices=Purpose.choices)
    description = models.TextField(_("пояснение для участников"), blank=True)
    form = models.ForeignKey(
        "programs.MentoringForm",
        verbose_name=_("форма наставничества"),
        null=True,
        blank=True,
        related_name="questionnaires",
        on_delete=models.SET_NULL,
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        related_name="questionnaires",
        on_delete=models.CASCADE,
        help_text=_("пусто — встроенная анкета"),
    )
    builtin_key = models.SlugField(_("ключ встроенной анкеты"), max_length=80, blank=True)
    is_archived = models.BooleanField(_("в архиве"), default=False)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["purpose", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["builtin_key"],
                condition=~models.Q(builtin_key=""),
                name="unique_builtin_questionnaire",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:questionnaire-detail", args=[self.pk])

    @property
    def is_builtin(self) -> bool:
        return self.municipality_id is None


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("анкета"), related_name="versions", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField(_("номер версии"))
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("версия анкеты")
        verbose_name_plural = _("версии анкет")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="unique_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} (версия {self.number})"


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("версия"), related_name="sections", on_delete=models.CASCADE
    )
    title = models.CharField(_("название раздела"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("раздел анкеты")
        verbose_name_plural = _("разделы анкет")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question; ``key`` names the rated item across questionnaires, so that the answers at entry
    and at completion of the same person to the same item can be compared."""

    section = models.ForeignKey(
        Section, verbose_name=_("раздел"), related_name="questions", on_delete=models.CASCADE
    )
    key = models.SlugField(
        _("ключ пункта"),
        max_length=60,
        help_text=_("одинаковый в анкетах на входе и по завершении, чтобы сравнить «до» и «после»"),
    )
    text = models.CharField(_("вопрос"), max_length=500)
    help_text = models.CharField(_("подсказка"), max_length=300, blank=True)
    kind = models.CharField(_("тип вопроса"), max_length=16, choices=QuestionKind.choices)
    required = models.BooleanField(_("обязательный"), default=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_satisfaction = models.BooleanField(_("входит в индекс удовлетворённости"), default=False)
    asks_personal_data = models.BooleanField(
        _("запрашивает персональные данные"),
        default=False,
        help_text=_("не задаётся несовершеннолетним и в анонимных опросах"),
    )

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["section__position", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS


class Option(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("вопрос"), related_name="options", on_delete=models.CASCADE
    )
    text = models.CharField(_("вариант ответа"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответов")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Survey(TimeStampedModel):
    """A questionnaire version sent to one group of a program's participants at one stage."""

    class Recipients(models.TextChoices):
        MENTORS = "mentors", _("наставники")
        MENTEES = "mentees", _("наставляемые")
        CURATORS = "curators", _("кураторы")

    class Stage(models.TextChoices):
        ENTRY = "entry", _("на входе в программу")
        INTERIM = "interim", _("в ходе программы")
        COMPLETION = "completion", _("по завершении программы")

    program = models.ForeignKey(
        "programs.Program", verbose_name=_("программа"), related_name="surveys", on_delete=models.CASCADE
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("версия анкеты"),
        related_name="surveys",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("название опроса"), max_length=300)
    recipients = models.CharField(_("кого опрашиваем"), max_length=16, choices=Recipients.choices)
    stage = models.CharField(_("этап"), max_length=16, choices=Stage.choices)
    deadline = models.DateField(_("срок ответа"))
    is_anonymous = models.BooleanField(
        _("анонимный опрос"),
        default=False,
        help_text=_("ответы не связываются с человеком; сравнение «до» и «после» по участнику невозможно"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("опрос")
        verbose_name_plural = _("опросы")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:survey-detail", args=[self.pk])


class Invitation(models.Model):
    """One recipient's personal invitation. Only a hash of the link's token is stored: the token is
    recomputed from ``nonce`` with the server's secret key when a link has to be shown or sent."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("опрос"), related_name="invitations", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("участник"),
        related_name="survey_invitations",
        on_delete=models.CASCADE,
    )
    nonce = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, unique=True)
    is_used = models.BooleanField(_("ответ получен"), default=False)
    # Left empty in anonymous surveys: a time would let anyone match the invitation to the response.
    used_at = models.DateTimeField(_("когда ответил"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("последнее напоминание"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("напоминаний отправлено"), default=0)

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        ordering = ["survey", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="unique_invitation_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.person}"


class Response(models.Model):
    """A submitted questionnaire. In an anonymous survey ``person`` is empty and ``submitted_on`` is only
    the date."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("опрос"), related_name="responses", on_delete=models.CASCADE
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("версия анкеты"),
        related_name="responses",
        on_delete=models.PROTECT,
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("участник"),
        null=True,
        blank=True,
        related_name="survey_responses",
        on_delete=models.CASCADE,
    )
    form = models.ForeignKey(
        "programs.MentoringForm",
        verbose_name=_("форма наставничества"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    submitted_on = models.DateField(_("дата ответа"))

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=models.Q(person__isnull=False),
                name="one_response_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.submitted_on:%d.%m.%Y}"


class Answer(models.Model):
    """The answer to one question: a number (scale 1–10; yes = 1, no = 0), a text, or chosen options."""

    response = models.ForeignKey(Response, related_name="answers", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, related_name="answers", on_delete=models.PROTECT)
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    options = models.ManyToManyField(Option, related_name="answers", blank=True)

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0, value__lte=10),
                name="answer_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value if self.value is not None else self.text}"
