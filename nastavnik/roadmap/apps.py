from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "nastavnik.roadmap"
    verbose_name = _("Дорожные карты и документы")
