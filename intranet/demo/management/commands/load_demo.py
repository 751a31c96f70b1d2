import sys
import time

from django.core.management.base import BaseCommand

from intranet.demo.loader import LOGINS, PASSWORD, DemoLoader


class Command(BaseCommand):
    help = "Load the Norrvik Group demo company. Safe to run again: existing data is kept."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.stdout.write("Loading the demo company (Norrvik Group)")
        created = DemoLoader(progress=self._progress).run()
        self.stdout.write("")
        seconds = time.monotonic() - started
        if any(created.values()):
            added = ", ".join(f"{count} {what}" for what, count in created.items() if count)
            self.stdout.write(self.style.SUCCESS(f"Added {added} in {seconds:.1f} s."))
        else:
            self.stdout.write("The demo company was already loaded; nothing was changed.")
        self.stdout.write(f"\nDemo logins (password for each: {PASSWORD}):")
        for username in LOGINS:
            self.stdout.write(f"  {username}")

    def _progress(self, step, done, total):
        width = 24
        filled = width * done // total
        line = f"\r  {step:<14} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if sys.stdout.isatty() or done == total:
            self.stdout.write(line + ("\n" if done == total else ""), ending="")
            self.stdout.flush()
