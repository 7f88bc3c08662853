from django.core.management.base import BaseCommand

from nastavnik.monitoring.services import survey_reminders_send


class Command(BaseCommand):
    help = (
        "Отправляет личную ссылку тем, кто ещё не ответил на открытый опрос: сразу, затем раз в три дня, "
        "не больше трёх писем каждому. Запускайте раз в день (cron или таймер systemd)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="показать, кому ушли бы письма, не отправляя"
        )

    def handle(self, *args, dry_run=False, **options):
        reminded = survey_reminders_send(dry_run=dry_run)
        for invitation in reminded:
            self.stdout.write(
                f"{invitation.person.email}: {invitation.survey.title} (до {invitation.survey.deadline:%d.%m.%Y})"
            )
        verb = "Будет отправлено" if dry_run else "Отправлено"
        self.stdout.write(f"{verb} напоминаний: {len(reminded)}")
