"""The worker of consolidated reports: ``manage.py process_report_jobs`` (``--once`` from cron)."""

import time

from django.core.management.base import BaseCommand

from nastavnik.kpis.services import report_jobs_process


class Command(BaseCommand):
    help = "Формирует сводные отчёты из очереди (с --once — обрабатывает очередь и завершается)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="обработать очередь и выйти (для cron)")
        parser.add_argument("--interval", type=float, default=5.0, help="пауза между проверками, с")

    def handle(self, *args, once: bool = False, interval: float = 5.0, **options):
        while True:
            done = report_jobs_process()
            if done:
                self.stdout.write(f"Сформировано отчётов: {done}")
            if once:
                return
            time.sleep(interval)
