from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel

ADULT_AGE = 18


class Person(TimeStampedModel):
    """A human being known to the system: staff, pupils, parents, partners' employees.

    One person may hold many roles over time (see ``organizations.RoleAssignment``);
    a minor's legal representatives are linked through ``LegalRepresentation``.
    """

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    patronymic = models.CharField(_("отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=40, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    teaching_since = models.PositiveSmallIntegerField(
        _("год начала педагогической работы"), null=True, blank=True
    )
    is_demo = models.BooleanField(_("демонстрационные данные"), default=False)

    class Meta:
        verbose_name = _("человек")
        verbose_name_plural = _("люди")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(Lower("last_name"), "first_name", name="person_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def is_minor_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age is not None and age < ADULT_AGE


class LegalRepresentation(models.Model):
    """A parent or guardian who consents and acts for a minor."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("мать")
        FATHER = "father", _("отец")
        GUARDIAN = "guardian", _("опекун (попечитель)")

    child = models.ForeignKey(
        Person, verbose_name=_("ребёнок"), related_name="representatives", on_delete=models.CASCADE
    )
    representative = models.ForeignKey(
        Person, verbose_name=_("законный представитель"), related_name="represented", on_delete=models.CASCADE
    )
    kind = models.CharField(_("кем приходится"), max_length=16, choices=Kind.choices, default=Kind.MOTHER)

    class Meta:
        verbose_name = _("законный представитель")
        verbose_name_plural = _("законные представители")
        constraints = [
            models.UniqueConstraint(fields=["child", "representative"], name="unique_legal_representation"),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("representative")), name="representative_is_not_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.representative} — {self.get_kind_display()} ({self.child})"


class User(AbstractUser):
    """A login. Belongs to a person; what it may do follows from that person's role assignments."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("человек"),
        null=True,
        blank=True,
        related_name="user",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        return self.person.full_name if self.person_id else self.username
