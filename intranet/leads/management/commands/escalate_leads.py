from intranet.leads import services
from intranet.leads.management.loop import LoopCommand


class Command(LoopCommand):
    help = (
        "Pass unanswered leads on to their next suggested receiver once their time is up "
        "(LEADS_ESCALATE_HOURS*). Run it from cron, or with --loop as a small worker."
    )
    every = 300

    def round(self):
        return f"Escalated {services.escalate_due()} unanswered leads."
