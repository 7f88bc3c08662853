import time
from io import BytesIO

from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.roadmap.imports import COLUMNS, roadmap_import_commit
from nastavnik.roadmap.models import OrganizationTask


class _Rollback(Exception):
    pass


def _workbook(activities: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Дорожная карта")
    sheet.append([column.label for column in COLUMNS])
    for number in range(1, activities + 1):
        responsible = "Образовательные организации" if number % 2 else "МКУ «ЦО ДОО»"
        sheet.append(
            [str(number), f"Мероприятие {number}", responsible, "Приказ", "Сентябрь-октябрь 2020 года"]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Замер: загрузка дорожной карты XLSX и каскад на организации (всё откатывается)."

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=1000)
        parser.add_argument("--organizations", type=int, default=200)

    def handle(self, *args, activities: int, organizations: int, **options):
        data = _workbook(activities)
        try:
            with transaction.atomic():
                region, _ = Region.objects.get_or_create(name="Регион для замера")
                municipality = Municipality.objects.create(region=region, name="Муниципалитет для замера")
                Organization.objects.bulk_create(
                    Organization(municipality=municipality, name=f"Школа для замера {n}")
                    for n in range(organizations)
                )
                started = time.perf_counter()
                roadmap_import_commit(
                    data=data, filename="bench.xlsx", title="Замер", municipality=municipality
                )
                seconds = time.perf_counter() - started
                tasks = OrganizationTask.objects.filter(activity__roadmap__municipality=municipality).count()
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"BENCH roadmap_import activities={activities} organizations={organizations} "
            f"tasks={tasks} seconds={seconds:.2f}"
        )
