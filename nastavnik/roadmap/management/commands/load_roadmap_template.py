from django.core.management.base import BaseCommand, CommandError

from nastavnik.organizations.models import Municipality
from nastavnik.roadmap.services import roadmap_load_template


class Command(BaseCommand):
    help = "Создать дорожную карту муниципалитета из встроенного шаблона (Чемальский район, 2020–2021)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="Название муниципалитета, например «Чемальский район»."
        )
        parser.add_argument(
            "--region", default="", help="Название региона, если муниципалитетов с таким названием несколько."
        )

    def handle(self, *args, municipality: str, region: str, **options):
        municipalities = Municipality.objects.filter(name=municipality.strip())
        if region:
            municipalities = municipalities.filter(region__name=region.strip())
        found = list(municipalities[:2])
        if not found:
            raise CommandError(f"Муниципалитет «{municipality}» не найден.")
        if len(found) > 1:
            raise CommandError(f"Муниципалитетов «{municipality}» несколько: укажите --region.")
        roadmap = roadmap_load_template(municipality=found[0])
        activities = roadmap.activities.count()
        flagged = roadmap.activities.filter(deadline_recognized=False).count()
        self.stdout.write(
            f"Дорожная карта №{roadmap.pk} «{roadmap.title}»: мероприятий {activities}, "
            f"сроков, требующих проверки, {flagged}."
        )
