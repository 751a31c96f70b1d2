"""Keeping the index in step with the content: write, remove, re-key and rebuild entries.

The database index (SearchEntry rows, searched through Wagtail) is always written; when
Elasticsearch is configured, the same entries are written there too. A write that cannot
reach Elasticsearch is remembered in the database index and caught up later.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction

from . import backends, documents
from .models import SearchAccess, SearchEntry, SearchFacet

logger = logging.getLogger(__name__)
_paused = ContextVar("search_index_paused", default=False)


@contextmanager
def paused():
    """Content changes inside do not touch the index: for bulk loads that rebuild afterwards."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_paused():
    return _paused.get()


@transaction.atomic
def write(entry):
    """Store one documents.Entry, replacing what the index held under its key."""
    row, _created = SearchEntry.objects.update_or_create(
        key=entry.key,
        defaults={
            "kind": entry.kind,
            "title": entry.title[:255],
            "body": entry.body,
            "url": entry.url,
            "community_id": entry.community_id,
            "author_id": entry.author_id,
            "date": entry.date,
            "year": entry.year,
            "language": entry.language,
            "document_type": entry.document_type,
            "outcome": entry.outcome,
        },
    )
    SearchAccess.objects.filter(entry=row).delete()
    SearchAccess.objects.bulk_create(SearchAccess(entry=row, key=key) for key in set(entry.access))
    SearchFacet.objects.filter(entry=row).delete()
    SearchFacet.objects.bulk_create(
        SearchFacet(entry=row, name=name, value=value[:100], label=label[:255])
        for name, value, label in dict.fromkeys(entry.facets)
    )
    backends.external_write([entry])
    return row


def remove(key):
    SearchEntry.objects.filter(key=key).delete()
    backends.external_remove([key])


def update(obj):
    """Index the object as it is now, or take it out when it should not be findable."""
    entry = documents.build(obj)
    if entry is None:
        remove(documents.key_of(obj))
    else:
        write(entry)


def rekey_community(community):
    """A community's visibility or state changed: its entries get its new access keys."""
    keys = documents.permissions.content_keys(community)
    entries = SearchEntry.objects.filter(community=community)
    SearchAccess.objects.filter(entry__in=entries).delete()
    SearchAccess.objects.bulk_create(
        SearchAccess(entry_id=pk, key=key)
        for pk in entries.values_list("pk", flat=True)
        for key in keys
    )
    backends.external_rekey(community.pk, keys)


def rebuild(progress=lambda label, done, total: None):
    """Write every entry again from the content, and drop entries of things that are gone."""
    seen = set()
    for label, queryset in documents.sources():
        objects = list(queryset)
        total = len(objects)
        for done, obj in enumerate(objects, 1):
            entry = documents.build(obj)
            if entry is not None:
                write(entry)
                seen.add(entry.key)
            if done % 50 == 0 or done == total:
                progress(label, done, total)
    stale = SearchEntry.objects.exclude(key__in=seen)
    removed = stale.count()
    stale.delete()
    analyze()
    return len(seen), removed


def analyze():
    """Refresh the query planner's statistics after many writes.

    Without them SQLite checks the full-text match row by row (hundreds of milliseconds at a
    few thousand entries instead of tens); PostgreSQL's autovacuum would get there later.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_searchentry, search_searchaccess, search_searchfacet")
