import time

from django.core.management.base import BaseCommand, CommandError

from intranet.demo.scale import SIZES, Progress, ScaleLoader, not_ready


class Command(BaseCommand):
    help = (
        "Add a large generated company on top of the demo (run load_demo first): "
        f"{SIZES['people']:,} people, {SIZES['posts']:,} posts, {SIZES['wiki pages']:,} wiki "
        f"pages, {SIZES['library items']:,} library items and more, times --scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every count (0.01 for a quick try)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed writes the same company."
        )

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        problem = not_ready()
        if problem:
            raise CommandError(problem)
        started = time.monotonic()
        self.stdout.write(f"Adding a company at scale {scale:g} (seed {seed}) to the demo")
        progress = Progress(self._write, tty=self.stdout.isatty())
        loader = ScaleLoader(scale=scale, seed=seed, progress=progress)
        counts = loader.run()
        minutes, seconds = divmod(time.monotonic() - started, 60)
        self.stdout.write(self.style.SUCCESS(f"Done in {minutes:.0f} min {seconds:.0f} s:"))
        width = max(map(len, counts))
        for what, count in counts.items():
            self.stdout.write(f"  {what:<{width}}  {count:>10,}")
        for what, urls in loader.notable.items():
            self.stdout.write(f"The {what}: {', '.join(urls)}")

    def _write(self, text, end):
        self.stdout.write(text, ending=end)
        self.stdout.flush()
