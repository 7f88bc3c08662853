"""Matching runs and what the curator decides around them.

A run is a stored draft: the proposed pairs with their scores and reasons and the mentees left without a
mentor, with the weights and rules it was computed with (a snapshot, so a later change of the settings
does not rewrite history). Pins and bans live either with one run (and are carried to the runs started
again from it) or with a program (kept for every later run that includes its mentees).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel
from nastavnik.matching.model import Weights


class ListJSONField(models.JSONField):
    """A JSON field that PostgreSQL's bulk insert sends as plain rows.

    Django 5.2 bulk-inserts through ``UNNEST`` of arrays; psycopg then escapes every quote of every JSON
    document on the client, which made storing a 10,000-mentee draft three times slower than SQLite.
    A field with ``get_placeholder`` opts out of that path (see ``InsertUnnest`` in Django).
    """

    def get_placeholder(self, value, compiler, connection) -> str:
        return "%s"


class Objective(models.TextChoices):
    MAX_SCORE = "max_score", _("наибольший общий балл")
    MAX_MATCHED_THEN_SCORE = (
        "max_matched_then_score",
        _("сначала как можно больше пар, затем наибольший балл"),
    )


def validate_weights(value) -> None:
    """Weights are a JSON object of integers with the names of ``model.Weights``."""
    if not isinstance(value, dict):
        raise ValidationError(_("Веса — это набор «название: число»."), code="weights_not_object")
    unknown = sorted(set(value) - set(Weights().to_dict()))
    if unknown:
        raise ValidationError(
            _("Неизвестные веса: %(names)s."), code="weights_unknown", params={"names": ", ".join(unknown)}
        )
    if any(isinstance(v, bool) or not isinstance(v, int) for v in value.values()):
        raise ValidationError(_("Каждый вес — целое число."), code="weights_not_integer")
    try:
        Weights.from_dict(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("Веса не приняты: %(error)s."), code="weights_invalid", params={"error": error}
        ) from error


class MatchingSettings(TimeStampedModel):
    """Weights and rules of matching: one row per program, or one per municipality for its coordinator's
    runs across organisations. Missing weights take the defaults of ``model.Weights``."""

    program = models.OneToOneField(
        "programs.Program",
        verbose_name=_("программа"),
        related_name="matching_settings",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    municipality = models.OneToOneField(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        related_name="matching_settings",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    weights = models.JSONField(_("веса"), default=dict, blank=True, validators=[validate_weights])
    same_school_for_peer_form = models.BooleanField(
        _("в форме «ученик – ученик» наставник только из той же школы"), default=True
    )
    min_peer_age_gap = models.PositiveSmallIntegerField(
        _("наставник-ученик старше наставляемого не меньше чем на, лет"),
        default=2,
        validators=[MaxValueValidator(10)],
    )
    allow_cross_organization = models.BooleanField(
        _("разрешить наставников из других организаций"), default=False
    )
    allow_partner_mentors = models.BooleanField(
        _("разрешить наставников — сотрудников организаций-партнёров"), default=True
    )
    allow_ended_early_again = models.BooleanField(
        _("снова предлагать пары, прекращённые досрочно"), default=False
    )
    ovz_only_prepared_mentors = models.BooleanField(
        _("обучающимся с ОВЗ — только наставники, подготовленные к работе с ними"), default=True
    )
    objective = models.CharField(
        _("цель подбора"), max_length=32, choices=Objective.choices, default=Objective.MAX_SCORE
    )

    class Meta:
        verbose_name = _("параметры подбора пар")
        verbose_name_plural = _("параметры подбора пар")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=False, municipality__isnull=True)
                | models.Q(program__isnull=True, municipality__isnull=False),
                name="matching_settings_program_xor_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(min_peer_age_gap__lte=10), name="matching_peer_gap_at_most_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Параметры подбора')}: {self.program or self.municipality}"

    def weights_object(self) -> Weights:
        return Weights.from_dict(self.weights or {})

    def rules_dict(self) -> dict:
        return {
            "same_school_for_peer_form": self.same_school_for_peer_form,
            "min_peer_age_gap": self.min_peer_age_gap,
            "allow_cross_organization": self.allow_cross_organization,
            "allow_partner_mentors": self.allow_partner_mentors,
            "allow_ended_early_again": self.allow_ended_early_again,
            "ovz_only_prepared_mentors": self.ovz_only_prepared_mentors,
        }


class MenteeChoice(TimeStampedModel):
    """A mentor the mentee would like, ranked 1–3 (the preference questionnaire of stage 5)."""

    mentee = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставляемый"),
        related_name="mentor_choices",
        on_delete=models.CASCADE,
    )
    mentor = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставник"),
        related_name="chosen_by",
        on_delete=models.CASCADE,
    )
    rank = models.PositiveSmallIntegerField(
        _("место в списке"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        verbose_name = _("выбор наставника")
        verbose_name_plural = _("выборы наставников")
        ordering = ["mentee", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "rank"], name="unique_choice_rank_per_mentee"),
            models.UniqueConstraint(fields=["mentee", "mentor"], name="unique_choice_mentor_per_mentee"),
            models.CheckConstraint(condition=models.Q(rank__gte=1, rank__lte=3), name="choice_rank_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.mentor_id}"


class MatchingRun(TimeStampedModel):
    """One computation of pairs: a draft until it is accepted (pairs created) or discarded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        ACCEPTED = "accepted", _("принят")
        DISCARDED = "discarded", _("отклонён")

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("программа"),
        related_name="matching_runs",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        related_name="matching_runs",
        on_delete=models.CASCADE,
    )
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("организации"), related_name="matching_runs"
    )
    academic_year = models.CharField(_("учебный год"), max_length=9, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("запущен заново из"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    objective = models.CharField(_("цель подбора"), max_length=32, choices=Objective.choices)
    weights = models.JSONField(_("веса"), default=dict)
    rules = models.JSONField(_("правила"), default=dict)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    mentee_count = models.PositiveIntegerField(_("наставляемых в подборе"), default=0)
    mentor_count = models.PositiveIntegerField(_("наставников в подборе"), default=0)
    matched = models.PositiveIntegerField(_("подобрано"), default=0)
    unmatched = models.PositiveIntegerField(_("без пары"), default=0)
    total_score = models.IntegerField(_("общий балл"), default=0)
    seconds = models.FloatField(_("время расчёта, с"), default=0)
    decided_at = models.DateTimeField(_("когда принят или отклонён"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто принял или отклонил"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    order_number = models.CharField(_("номер приказа о закреплении"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    started_on = models.DateField(_("дата начала работы пар"), null=True, blank=True)

    class Meta:
        verbose_name = _("подбор пар")
        verbose_name_plural = _("подборы пар")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(decided_at__isnull=False),
                name="matching_run_accepted_has_time",
            ),
        ]

    def __str__(self) -> str:
        scope = self.program or self.municipality
        return f"{_('Подбор')} №{self.pk}: {scope}"

    def get_absolute_url(self) -> str:
        return reverse("matching:run-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class MatchingDecision(TimeStampedModel):
    """A pin (keep this pair) or a ban (never this pair), for one run or for a program."""

    class Kind(models.TextChoices):
        PIN = "pin", _("закрепить пару")
        BAN = "ban", _("запретить пару")

    kind = models.CharField(_("решение"), max_length=8, choices=Kind.choices)
    mentee = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставляемый"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    mentor = models.ForeignKey(
        "programs.ProgramParticipant", verbose_name=_("наставник"), related_name="+", on_delete=models.CASCADE
    )
    run = models.ForeignKey(
        MatchingRun,
        verbose_name=_("подбор"),
        related_name="decisions",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("программа"),
        related_name="matching_decisions",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    reason = models.CharField(_("причина"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто решил"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("решение куратора о паре")
        verbose_name_plural = _("закреплённые и запрещённые пары")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(run__isnull=False, program__isnull=True)
                | models.Q(run__isnull=True, program__isnull=False),
                name="matching_decision_run_xor_program",
            ),
            models.UniqueConstraint(
                fields=["run", "mentee", "mentor"],
                condition=models.Q(run__isnull=False),
                name="unique_decision_per_run_pair",
            ),
            models.UniqueConstraint(
                fields=["program", "mentee", "mentor"],
                condition=models.Q(program__isnull=False),
                name="unique_decision_per_program_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentee_id}–{self.mentor_id}"


class ProposedPair(models.Model):
    """A pair the run proposes, with its score and the reasons that make it up."""

    run = models.ForeignKey(
        MatchingRun, verbose_name=_("подбор"), related_name="proposals", on_delete=models.CASCADE
    )
    mentee = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставляемый"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    mentor = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставник"),
        related_name="proposals",
        on_delete=models.CASCADE,
    )
    score = models.IntegerField(_("балл"))
    reasons = ListJSONField(_("из чего сложился балл"), default=list)
    shared_terms = ListJSONField(_("общие слова"), default=list)
    pinned = models.BooleanField(_("закреплена"), default=False)
    pair = models.ForeignKey(
        "programs.Pair",
        verbose_name=_("созданная пара (группа)"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("предложенная пара")
        verbose_name_plural = _("предложенные пары")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="unique_proposal_per_run_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}–{self.mentor_id}: {self.score}"


class UnmatchedMentee(models.Model):
    """A mentee the run left without a mentor, and why."""

    run = models.ForeignKey(
        MatchingRun, verbose_name=_("подбор"), related_name="unmatched_mentees", on_delete=models.CASCADE
    )
    mentee = models.ForeignKey(
        "programs.ProgramParticipant",
        verbose_name=_("наставляемый"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    code = models.CharField(_("код причины"), max_length=32)
    reason = models.TextField(_("почему без пары"))
    counts = ListJSONField(_("сколько наставников исключило каждое ограничение"), default=dict)

    class Meta:
        verbose_name = _("наставляемый без пары")
        verbose_name_plural = _("наставляемые без пары")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="unique_unmatched_per_run_mentee"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}: {self.code}"
