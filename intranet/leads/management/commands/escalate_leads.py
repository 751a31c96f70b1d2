import time

from django.core.management.base import BaseCommand

from intranet.leads import services


class Command(BaseCommand):
    help = (
        "Pass unanswered leads on to their next suggested receiver once their time is up "
        "(LEADS_ESCALATE_HOURS*). Run it from cron, or with --loop as a small worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--every", type=int, default=300, help="Seconds between runs.")

    def handle(self, *args, loop=False, every=300, **options):
        while True:
            moved = services.escalate_due()
            self.stdout.write(f"Escalated {moved} unanswered leads.")
            if not loop:
                return
            time.sleep(every)
