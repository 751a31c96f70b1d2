"""The search index's entries: one per thing a person can find, with who may find it.

An entry is a flat copy of what search needs (text, facets, access keys), written by
documents.py from the real content. The database backend searches these rows through
Wagtail's search; the Elasticsearch backend indexes the same data as its own documents.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from . import languages


class Kind(models.TextChoices):
    POST = "post", _("Post")
    LIBRARY = "library", _("Library item")
    WIKI = "wiki", _("Wiki page")
    LEARNING = "learning", _("Learning")
    PERSON = "person", _("Person")


class SearchEntryQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class SearchEntry(index.Indexed, models.Model):
    key = models.CharField(max_length=64, unique=True)  # "post:12", "person:7"
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    community = models.ForeignKey(
        "community.CommunityPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    document_type = models.CharField(max_length=16, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    # Title and body as stems in the entry's language, for SQLite's full-text search (see
    # languages.py); on PostgreSQL `vector` holds them in the language's configuration.
    stemmed = models.TextField(blank=True, editable=False)
    vector = SearchVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("body"),
        index.SearchField("stemmed"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("kind"),
        index.FilterField("community_id"),
        index.FilterField("author_id"),
        index.FilterField("year"),
        index.FilterField("language"),
        index.FilterField("document_type"),
        index.FilterField("outcome"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.key

    def save(self, *args, update_fields=None, **kwargs):
        """Save with the text read in the entry's language: `stemmed`, or on PostgreSQL
        `vector`, which the database computes."""
        self.stemmed = self.stemmed_text()
        if update_fields is not None:
            update_fields = {*update_fields, "stemmed"}
        super().save(*args, update_fields=update_fields, **kwargs)
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(pk=self.pk).update(vector=languages.search_vector())

    def stemmed_text(self):
        """Title and body as stems in the entry's language, for SQLite's full-text search."""
        if connection.vendor == "postgresql":
            return ""
        return languages.stemmed(self.language, f"{self.title}\n{self.body}")


class SearchAccess(models.Model):
    """One access key of an entry: who may find it (see permissions.search_keys)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="access")
    key = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key", "entry"])]
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="one_access_key_once")]


class SearchFacet(models.Model):
    """A value of a facet with many values per entry: a customer, a product or a tag."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=16)  # "customer", "product", "tag"
    value = models.CharField(max_length=100)  # the slug
    label = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "entry"])]


class QueryLog(models.Model):
    """How often a query was asked on a day, and how often it found nothing; nobody's name."""

    query = models.CharField(max_length=200)
    date = models.DateField()
    searches = models.PositiveIntegerField(default=0)
    without_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="one_log_per_day")]
        indexes = [models.Index(fields=["date", "query"])]


class MissedUpdate(models.Model):
    """An entry Elasticsearch did not get while it was unreachable; sent again when it answers."""

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
