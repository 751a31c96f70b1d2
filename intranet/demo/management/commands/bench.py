from django.core.management.base import BaseCommand, CommandError

from intranet.benchmark import run
from intranet.benchmark.client import ClientError
from intranet.benchmark.databases import DatabaseError
from intranet.benchmark.server import ServerError
from intranet.benchmark.targets import NotFound
from intranet.benchmark.wrk import WrkError

ERRORS = (run.BenchError, ClientError, DatabaseError, ServerError, NotFound, WrkError)


class Command(BaseCommand):
    help = (
        "Measure Guild's main pages under gunicorn and wrk, at demo and scale size, against a "
        "minimal Django view. Reports go to var/bench/<size>-<database>.md."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", default=list(run.SIZES), choices=run.SIZES)
        parser.add_argument(
            "--duration", type=int, default=20, help="seconds of load per page (default 20)"
        )
        parser.add_argument(
            "--rebuild-scale",
            action="store_true",
            help="build the scale database again rather than reuse it",
        )
        parser.add_argument(
            "--scale", type=float, help="passed to load_scale when the scale database is built"
        )
        parser.add_argument(
            "--measure",
            choices=run.SIZES,
            metavar="SIZE",
            help="measure the database this process is configured with (bench runs this itself)",
        )

    def handle(self, *args, sizes, duration, rebuild_scale, scale, measure, **options):
        if duration < 1:
            raise CommandError("--duration must be at least 1 second.")
        try:
            if measure:
                if not run.measure(measure, duration, say=self._say):
                    raise CommandError(f"Some pages of {measure} size could not be measured.")
            else:
                run.run(sizes, duration, rebuild_scale=rebuild_scale, scale=scale, say=self._say)
        except ERRORS as exc:
            raise CommandError(str(exc)) from exc
        except (KeyboardInterrupt, run.Stopped):
            raise CommandError("Interrupted; the servers are stopped.") from None

    def _say(self, line):
        self.stdout.write(line)
        self.stdout.flush()
