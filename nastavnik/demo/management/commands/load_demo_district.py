from django.core.management.base import BaseCommand, CommandError

from nastavnik.demo.district import DEMO_PASSWORD, MUNICIPALITY_NAME, demo_district_load
from nastavnik.organizations.models import Municipality, RoleAssignment
from nastavnik.people.models import User


class Command(BaseCommand):
    help = "Загрузить демонстрационный район (Чемальский район, Республика Алтай) и вывести логины."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="ничего не делать, если район уже загружен"
        )

    def handle(self, *args, if_empty=False, **options):
        if Municipality.objects.filter(name=MUNICIPALITY_NAME, is_demo=True).exists():
            if not if_empty:
                raise CommandError("Демонстрационный район уже загружен.")
            self.stdout.write("Демонстрационный район уже загружен.")
        else:
            demo_district_load()
            self.stdout.write(self.style.SUCCESS(f"Загружен демонстрационный район: {MUNICIPALITY_NAME}."))
        self._print_logins()

    def _print_logins(self) -> None:
        users = User.objects.filter(person__is_demo=True).select_related("person").order_by("pk")
        first_roles: dict[int, RoleAssignment] = {}
        assignments = RoleAssignment.objects.filter(person__user__in=users).select_related(
            "region", "municipality", "organization"
        )
        for assignment in assignments.order_by("pk"):
            first_roles.setdefault(assignment.person_id, assignment)
        self.stdout.write(f"Демо-логины (пароль для всех: {DEMO_PASSWORD}):")
        for user in users:
            role = first_roles.get(user.person_id)
            described = f"{role.get_role_display()}, {role.scope}" if role else ""
            self.stdout.write(f"  {user.username:<12} {described}")
