import sys
import time

from django.core.management.base import BaseCommand

from intranet.search import backends, documents, index
from intranet.search.models import MissedUpdate


class Command(BaseCommand):
    help = "Write the search index again from the content (and Elasticsearch's, when configured)."

    def handle(self, *args, **options):
        started = time.monotonic()
        written, removed = index.rebuild(progress=self._progress)
        external = backends.elasticsearch()
        if external is not None:
            self.stdout.write("Building a new Elasticsearch index behind the alias")
            entries = [
                entry
                for _label, queryset in documents.sources()
                for entry in map(documents.build, queryset)
                if entry is not None
            ]
            external.rebuild(entries, progress=self._progress)
            MissedUpdate.objects.all().delete()  # the new index has everything
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {written} entries and removed {removed} stale ones in {seconds:.1f} s."
            )
        )

    def _progress(self, step, done, total):
        width = 24
        filled = width * done // max(total, 1)
        line = f"\r  {step:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if sys.stdout.isatty() or done == total:
            self.stdout.write(line + ("\n" if done == total else ""), ending="")
            self.stdout.flush()
