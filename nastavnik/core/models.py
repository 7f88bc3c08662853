from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who looked at or changed personal data, and when (152-ФЗ: access to personal data is audited)."""

    class Action(models.TextChoices):
        VIEW = "view", _("просмотр")
        CREATE = "create", _("создание")
        UPDATE = "update", _("изменение")
        DELETE = "delete", _("удаление")
        EXPORT = "export", _("выгрузка")
        IMPORT = "import", _("загрузка")

    at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("пользователь"), null=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("действие"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("тип объекта"), max_length=64)
    object_id = models.CharField(_("объект"), max_length=64, blank=True)
    description = models.CharField(_("описание"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("запись журнала доступа")
        verbose_name_plural = _("журнал доступа к персональным данным")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.user} {self.get_action_display()} {self.object_type}"


def upload_path(instance, filename: str) -> str:
    return f"imports/{instance.kind}/{instance.token}/{filename}"


class PendingImport(models.Model):
    """An uploaded file waiting for the user to confirm its preview.

    The file is parsed and validated again on confirmation and written all-or-nothing, so a preview
    never leaves anything half-written behind.
    """

    token = models.UUIDField(_("идентификатор"), unique=True)
    kind = models.CharField(_("вид загрузки"), max_length=32)
    scope_id = models.PositiveBigIntegerField(_("куда загружается"), null=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("имя файла"), max_length=255)
    file = models.FileField(_("файл"), upload_to=upload_path)

    class Meta:
        verbose_name = _("ожидающая загрузка")
        verbose_name_plural = _("ожидающие загрузки")

    def __str__(self) -> str:
        return self.filename
