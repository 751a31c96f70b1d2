import time
from abc import ABC, abstractmethod

from django.core.management.base import BaseCommand


class LoopCommand(ABC, BaseCommand):
    """A command that does one round of work, from cron, or keeps doing it with --loop."""

    every = 60  # seconds between rounds with --loop

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--every", type=int, default=self.every, help="Seconds between rounds.")

    def handle(self, *args, loop=False, every=None, **options):
        while True:
            self.stdout.write(self.round())
            if not loop:
                return
            time.sleep(every or self.every)

    @abstractmethod
    def round(self):
        """Do the work once; return a line for the log."""
