from intranet.leads import webhooks
from intranet.leads.management.loop import LoopCommand


class Command(LoopCommand):
    help = (
        "Send due lead events to LEADS_WEBHOOK_URL, retrying failures with growing pauses. "
        "Run it from cron, or with --loop where no task worker runs."
    )
    every = 30

    def round(self):
        delivered, failed = webhooks.deliver_due()
        return f"Delivered {delivered} events, {failed} attempts failed."
