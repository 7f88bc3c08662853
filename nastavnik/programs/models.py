"""Mentoring programs and their pairs and groups.

The foundation holds only the shape the rest builds on: a program per organisation and academic year,
the forms of mentoring as editable reference data, and pairs/groups of one mentor with one or more
mentees.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class MentoringForm(models.Model):
    """A form of mentoring («ученик – ученик», «учитель – учитель», …): reference data, not an enum."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    is_teacher_model = models.BooleanField(_("форма наставничества педагогов"), default=False)

    class Meta:
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        related_name="programs",
        on_delete=models.PROTECT,
    )
    academic_year = models.CharField(_("учебный год"), max_length=9, help_text=_("например, 2020/2021"))
    title = models.CharField(_("название"), max_length=300)
    forms = models.ManyToManyField(MentoringForm, verbose_name=_("формы наставничества"), blank=True)

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")
        ordering = ["-academic_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "title"], name="unique_program_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"


class Pair(TimeStampedModel):
    """A pair or a group: one mentor, one or several mentees."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        PAUSED = "paused", _("приостановлена")
        COMPLETED = "completed", _("завершена")
        ENDED_EARLY = "ended_early", _("прекращена досрочно")

    program = models.ForeignKey(
        Program, verbose_name=_("программа"), related_name="pairs", on_delete=models.CASCADE
    )
    form = models.ForeignKey(MentoringForm, verbose_name=_("форма"), on_delete=models.PROTECT)
    mentor = models.ForeignKey(
        "people.Person", verbose_name=_("наставник"), related_name="mentored_pairs", on_delete=models.PROTECT
    )
    mentees = models.ManyToManyField(
        "people.Person", verbose_name=_("наставляемые"), related_name="mentee_pairs"
    )
    started_on = models.DateField(_("дата начала"))
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("пара (группа)")
        verbose_name_plural = _("пары и группы")
        ordering = ["program", "mentor__last_name"]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.form}"
