from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel
from nastavnik.kpis.calculations import Indicator


class KpiTarget(TimeStampedModel):
    """The target value of an indicator for an academic year, set by the region (e.g. 70 % by 2024)."""

    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("регион"), related_name="kpi_targets", on_delete=models.CASCADE
    )
    indicator = models.CharField(_("показатель"), max_length=32, choices=Indicator.choices)
    academic_year = models.CharField(_("учебный год"), max_length=9)
    target_percent = models.DecimalField(
        _("целевое значение, %"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("целевое значение показателя")
        verbose_name_plural = _("целевые значения показателей")
        ordering = ["region", "academic_year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "academic_year"], name="unique_kpi_target_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(target_percent__gte=0, target_percent__lte=100),
                name="kpi_target_is_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.academic_year}: {self.target_percent} %"


def report_path(instance, filename: str) -> str:
    return f"kpi_reports/{instance.pk}/{filename}"


class ReportJob(models.Model):
    """A consolidated report of a municipality for an academic year, built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("в очереди")
        RUNNING = "running", _("формируется")
        DONE = "done", _("готов")
        FAILED = "failed", _("ошибка")

    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("муниципалитет"),
        related_name="kpi_reports",
        on_delete=models.CASCADE,
    )
    academic_year = models.CharField(_("учебный год"), max_length=9)
    status = models.CharField(_("состояние"), max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(
        _("готовность, %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    xlsx = models.FileField(_("отчёт XLSX"), upload_to=report_path, blank=True)
    pdf = models.FileField(_("отчёт PDF"), upload_to=report_path, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто заказал"), null=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(_("когда заказан"), auto_now_add=True)
    started_at = models.DateTimeField(_("начат"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершён"), null=True, blank=True)

    class Meta:
        verbose_name = _("сводный отчёт")
        verbose_name_plural = _("сводные отчёты")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="kpi_report_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="kpi_report_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.academic_year} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("kpis:report-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
