"""The documents of the target model: orders, local acts, working groups, partner agreements, the media plan.

Most records belong either to a municipality (the municipal centre's own papers) or to one organisation
(a school's papers) — exactly one of the two, enforced by a named check constraint.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


def document_upload_path(instance, filename: str) -> str:
    # A random folder: the file's URL is never guessable, and downloads go through an access check anyway.
    return f"documents/{uuid.uuid4().hex}/{filename}"


def template_upload_path(instance, filename: str) -> str:
    return f"documents/templates/{uuid.uuid4().hex}/{filename}"


class OwnedRecord(TimeStampedModel):
    """A record of a municipality or of one organisation, never both."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, organization__isnull=True)
                    | Q(municipality__isnull=True, organization__isnull=False)
                ),
                name="%(app_label)s_%(class)s_has_exactly_one_owner",
                violation_error_message=_("Укажите, чей это документ: муниципалитета или организации."),
            ),
        ]

    @property
    def owner(self):
        return self.organization or self.municipality

    @property
    def owner_municipality_id(self) -> int:
        return self.municipality_id or self.organization.municipality_id


class Document(OwnedRecord):
    """An entry of the registry: an order, a local act, a regulation, an agreement, recommendations."""

    class Kind(models.TextChoices):
        ORDER = "order", _("приказ")
        LOCAL_ACT = "local_act", _("локальный акт")
        REGULATION = "regulation", _("положение")
        AGREEMENT = "agreement", _("соглашение")
        GUIDELINES = "guidelines", _("методические рекомендации")
        OTHER = "other", _("иное")

    kind = models.CharField(_("вид документа"), max_length=16, choices=Kind.choices, default=Kind.ORDER)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    date = models.DateField(_("дата"), null=True, blank=True)
    issuer = models.CharField(_("кем издан"), max_length=300, blank=True)
    title = models.CharField(_("название"), max_length=500)
    file = models.FileField(_("файл"), upload_to=document_upload_path, blank=True, max_length=300)
    url = models.URLField(_("ссылка"), blank=True, max_length=500)
    proves_activity = models.ForeignKey(
        "roadmap.Activity",
        verbose_name=_("подтверждает мероприятие дорожной карты"),
        null=True,
        blank=True,
        related_name="documents",
        on_delete=models.SET_NULL,
    )
    proves_task = models.ForeignKey(
        "roadmap.OrganizationTask",
        verbose_name=_("подтверждает задачу организации"),
        null=True,
        blank=True,
        related_name="documents",
        on_delete=models.SET_NULL,
    )
    appointments = models.ManyToManyField(
        "organizations.RoleAssignment",
        verbose_name=_("кого назначает"),
        blank=True,
        related_name="appointing_documents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("внёс"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta(OwnedRecord.Meta):
        verbose_name = _("документ")
        verbose_name_plural = _("документы")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["kind", "date"], name="document_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display().capitalize()} {self.label} «{self.title}»".replace("  ", " ")

    def get_absolute_url(self) -> str:
        return reverse("documents:document-update", args=[self.pk])

    @property
    def label(self) -> str:
        """«№ 45 от 04.08.2020», the way a document is cited."""
        parts = []
        if self.number:
            parts.append(f"№ {self.number}")
        if self.date:
            parts.append(f"от {self.date:%d.%m.%Y}")
        return " ".join(parts)

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class WorkingGroup(OwnedRecord):
    """A municipal or school working group for introducing the target model (roadmap activity 4)."""

    title = models.CharField(_("название"), max_length=300)
    order = models.ForeignKey(
        Document,
        verbose_name=_("приказ о создании"),
        null=True,
        blank=True,
        related_name="working_groups",
        on_delete=models.SET_NULL,
    )

    class Meta(OwnedRecord.Meta):
        verbose_name = _("рабочая группа")
        verbose_name_plural = _("рабочие группы")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:working-group-detail", args=[self.pk])


class WorkingGroupMember(models.Model):
    class GroupRole(models.TextChoices):
        HEAD = "head", _("руководитель")
        MEMBER = "member", _("член")
        SECRETARY = "secretary", _("секретарь")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("рабочая группа"), related_name="members", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("человек"), related_name="working_groups", on_delete=models.PROTECT
    )
    role_in_group = models.CharField(
        _("роль в группе"), max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    duties = models.CharField(_("обязанности в группе"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("член рабочей группы")
        verbose_name_plural = _("члены рабочей группы")
        ordering = ["group", "role_in_group", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                name="unique_working_group_member",
                violation_error_message=_("Этот человек уже входит в рабочую группу."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role_in_group="head"),
                name="one_head_per_working_group",
                violation_error_message=_("У рабочей группы уже есть руководитель."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_in_group_display()}"

    @property
    def role_order(self) -> int:
        return [self.GroupRole.HEAD, self.GroupRole.SECRETARY, self.GroupRole.MEMBER].index(
            self.role_in_group
        )


class LocalActElement(models.TextChoices):
    """The six things the local acts of a school must settle (roadmap activity 9)."""

    TIMELINE = "timeline", _("Сроки внедрения целевой модели наставничества")
    RESPONSIBLE = "responsible", _("Назначение ответственных за внедрение и реализацию, с их обязанностями")
    MATERIAL = "material", _("Ответственные за материально-техническое обеспечение")
    MONITORING = "monitoring", _("Сроки мониторинга эффективности")
    RESULTS = "results", _("Планируемые результаты")
    REGULATION = "regulation", _("Положение о программе наставничества и дорожная карта ОО")


class LocalActChecklistItem(models.Model):
    """One ticked element of a school's local-acts checklist; a missing row means «not done yet»."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        related_name="local_act_checklist",
        on_delete=models.CASCADE,
    )
    element = models.CharField(_("элемент"), max_length=16, choices=LocalActElement.choices)
    # Deleting the act removes the tick: an element without its act is not settled.
    document = models.ForeignKey(
        Document, verbose_name=_("документ"), related_name="checklist_items", on_delete=models.CASCADE
    )
    note = models.CharField(_("где именно (пункт, раздел)"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("отметил"), null=True, blank=True, on_delete=models.SET_NULL
    )
    checked_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("элемент локальных актов")
        verbose_name_plural = _("чек-лист локальных актов")
        ordering = ["organization", "element"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "element"],
                name="unique_checklist_element",
                violation_error_message=_("Этот элемент уже отмечен."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_element_display()}"


class PartnerAgreement(TimeStampedModel):
    """An agreement between a school and a partner (roadmap activity 10)."""

    class PartnerType(models.TextChoices):
        EMPLOYER = "employer", _("работодатель")
        EDUCATION = "education", _("вуз или колледж")
        NGO = "ngo", _("НКО")
        CULTURE = "culture", _("культура")
        SPORT = "sport", _("спорт")
        OTHER = "other", _("иное")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        NEGOTIATION = "negotiation", _("на согласовании")
        EXPIRED = "expired", _("истекло")
        TERMINATED = "terminated", _("расторгнуто")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("образовательная организация"),
        related_name="partner_agreements",
        on_delete=models.PROTECT,
    )
    partner = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("партнёр из цифровой базы"),
        null=True,
        blank=True,
        related_name="agreements_as_partner",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "partner"},
    )
    partner_name = models.CharField(_("или наименование партнёра"), max_length=500, blank=True)
    partner_type = models.CharField(_("тип партнёра"), max_length=16, choices=PartnerType.choices)
    subject = models.TextField(_("предмет соглашения"))
    number = models.CharField(_("номер"), max_length=50, blank=True)
    signed_on = models.DateField(_("дата заключения"), null=True, blank=True)
    starts_on = models.DateField(_("действует с"), null=True, blank=True)
    ends_on = models.DateField(_("действует по"), null=True, blank=True, help_text=_("Пусто — бессрочно."))
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.NEGOTIATION)
    document = models.ForeignKey(
        Document,
        verbose_name=_("документ"),
        null=True,
        blank=True,
        related_name="partner_agreements",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("соглашение с партнёром")
        verbose_name_plural = _("соглашения с партнёрами")
        ordering = ["organization__name", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(partner_name=""),
                name="agreement_names_its_partner",
                violation_error_message=_("Выберите партнёра из цифровой базы или впишите его наименование."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="agreement_term_starts_before_end",
                violation_error_message=_("Дата окончания соглашения раньше даты начала."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.partner_label}"

    def get_absolute_url(self) -> str:
        return reverse("documents:agreement-update", args=[self.pk])

    @property
    def partner_label(self) -> str:
        return str(self.partner) if self.partner_id else self.partner_name

    def status_on(self, today: date | None = None) -> str:
        """«Истекло» is derived: an agreement in force whose term has ended has expired."""
        today = today or timezone.localdate()
        if self.status == self.Status.ACTIVE and self.ends_on is not None and self.ends_on < today:
            return self.Status.EXPIRED
        return self.status

    @property
    def current_status(self) -> str:
        return self.status_on()

    @property
    def current_status_label(self) -> str:
        return self.Status(self.current_status).label

    @property
    def expires_soon(self) -> bool:
        """In force and ending within 30 days: time to prolong it."""
        today = timezone.localdate()
        return (
            self.current_status == self.Status.ACTIVE
            and self.ends_on is not None
            and (self.ends_on - today).days <= 30
        )


class MediaPlanItem(OwnedRecord):
    """One line of the media plan of information support (roadmap activity 2)."""

    class Channel(models.TextChoices):
        SITE = "site", _("сайт")
        SOCIAL = "social", _("социальные сети")
        MEDIA = "media", _("СМИ")
        PARENT_MEETING = "parent_meeting", _("родительское собрание")
        OTHER = "other", _("иное")

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        PUBLISHED = "published", _("опубликовано")
        OVERDUE = "overdue", _("просрочено")

    topic = models.CharField(_("тема"), max_length=500)
    channel = models.CharField(_("канал"), max_length=16, choices=Channel.choices, default=Channel.SITE)
    planned_on = models.DateField(_("планируемая дата"))
    responsible_text = models.CharField(_("ответственный"), max_length=300, blank=True)
    responsible_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("ответственное лицо"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    published_url = models.URLField(_("ссылка на публикацию"), blank=True, max_length=500)
    published_on = models.DateField(_("дата публикации"), null=True, blank=True)

    class Meta(OwnedRecord.Meta):
        verbose_name = _("пункт медиаплана")
        verbose_name_plural = _("медиаплан")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("documents:media-update", args=[self.pk])

    @property
    def responsible_label(self) -> str:
        return self.responsible_person.full_name if self.responsible_person_id else self.responsible_text

    def status_on(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.published_on or self.published_url:
            return self.Status.PUBLISHED
        if self.planned_on < today:
            return self.Status.OVERDUE
        return self.Status.PLANNED

    @property
    def current_status(self) -> str:
        return self.status_on()

    @property
    def current_status_label(self) -> str:
        return self.Status(self.current_status).label


class DocumentTemplate(TimeStampedModel):
    """A municipality's own DOCX template for a generated order, used instead of the built-in one."""

    class Kind(models.TextChoices):
        ROADMAP_ORDER = "roadmap_order", _("Об утверждении дорожной карты")
        CURATORS_ORDER = "curators_order", _("О назначении кураторов")
        WORKING_GROUP_ORDER = "working_group_order", _("Об утверждении состава рабочей группы")
        PAIRS_ORDER = "pairs_order", _("О закреплении наставнических пар (групп)")

    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        related_name="document_templates",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("какой приказ"), max_length=32, choices=Kind.choices)
    file = models.FileField(_("шаблон DOCX"), upload_to=template_upload_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("загрузил"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("шаблон приказа")
        verbose_name_plural = _("шаблоны приказов")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="unique_template_per_municipality"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_kind_display()}"
