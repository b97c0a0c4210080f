"""Run queued background tasks (Django Tasks, database backend) and the periodic jobs."""

import os
import socket
import time

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker

from openvillage.core import periodic


class Command(BaseCommand):
    help = "Run background tasks and daily jobs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls.")
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        while True:
            for name in periodic.run_due_jobs():
                self.stdout.write(f"periodic job {name} done")
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
            if once:
                return
            time.sleep(interval)
