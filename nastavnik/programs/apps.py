from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "nastavnik.programs"
    verbose_name = _("Программы наставничества")

    def ready(self) -> None:
        from nastavnik.programs.reference import reference_seed

        post_migrate.connect(reference_seed, sender=self)
