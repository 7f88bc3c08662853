from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "nastavnik.monitoring"
    verbose_name = _("Мониторинг и анкетирование")

    def ready(self) -> None:
        from nastavnik.monitoring.builtin import questionnaires_seed

        # After the programs app: the built-in questionnaires are made per form of mentoring.
        post_migrate.connect(questionnaires_seed, sender=self)
