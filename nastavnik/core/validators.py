from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_upload_size(uploaded) -> None:
    """Refuse an empty upload or one over ``MAX_UPLOAD_MB``, saying which file and what the limit is."""
    if uploaded.size == 0:
        raise ValidationError(
            _("Файл «%(name)s» пустой. Выберите файл с содержимым."),
            code="empty",
            params={"name": uploaded.name},
        )
    if uploaded.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            _(
                "Файл «%(name)s» больше %(limit)s МБ — это предельный размер. Уменьшите файл или дайте ссылку."
            ),
            code="file_too_large",
            params={"name": uploaded.name, "limit": settings.MAX_UPLOAD_MB},
        )
