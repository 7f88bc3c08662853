"""Daily e-mail reminders about roadmap deadlines, for cron or a systemd timer.

15 8 * * *  cd /srv/nastavnik && .venv/bin/python manage.py send_roadmap_reminders --days 7
"""

from django.core.management.base import BaseCommand, CommandError

from nastavnik.roadmap.reminders import DEFAULT_DAYS, reminders_send


class Command(BaseCommand):
    help = (
        "Напомнить ответственным по электронной почте о просроченных мероприятиях и о сроках в ближайшие дни."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"За сколько дней до срока напоминать (по умолчанию {DEFAULT_DAYS}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Только показать, кому и о чём будет письмо; ничего не отправлять.",
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days не может быть отрицательным.")
        result = reminders_send(days=days, dry_run=dry_run)
        for digest in result.digests:
            self.stdout.write(
                f"{digest.email} ({digest.person}): просрочено {len(digest.overdue)}, скоро срок {len(digest.due)}"
            )
            if dry_run:
                for item in digest.items:
                    where = f"{item.task.organization}: " if item.task else ""
                    self.stdout.write(f"    {where}{item.activity} — до {item.ends_on:%d.%m.%Y}")
        sent = len(result.digests) - len(result.failed)
        verb = "Было бы отправлено писем" if dry_run else "Отправлено писем"
        self.stdout.write(
            f"{verb}: {sent}; напоминаний в них: {result.item_count}; "
            f"уже отправленных сегодня пропущено: {result.skipped}."
        )
        for email in result.failed:
            self.stderr.write(f"Не отправлено: {email}")
        if result.failed:
            raise CommandError(f"Не удалось отправить писем: {len(result.failed)}.")
