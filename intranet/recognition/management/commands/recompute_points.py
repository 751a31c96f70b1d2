from django.core.management.base import BaseCommand

from intranet.recognition import services


class Command(BaseCommand):
    help = "Rebuild every recognition award from the records that earn it (after a rule change)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only report drift; exit 1 if there is any."
        )

    def handle(self, *args, check=False, **options):
        if check:
            expected, found = services.from_scratch(), services.current()
            drift = len(set(expected.items()) ^ set(found.items()))
            self.stdout.write(f"{drift} award rows differ from the records.")
            if drift:
                raise SystemExit(1)
            return
        changed = services.recompute()
        self.stdout.write(self.style.SUCCESS(f"Recomputed points: {changed} award rows changed."))
