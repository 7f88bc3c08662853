from django.core.management.base import BaseCommand, CommandError

from nastavnik.demo.district import DEMO_PASSWORD, MUNICIPALITY_NAME, demo_district_load
from nastavnik.organizations.models import Municipality


class Command(BaseCommand):
    help = "Загрузить демонстрационный район (Чемальский район, Республика Алтай) и вывести логины."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="ничего не делать, если район уже загружен"
        )

    def handle(self, *args, if_empty=False, **options):
        if Municipality.objects.filter(name=MUNICIPALITY_NAME, is_demo=True).exists():
            if if_empty:
                self.stdout.write("Демонстрационный район уже загружен.")
                self._print_logins([])
                return
            raise CommandError("Демонстрационный район уже загружен.")
        logins = demo_district_load()
        self.stdout.write(self.style.SUCCESS(f"Загружен демонстрационный район: {MUNICIPALITY_NAME}."))
        self._print_logins(logins)

    def _print_logins(self, logins):
        from nastavnik.people.models import User

        usernames = [login.username for login in logins] or list(
            User.objects.filter(person__is_demo=True).order_by("pk").values_list("username", flat=True)
        )
        described = {login.username: f"{login.role}, {login.where}" for login in logins}
        self.stdout.write(f"Демо-логины (пароль для всех: {DEMO_PASSWORD}):")
        for username in usernames:
            self.stdout.write(f"  {username:<12} {described.get(username, '')}")
