from django.core.management.base import BaseCommand

from nastavnik.programs.models import Program
from nastavnik.programs.services import program_checklist_ensure


class Command(BaseCommand):
    help = "Добавляет программам недостающие пункты чек-листов этапов (повторный запуск ничего не меняет)."

    def handle(self, *args, **options) -> None:
        added = sum(program_checklist_ensure(program) for program in Program.objects.iterator())
        self.stdout.write(f"Добавлено пунктов: {added}")
