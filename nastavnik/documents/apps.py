from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "nastavnik.documents"
    verbose_name = _("Документы, партнёры и медиаплан")
