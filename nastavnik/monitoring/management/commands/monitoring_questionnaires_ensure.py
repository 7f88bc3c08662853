from django.core.management.base import BaseCommand

from nastavnik.monitoring.builtin import questionnaires_seed


class Command(BaseCommand):
    help = "Добавляет недостающие встроенные анкеты (по каждой форме наставничества, куратора, SWOT)."

    def handle(self, *args, **options):
        added = questionnaires_seed()
        self.stdout.write(f"Добавлено встроенных анкет: {added}")
