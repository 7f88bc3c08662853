"""Expertise of implemented mentoring programs (roadmap activity 25).

A round (municipal or regional, for an academic year) has a rubric of weighted criteria; appointed
experts score the programs assigned to them, never those of their own organisation; the scores
aggregate into a ranking, and the best programs are marked for publication in the library of practices.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class ExpertiseRound(TimeStampedModel):
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("регион"),
        related_name="expertise_rounds",
        on_delete=models.CASCADE,
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        related_name="expertise_rounds",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("пусто — региональная экспертиза"),
    )
    academic_year = models.CharField(_("учебный год"), max_length=9, help_text=_("например, 2020/2021"))
    title = models.CharField(_("название"), max_length=300)
    deadline = models.DateField(_("срок экспертизы"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто создал"), null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("экспертиза программ")
        verbose_name_plural = _("экспертизы программ")
        ordering = ["-academic_year", "-deadline", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"

    def get_absolute_url(self) -> str:
        return reverse("expertise:round-detail", args=[self.pk])

    @property
    def scope_name(self) -> str:
        return str(self.municipality or self.region)


class Criterion(models.Model):
    """A criterion of the round's rubric: scored from 0 to ``max_score``, weighing ``weight``."""

    round = models.ForeignKey(
        ExpertiseRound, verbose_name=_("экспертиза"), related_name="criteria", on_delete=models.CASCADE
    )
    title = models.CharField(_("критерий"), max_length=300)
    description = models.TextField(_("что оценивается"), blank=True)
    weight = models.PositiveSmallIntegerField(_("вес"), default=1)
    max_score = models.PositiveSmallIntegerField(_("наибольший балл"), default=5)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("критерий")
        verbose_name_plural = _("критерии")
        ordering = ["round", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            ),
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1, max_score__lte=100), name="criterion_max_score_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RoundExpert(models.Model):
    """An expert appointed to a round (a person holding the expert role)."""

    round = models.ForeignKey(
        ExpertiseRound, verbose_name=_("экспертиза"), related_name="experts", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("эксперт"), related_name="expertise_rounds", on_delete=models.PROTECT
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто назначил"), null=True, on_delete=models.SET_NULL
    )
    appointed_at = models.DateTimeField(_("когда назначен"), auto_now_add=True)

    class Meta:
        verbose_name = _("эксперт экспертизы")
        verbose_name_plural = _("эксперты экспертизы")
        ordering = ["round", "person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="unique_round_expert")]

    def __str__(self) -> str:
        return str(self.person)


class Assignment(TimeStampedModel):
    """A program given to an expert to score."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("не начата")
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("отправлена")

    round = models.ForeignKey(
        ExpertiseRound, verbose_name=_("экспертиза"), related_name="assignments", on_delete=models.CASCADE
    )
    expert = models.ForeignKey(
        "people.Person",
        verbose_name=_("эксперт"),
        related_name="expertise_assignments",
        on_delete=models.PROTECT,
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("программа"),
        related_name="expertise_assignments",
        on_delete=models.CASCADE,
    )
    status = models.CharField(_("состояние"), max_length=16, choices=Status.choices, default=Status.ASSIGNED)
    comment = models.TextField(_("общий комментарий эксперта"), blank=True)
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)

    class Meta:
        verbose_name = _("программа на экспертизе")
        verbose_name_plural = _("программы на экспертизе")
        ordering = ["round", "program__organization__name", "expert__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "expert", "program"], name="unique_expertise_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.expert}"

    def get_absolute_url(self) -> str:
        return reverse("expertise:assignment-score", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("программа на экспертизе"), related_name="scores", on_delete=models.CASCADE
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("критерий"), related_name="scores", on_delete=models.CASCADE
    )
    value = models.PositiveSmallIntegerField(_("балл"), null=True, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)

    class Meta:
        verbose_name = _("оценка по критерию")
        verbose_name_plural = _("оценки по критериям")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="unique_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class PublicationMark(models.Model):
    """A program the round recommends for publication (the library of practices reads these)."""

    round = models.ForeignKey(
        ExpertiseRound,
        verbose_name=_("экспертиза"),
        related_name="publication_marks",
        on_delete=models.CASCADE,
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("программа"),
        related_name="publication_marks",
        on_delete=models.CASCADE,
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто отметил"), null=True, on_delete=models.SET_NULL
    )
    marked_at = models.DateTimeField(_("когда отмечена"), auto_now_add=True)

    class Meta:
        verbose_name = _("программа, рекомендованная к публикации")
        verbose_name_plural = _("программы, рекомендованные к публикации")
        ordering = ["-marked_at"]
        constraints = [models.UniqueConstraint(fields=["round", "program"], name="unique_publication_mark")]

    def __str__(self) -> str:
        return str(self.program)
