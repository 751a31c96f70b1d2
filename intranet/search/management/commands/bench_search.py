"""How fast search answers over a large index, measured, not asserted in a test.

Adds N synthetic entries (with access keys and facets) inside a transaction, runs a set of
queries as a member of a few communities, prints the median and 95th percentile, and rolls
everything back, so the database is left as it was.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from intranet.search import backends, index, languages
from intranet.search.models import Kind, SearchAccess, SearchEntry, SearchFacet

WORDS = (  # noqa: SIM905 (a sentence of words reads better than a list of strings)
    "cleaning guarding patrol alarm access control hvac ventilation heating cooling electrical "
    "lighting energy audit charging depot hospital clinic school office warehouse port retail "
    "tender framework quotation proposal renewal index price contract lot night weekend "
    "response routine hygiene theatre reception visitor badge camera roof chiller filter "
    "customer meeting reference debrief winner loser lesson risk staffing hours officer"
).split()
FILLER = [f"{a}{b}{c}" for a in "bdfgklmnprstv" for b in "aeiouy" for c in "lmnrst"]  # 468 words
QUERIES = [
    "cleaning hospital",
    "alarm",
    "tender framework",
    "hvac maintenance contract",
    '"night patrol"',
    "energy audit",
    "proposal",
    "access control school",
    "chiller",
    "winner lesson",
]


class Command(BaseCommand):
    help = "Measure search over N synthetic entries (default 20,000); nothing is kept."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=20_000)
        parser.add_argument("--rounds", type=int, default=5)

    def handle(self, *args, entries, rounds, **options):
        random.seed(7)
        with transaction.atomic():
            started = time.monotonic()
            self._fill(entries)
            self.stdout.write(f"Indexed {entries} entries in {time.monotonic() - started:.1f} s")
            keys = ["open", "user:1", "community:1", "community:2"]
            timings = {query: [] for query in QUERIES}
            for _round in range(rounds):
                for query in QUERIES:
                    began = time.perf_counter()
                    found = backends.search(backends.Query(text=query, keys=keys))
                    timings[query].append((time.perf_counter() - began) * 1000)
                    timings[query + " (hits)"] = found.total
            every = [t for query in QUERIES for t in timings[query]]
            for query in QUERIES:
                self.stdout.write(
                    f"  {query:<28} {statistics.median(timings[query]):7.1f} ms"
                    f"  {timings[query + ' (hits)']:>6} results"
                )
            p95 = statistics.quantiles(every, n=20)[-1]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Median {statistics.median(every):.1f} ms, 95th percentile {p95:.1f} ms "
                    f"over {len(every)} searches (results, facets and snippets included)."
                )
            )
            transaction.set_rollback(True)

    def _fill(self, count):
        now = timezone.now()
        kinds = [Kind.POST, Kind.LIBRARY, Kind.WIKI, Kind.PERSON]
        rows = [
            SearchEntry(
                key=f"bench:{n}",
                kind=random.choice(kinds),
                title=" ".join(random.choices(WORDS, k=5)).capitalize(),
                body=" ".join(random.sample(WORDS, 15) + random.choices(FILLER, k=100)),
                url=f"/bench/{n}/",
                date=now,
                year=now.year - random.randint(0, 5),
                language=random.choice(["en", "sv", "de", "fr"]),
            )
            for n in range(count)
        ]
        for row in rows:
            row.stemmed = row.stemmed_text()
        SearchEntry.objects.bulk_create(rows, batch_size=1000)
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(key__startswith="bench:").update(
                vector=languages.search_vector()
            )
        rows = list(SearchEntry.objects.filter(key__startswith="bench:"))
        SearchAccess.objects.bulk_create(
            (
                SearchAccess(entry=row, key=random.choice(["open", "community:1", "community:9"]))
                for row in rows
            ),
            batch_size=2000,
        )
        SearchFacet.objects.bulk_create(
            (
                SearchFacet(entry=row, name="tag", value=word, label=word)
                for row in rows
                for word in random.sample(WORDS, 2)
            ),
            batch_size=2000,
        )
        get_search_backend().add_bulk(SearchEntry, rows)
        index.analyze()
