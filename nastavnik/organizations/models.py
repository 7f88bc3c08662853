from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class Region(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    code = models.CharField(_("код субъекта"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("регион"), related_name="municipalities", on_delete=models.PROTECT
    )
    name = models.CharField(_("название"), max_length=200)
    mentoring_centre = models.CharField(_("муниципальный центр наставничества"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("демонстрационные данные"), default=False)

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_municipality_name")]

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    """An educational organisation or a partner, with the counts the KPIs are computed from."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("общеобразовательная")
        PRESCHOOL = "preschool", _("дошкольная")
        ADDITIONAL = "additional", _("дополнительного образования")
        VOCATIONAL = "vocational", _("профессиональная")
        PARTNER = "partner", _("организация-партнёр")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("не начато")
        PREPARING = "preparing", _("подготовка")
        IMPLEMENTING = "implementing", _("внедряется")
        IMPLEMENTED = "implemented", _("внедрено")

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("муниципалитет"), related_name="organizations", on_delete=models.PROTECT
    )
    name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200, blank=True)
    kind = models.CharField(_("тип"), max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон"), max_length=60, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    status = models.CharField(
        _("статус внедрения ЦМН"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    pupils_total = models.PositiveIntegerField(_("обучающихся всего"), default=0)
    pupils_10_18 = models.PositiveIntegerField(_("обучающихся 10–18 лет"), default=0)
    pupils_15_18 = models.PositiveIntegerField(_("обучающихся 15–18 лет"), default=0)
    teachers_total = models.PositiveIntegerField(_("педагогов всего"), default=0)
    young_teachers = models.PositiveIntegerField(
        _("молодых педагогов (стаж 0–3 года или до 35 лет)"), default=0
    )

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["inn"], condition=~Q(inn=""), name="unique_organization_inn"),
            models.UniqueConstraint(
                Lower("name"), "municipality", name="unique_organization_name_in_municipality"
            ),
            models.CheckConstraint(
                condition=Q(pupils_10_18__lte=models.F("pupils_total")), name="pupils_10_18_within_total"
            ),
            models.CheckConstraint(
                condition=Q(pupils_15_18__lte=models.F("pupils_10_18")), name="pupils_15_18_within_10_18"
            ),
            models.CheckConstraint(
                condition=Q(young_teachers__lte=models.F("teachers_total")),
                name="young_teachers_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:organization-detail", args=[self.pk])


class RoleAssignment(TimeStampedModel):
    """A role a person holds within a region, a municipality or an organisation.

    Exactly one scope is set; what a user may see and change is derived from these rows
    (``organizations.access``). Revoking keeps the row with an end date: the history of
    appointments is part of the record.
    """

    class Role(models.TextChoices):
        REGIONAL_ADMIN = "regional_admin", _("региональный администратор")
        MUNICIPAL_COORDINATOR = "municipal_coordinator", _("муниципальный координатор")
        HEAD = "head", _("руководитель")
        CURATOR = "curator", _("куратор")
        RESPONSIBLE = "responsible", _("ответственное лицо")
        WORKING_GROUP = "working_group", _("член рабочей группы")
        MENTOR = "mentor", _("наставник")
        MENTEE = "mentee", _("наставляемый")
        PARENT = "parent", _("родитель (законный представитель)")
        EXPERT = "expert", _("эксперт")

    person = models.ForeignKey(
        "people.Person", verbose_name=_("человек"), related_name="roles", on_delete=models.CASCADE
    )
    role = models.CharField(_("роль"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(Region, null=True, blank=True, related_name="roles", on_delete=models.CASCADE)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, related_name="roles", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, related_name="roles", on_delete=models.CASCADE
    )
    order_number = models.CharField(_("номер приказа о назначении"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    started_on = models.DateField(_("действует с"), null=True, blank=True)
    ended_on = models.DateField(_("действует по"), null=True, blank=True)

    class Meta:
        verbose_name = _("назначение на роль")
        verbose_name_plural = _("назначения на роли")
        ordering = ["role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(region__isnull=False, municipality__isnull=True, organization__isnull=True)
                    | Q(region__isnull=True, municipality__isnull=False, organization__isnull=True)
                    | Q(region__isnull=True, municipality__isnull=True, organization__isnull=False)
                ),
                name="role_has_exactly_one_scope",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "organization"],
                condition=Q(ended_on__isnull=True, organization__isnull=False),
                name="unique_active_role_in_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.scope})"

    @property
    def scope(self):
        return self.organization or self.municipality or self.region

    @property
    def order_label(self) -> str:
        if not self.order_number and not self.order_date:
            return ""
        date_text = f" от {self.order_date:%d.%m.%Y}" if self.order_date else ""
        return f"№ {self.order_number}{date_text}".strip()
