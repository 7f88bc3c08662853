"""Roadmaps (дорожные карты) of a municipality or an organisation, their activities and the proof of each."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class Status(models.TextChoices):
    """The status of an activity or of one organisation's task.

    «Просрочено» is never stored by a person: it is derived (see ``status_on``) when the end of the
    period has passed and the work is neither done nor cancelled.
    """

    PLANNED = "planned", _("запланировано")
    IN_PROGRESS = "in_progress", _("в работе")
    DONE = "done", _("выполнено")
    OVERDUE = "overdue", _("просрочено")
    CANCELLED = "cancelled", _("отменено")


#: Statuses a person may set by hand.
SETTABLE_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.CANCELLED)
CLOSED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})


def status_on(status: str, ends_on: date | None, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if status not in CLOSED_STATUSES and ends_on is not None and ends_on < today:
        return Status.OVERDUE
    return status


def number_sort_key(number: str) -> str:
    """«15.1» -> «00015.00001», so that 2 < 10 < 15 < 15.1 < 16 when sorted as text."""
    parts = re.findall(r"\d+", number)[:6]
    if not parts:
        return "~" + number.casefold()[:30]
    return ".".join(f"{int(part) % 100000:05d}" for part in parts)


class Roadmap(TimeStampedModel):
    """The plan of a municipality or of one organisation (exactly one of the two)."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        null=True,
        blank=True,
        related_name="roadmaps",
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        null=True,
        blank=True,
        related_name="roadmaps",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("название"), max_length=500)
    academic_year = models.CharField(_("учебный год"), max_length=20, blank=True)
    approved_order_number = models.CharField(_("номер приказа об утверждении"), max_length=50, blank=True)
    approved_order_date = models.DateField(_("дата приказа об утверждении"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("создал"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=False, organization__isnull=True)
                    | Q(municipality__isnull=True, organization__isnull=False)
                ),
                name="roadmap_has_exactly_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:roadmap-detail", args=[self.pk])

    @property
    def owner(self):
        return self.organization or self.municipality

    @property
    def is_municipal(self) -> bool:
        return self.municipality_id is not None

    @property
    def municipality_id_of_owner(self) -> int:
        return self.municipality_id or self.organization.municipality_id


class Activity(TimeStampedModel):
    """One line of a roadmap: what, who, which document proves it, and by when."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("дорожная карта"), related_name="activities", on_delete=models.CASCADE
    )
    number = models.CharField(_("номер"), max_length=20, blank=True)
    sort_key = models.CharField(max_length=40, editable=False, default="")
    position = models.PositiveIntegerField(_("порядок в таблице"), default=0)
    title = models.TextField(_("мероприятие"))
    responsible_text = models.TextField(_("ответственный"), blank=True)
    responsible_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("ответственная организация"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    responsible_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("ответственное лицо"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    expected_result = models.TextField(_("результат (вид документа)"), blank=True)
    deadline_text = models.CharField(_("срок (как записан)"), max_length=300, blank=True)
    starts_on = models.DateField(_("начало периода"), null=True, blank=True)
    ends_on = models.DateField(_("окончание периода"), null=True, blank=True)
    deadline_recognized = models.BooleanField(_("срок распознан"), default=True)
    deadline_note = models.CharField(_("пояснение к сроку"), max_length=300, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("дата выполнения"), null=True, blank=True)
    cascade_to_organizations = models.BooleanField(
        _("задача для каждой образовательной организации"), default=False
    )

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["sort_key", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"],
                condition=~Q(number=""),
                name="unique_activity_number_in_roadmap",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="activity_period_starts_before_end",
            ),
        ]
        indexes = [models.Index(fields=["roadmap", "sort_key"], name="activity_roadmap_order_idx")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    def save(self, *args, **kwargs):
        self.sort_key = number_sort_key(self.number)
        if kwargs.get("update_fields") is not None and "number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roadmap:activity-detail", args=[self.pk])

    @property
    def current_status(self) -> str:
        return status_on(self.status, self.ends_on)

    @property
    def current_status_label(self) -> str:
        return Status(self.current_status).label

    @property
    def needs_dates(self) -> bool:
        return not self.deadline_recognized


class OrganizationTask(TimeStampedModel):
    """A cascaded activity as one organisation's own piece of work."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("мероприятие"), related_name="tasks", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        related_name="roadmap_tasks",
        on_delete=models.CASCADE,
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("дата выполнения"), null=True, blank=True)

    class Meta:
        verbose_name = _("задача организации")
        verbose_name_plural = _("задачи организаций")
        ordering = ["activity__sort_key", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "organization"], name="unique_task_per_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.activity}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:task-detail", args=[self.pk])

    @property
    def current_status(self) -> str:
        return status_on(self.status, self.activity.ends_on)

    @property
    def current_status_label(self) -> str:
        return Status(self.current_status).label


def evidence_upload_path(instance: Evidence, filename: str) -> str:
    # A random folder: the file's URL is never guessable, and downloads go through an access check anyway.
    return f"roadmap/evidence/{uuid.uuid4().hex}/{filename}"


class Evidence(models.Model):
    """A document that proves an activity (or one organisation's task) was done: a file or a link."""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, related_name="evidence", on_delete=models.CASCADE
    )
    task = models.ForeignKey(
        OrganizationTask, null=True, blank=True, related_name="evidence", on_delete=models.CASCADE
    )
    title = models.CharField(_("название документа"), max_length=300)
    file = models.FileField(_("файл"), upload_to=evidence_upload_path, blank=True, max_length=300)
    url = models.URLField(_("ссылка"), blank=True, max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("загрузил"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждающий документ")
        verbose_name_plural = _("подтверждающие документы")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, task__isnull=True)
                | Q(activity__isnull=True, task__isnull=False),
                name="evidence_belongs_to_activity_or_task",
            ),
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="evidence_has_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class ActivityComment(models.Model):
    """A comment on an activity or a task; a status change is kept here too, as its history."""

    activity = models.ForeignKey(Activity, related_name="comments", on_delete=models.CASCADE)
    task = models.ForeignKey(
        OrganizationTask, null=True, blank=True, related_name="comments", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("автор"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("комментарий"), blank=True)
    status_from = models.CharField(_("прежний статус"), max_length=16, choices=Status.choices, blank=True)
    status_to = models.CharField(_("новый статус"), max_length=16, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий к мероприятию")
        verbose_name_plural = _("комментарии к мероприятиям")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(status_to=""), name="comment_has_text_or_status"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60] or f"{self.get_status_from_display()} → {self.get_status_to_display()}"


class ReminderLog(models.Model):
    """A deadline reminder sent to a person about an activity or one organisation's task.

    The unique constraints are what keeps ``send_roadmap_reminders`` from writing to the same person
    about the same work twice a day, however often cron runs it.
    """

    person = models.ForeignKey(
        "people.Person", verbose_name=_("получатель"), related_name="+", on_delete=models.CASCADE
    )
    email = models.EmailField(_("адрес"))
    activity = models.ForeignKey(
        Activity, verbose_name=_("мероприятие"), related_name="reminders", on_delete=models.CASCADE
    )
    task = models.ForeignKey(
        OrganizationTask,
        verbose_name=_("задача организации"),
        null=True,
        blank=True,
        related_name="reminders",
        on_delete=models.CASCADE,
    )
    overdue = models.BooleanField(_("просрочено"), default=False)
    sent_on = models.DateField(_("дата отправки"))
    sent_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("напоминание о сроке")
        verbose_name_plural = _("напоминания о сроках")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Two conditional constraints: NULL tasks would never collide in a single one.
            models.UniqueConstraint(
                fields=["person", "activity", "sent_on"],
                condition=Q(task__isnull=True),
                name="unique_activity_reminder_per_day",
            ),
            models.UniqueConstraint(
                fields=["person", "task", "sent_on"],
                condition=Q(task__isnull=False),
                name="unique_task_reminder_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.task or self.activity} ({self.sent_on:%d.%m.%Y})"
