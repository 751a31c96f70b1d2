import time

from django.core.management.base import BaseCommand

from intranet.leads import webhooks


class Command(BaseCommand):
    help = (
        "Send due lead events to LEADS_WEBHOOK_URL, retrying failures with growing pauses. "
        "Run it from cron, or with --loop where no task worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--every", type=int, default=30, help="Seconds between runs.")

    def handle(self, *args, loop=False, every=30, **options):
        while True:
            delivered, failed = webhooks.deliver_due()
            if delivered or failed or not loop:
                self.stdout.write(f"Delivered {delivered} events, {failed} attempts failed.")
            if not loop:
                return
            time.sleep(every)
