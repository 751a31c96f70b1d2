"""A large company on top of the demo, for benchmarks: `manage.py load_scale`.

At full size it adds 10,000 people, 50 communities of every policy, 80,000 posts with their
discussions, 20,000 wiki pages with their history, 20,000 library items with small PDF files,
learners part-way through the demo's onboarding path and a few thousand leads, and indexes
all of it for search. `--scale` multiplies every count. Text is put together from the word
lists at the end of this module.

Everything is written in bulk, in one transaction. Plain rows go through `insert`. Pages are
placed in Wagtail's tree here (treebeard path, depth and numchild, url_path, unique slugs) and
written as their wagtailcore_page rows, their own rows and their revisions. What the services
keep in step when people use the site is kept in step here too: automatic memberships and the
Wagtail groups that mirror them, links between wiki pages, exchange steps that complete from
real activity, recognition awards, the search index and the cached fragments. Communities are
few enough to be made through the real services, so their groups, permissions, collection and
sections (wiki, library, learning) are exactly what an editor's would be.
"""

import datetime
import hashlib
import json
import random
import re
import time
import unicodedata
import uuid
from bisect import bisect
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from itertools import accumulate

import snowballstemmer
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections, models, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backend

from intranet import caching
from intranet.community import membership
from intranet.community.discussion import week_start
from intranet.community.models import (
    Activity,
    BestComment,
    Comment,
    CommunityIndexPage,
    CommunityPage,
    Follow,
    HelpfulVote,
    Joining,
    Membership,
    Participation,
    PostKind,
    PostPage,
    PostTag,
    ReadReceipt,
    Role,
    Status,
    Verb,
    Visibility,
)
from intranet.html import clean_html
from intranet.i18n import sources
from intranet.leads.models import Event, Handoff, Lead, LeadEvent, Suggestion, Urgency
from intranet.leads.models import How as HandedBy
from intranet.leads.models import Status as LeadStatus
from intranet.learning import services as learning
from intranet.learning.blocks import questions
from intranet.learning.models import (
    Enrolment,
    How,
    LearningPathPage,
    QuestionResult,
    QuizAttempt,
    Step,
    StepProgress,
    Tier,
)
from intranet.learning.models import Status as StepStatus
from intranet.library import pdf
from intranet.library.files import safe_filename
from intranet.library.models import (
    DocumentType,
    LibraryFile,
    LibraryItemPage,
    LibraryPage,
    LibraryTag,
    Outcome,
    Region,
    Reuse,
)
from intranet.people.models import Profile, ProfileExpertise, ProfileInterest, User
from intranet.people.services import languages_for
from intranet.recognition import services as recognition
from intranet.recognition.models import Award
from intranet.search import backends as search_backends
from intranet.search import documents, languages
from intranet.search import index as search_index
from intranet.search.models import SearchAccess, SearchEntry, SearchFacet
from intranet.taxonomy import names
from intranet.taxonomy.models import Customer, Division, JobFunction, Location, Product
from intranet.wiki import links
from intranet.wiki.models import Watch, WikiIndexPage, WikiLink, WikiPage, title_key

from .loader import PASSWORD

SIZES = {
    "people": 10_000,
    "communities": 50,
    "customers": 400,
    "posts": 80_000,
    "wiki pages": 20_000,
    "library items": 20_000,
    "enrolments": 1_500,
    "leads": 3_000,
}
# The Sales Community's share of the content: the community the benchmark reads most.
SALES_SHARE = {"posts": 0.25, "wiki pages": 0.2, "library items": 0.3}
BUSIEST = 5  # posts whose discussion has exactly DISCUSSION comments
DISCUSSION = 50
MOST_COMMENTS = 40  # every other post has fewer, so the busiest posts are the busiest
LONG_HISTORY = 200  # revisions of one page of the Sales wiki
PATH = "new-sales-rep-onboarding"  # the demo's onboarding path
CHUNK = 2_000  # pages built and written at a time
YEARS = 3  # how far back the generated activity goes
YEAR = datetime.timedelta(days=365)
REVIEW_EVERY = datetime.timedelta(days=180)


def not_ready():
    """Why the scale data cannot be loaded into this database now, or None."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return "load_scale writes to SQLite or PostgreSQL only."
    sales = sources(CommunityPage.objects.all()).filter(slug="sales")
    if not sales.exists() or not LearningPathPage.objects.filter(slug=PATH).exists():
        return "The demo is not loaded: run `manage.py load_demo` first."
    if CommunityPage.objects.filter(slug=slugify(COMMUNITIES[0][0])).exists():
        return (
            "The scale data is already loaded. To load it again, start from an empty database "
            "(manage.py migrate, then load_demo)."
        )
    return None


# Writing in bulk --------------------------------------------------------------------------


def reserve_ids(model, objs):
    """Give unsaved `objs` the next primary keys of `model`'s table, reserved in one query, so
    that rows can point at one another before any is written. Write them before reserving
    more for the same table: SQLite only counts what it has stored."""
    attname = model._meta.pk.attname
    objs = [obj for obj in objs if getattr(obj, attname) is None]
    if not objs:
        return
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + len(objs) - 1])
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            counted = cursor.fetchone()
            cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
            (top,) = cursor.fetchone()
            first = max(counted[0] if counted else 0, top or 0) + 1
    for number, obj in enumerate(objs):
        setattr(obj, attname, first + number)


PLAIN = (
    models.AutoField,
    models.BooleanField,
    models.CharField,
    models.IntegerField,
    models.TextField,
)


def _preparer(found):
    """How a field's value becomes a query parameter: what Field.get_db_prep_save does, with
    the checks and conversions that generated values never need left out."""
    wrapper = connections[connection.alias]  # the connection itself, not its proxy: faster
    target = found.target_field if found.is_relation else found
    if isinstance(target, PLAIN):
        return lambda value: value
    if isinstance(target, models.DateTimeField):
        return wrapper.ops.adapt_datetimefield_value
    if isinstance(target, models.DateField):
        return wrapper.ops.adapt_datefield_value
    return lambda value: found.get_db_prep_save(value, wrapper)


def insert(model, objs):
    """Write `objs` exactly as they are, in batches, with reserved primary keys.

    Unlike bulk_create, the values are kept as given, so the generated past keeps its dates
    (bulk_create stamps every auto_now_add field with the present; here only an empty one
    gets it), and a page model writes only its own table: its wagtailcore_page rows go first,
    through insert(Page, pages).
    """
    objs = list(objs)
    if not objs:
        return objs
    reserve_ids(model, objs)
    fields = model._meta.local_concrete_fields
    now = timezone.now()
    for found in fields:
        if getattr(found, "auto_now", False) or getattr(found, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, found.attname) is None:
                    setattr(obj, found.attname, now)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(found.column) for found in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    prepare = [(found.attname, _preparer(found)) for found in fields]
    with connection.cursor() as cursor:
        for batch in _chunks(objs, 5_000):
            cursor.executemany(
                sql, [[save(getattr(obj, name)) for name, save in prepare] for obj in batch]
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def reserve_pages(pages):
    """Primary keys for new pages of a subclass of Page, before their rows are written."""
    reserve_ids(Page, pages)
    for page in pages:
        page.page_ptr_id = page.id


def insert_pages(model, pages, revisions):
    """Write pages of `model` (a direct subclass of Page) and their revisions, oldest first:
    the Page rows, then their own, each pointing at its newest revision as latest and live."""
    reserve_pages(pages)
    reserve_ids(Revision, revisions)
    newest = {found.object_id: found.pk for found in revisions}
    for page in pages:
        page.latest_revision_id = page.live_revision_id = newest[str(page.pk)]
    insert(Page, pages)
    insert(model, pages)
    insert(Revision, revisions)


@contextmanager
def sqlite_in_memory():
    """On SQLite, keep what the transaction writes in memory until it commits: spilling it
    to disk halfway means syncing the journal every time, which made the load crawl."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (size,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -1000000")  # in KiB
        cursor.execute("PRAGMA cache_spill = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(size)}")
            cursor.execute("PRAGMA cache_spill = ON")


def revision(page, user_id, created_at, content):
    return Revision(
        content_type_id=page.content_type_id,
        base_content_type_id=ContentType.objects.get_for_model(Page).pk,
        object_id=str(page.pk),
        created_at=created_at,
        user_id=user_id,
        object_str=page.title,
        content=content,
    )


def page_content(page, **relations):
    """What page.serializable_data() says, from what is in hand: the revision's content."""
    content = get_serializable_data_for_fields(page)
    content["wagtail_admin_comments"] = []
    content.update(relations)
    return content


class Tree:
    """Places new pages in Wagtail's tree: the treebeard path after the parent's last child,
    depth, url_path and a slug none of the siblings has; afterwards, the numchild of parents
    that were already in the database."""

    def __init__(self):
        self._next = {}  # parent path: its next free step
        self._slugs = {}  # parent path: the slugs its children have
        self._grown = Counter()  # pk of a parent already stored: children added under it

    def place(self, page, parent, fallback="page"):
        if parent.path not in self._next:
            children = list(
                Page.objects.filter(
                    path__startswith=parent.path, depth=parent.depth + 1
                ).values_list("path", "slug")
            )
            steps = [Page._str2int(path[-Page.steplen :]) for path, _slug in children]
            self._next[parent.path] = max(steps, default=0) + 1
            self._slugs[parent.path] = {slug for _path, slug in children}
        step = self._next[parent.path]
        self._next[parent.path] = step + 1
        page.slug = self._free_slug(parent.path, slugify(page.title)[:70] or fallback)
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.numchild = 0
        self._next[page.path], self._slugs[page.path] = 1, set()
        if parent._state.adding:  # not written yet: it is written with its count
            parent.numchild += 1
        else:
            self._grown[parent.pk] += 1

    def _free_slug(self, parent_path, base):
        """As pages.unique_child_slug: the title's slug, numbered if a sibling has it."""
        taken = self._slugs[parent_path]
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        return slug

    def finish(self):
        for pk, added in self._grown.items():
            Page.objects.filter(pk=pk).update(numchild=F("numchild") + added)
        self._grown.clear()


# Showing progress -------------------------------------------------------------------------


class Progress:
    """One line per phase with its count, rate and time: rewritten in place on a terminal,
    otherwise printed about every tenth of the way."""

    def __init__(self, write=None, tty=False):
        self.write = write or (lambda text, end: None)
        self.tty = tty

    def phase(self, name, total):
        return Phase(self, name, total)


class Phase:
    def __init__(self, progress, name, total):
        self.progress, self.name, self.total = progress, name, max(total, 1)
        self.done, self.tenth, self.drawn = 0, 0, 0.0
        self.started = time.monotonic()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.progress.write(self._line(), "\n")

    def __call__(self, count=1):
        self.done += count
        now = time.monotonic()
        if self.progress.tty:
            if now - self.drawn > 0.2:
                self.drawn = now
                self.progress.write(self._line(), "")
        elif self.done * 10 // self.total > self.tenth and self.done < self.total:
            self.tenth = self.done * 10 // self.total
            self.progress.write(self._line(), "\n")

    def _line(self):
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0
        prefix = "\r" if self.progress.tty else ""
        return (
            f"{prefix}  {self.name:<14} {self.done:>9,}/{self.total:<9,}"
            f" {rate:>8,.0f}/s {elapsed:>7.1f} s"
        )


# Helpers ----------------------------------------------------------------------------------


class Stems:
    """languages.stemmed, remembering each word's stem: the generated text reuses a few
    thousand words, and stemming them again for every entry would take minutes."""

    def __init__(self):
        self.known = defaultdict(dict)
        self.stemmers = {}

    def stemmed(self, language, text):
        code = languages.analysed_as(language)
        if code is None:
            return ""
        known = self.known[code]
        words = dict.fromkeys(languages.WORD.findall(text.casefold()))
        missing = [word for word in words if word not in known]
        if missing:
            name = languages.ANALYSERS[code]
            stemmer = self.stemmers.setdefault(name, snowballstemmer.stemmer(name))
            known.update(zip(missing, stemmer.stemWords(missing), strict=True))
        stems = (known[word] for word in words)
        return " ".join(
            dict.fromkeys(languages.STEM.format(code=code, stem=stem) for stem in stems if stem)
        )


class Picker:
    """Random choices weighted once and drawn many times."""

    def __init__(self, rng, items, weights=None):
        self.rng, self.items = rng, list(items)
        self.cumulative = list(accumulate(weights)) if weights else None

    def __bool__(self):
        return bool(self.items)

    def one(self):
        if self.cumulative is None:
            return self.rng.choice(self.items)
        return self.items[bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]

    def some(self, count, exclude=()):
        """Up to `count` different items, none of them in `exclude`."""
        found = []
        for _ in range(count * 6):
            if len(found) == count:
                break
            item = self.one()
            if item not in found and item not in exclude:
                found.append(item)
        return found


@dataclass
class Person:
    user_id: int
    username: str
    function: str
    division: str
    location: str
    started_on: datetime.date
    expertise: list


@dataclass
class Place:
    """A community that gets generated content, and who writes there."""

    page: CommunityPage
    domain: str
    since: datetime.datetime
    wiki: WikiIndexPage = None
    library: LibraryPage = None
    members: list = field(default_factory=list)
    writers: Picker = None
    moderators: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # (id, written, votes, author, post) of posts

    @property
    def open(self):
        return self.page.visibility == Visibility.OPEN


def _lower_first(name):
    """ "Office cleaning" reads "office cleaning" mid-sentence; "HVAC maintenance" stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


class Text:
    """Plausible text from the word lists: templates whose {slots} are filled at random, or
    from a context that keeps one post on one customer, site and topic. A capitalised slot
    ({Customer}) starts with a capital."""

    SLOT = re.compile(r"\{(\w+)\}")

    def __init__(self, rng, customers, products, divisions, cities, first_names):
        self.rng = rng
        self.lists = {
            **WORDS,
            "customer": [c.name for c in customers],
            "product": [_lower_first(p.name) for p in products],
            "division": [d.name for d in divisions],
            "city": cities,
            "colleague": first_names,
        }

    def value(self, slot, context):
        name = slot.lower()
        if name in context:
            found = context[name]
        elif name in NUMBERS:
            found = str(self.rng.choice(NUMBERS[name]))
        else:
            words = DOMAINS[context.get("domain", "office")]
            found = self.rng.choice(words[name] if name in words else self.lists[name])
        return found[:1].upper() + found[1:] if slot[0].isupper() else found

    def fill(self, template, context):
        return self.SLOT.sub(lambda match: self.value(match[1], context), template)

    def context(self, domain, **fixed):
        """What a post or page is about: one customer, site, city, topic and thing."""
        words = DOMAINS[domain]
        found = {
            "domain": domain,
            "customer": self.rng.choice(self.lists["customer"]),
            "site": self.rng.choice(self.lists["site"]),
            "city": self.rng.choice(self.lists["city"]),
            "topic": self.rng.choice(words["topic"]),
            "thing": self.rng.choice(words["thing"]),
        }
        found.update(fixed)
        return found

    def sentences(self, templates, context, low=2, high=3):
        chosen = self.rng.sample(templates, min(len(templates), self.rng.randint(low, high)))
        return " ".join(self.fill(template, context) for template in chosen)

    def paragraphs(self, templates, context, low=2, high=4, first=()):
        """Paragraphs of two or three sentences, none said twice; the first paragraph from
        `first` when given."""
        opening = self.rng.sample(first, len(first))
        rest = opening[2:] + list(templates)
        self.rng.shuffle(rest)
        chosen, found = opening[:2] + rest, []
        for _ in range(self.rng.randint(low, high)):
            size = self.rng.randint(2, 3)
            found.append(" ".join(self.fill(t, context) for t in chosen[:size]))
            chosen = chosen[size:]
        return [paragraph for paragraph in found if paragraph]


def _html(paragraphs):
    """Paragraphs of plain text as intranet.html.text_to_html stores them."""
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _username(first, last, taken):
    """first.last in plain ASCII, numbered when someone has it already."""
    folded = unicodedata.normalize("NFKD", f"{first}.{last}".lower().translate(FOLD))
    plain = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in ".-"))
    username, number = plain, 2
    while username in taken:
        username, number = f"{plain}{number}", number + 1
    taken.add(username)
    return username


# The loader -------------------------------------------------------------------------------


class ScaleLoader:
    def __init__(self, scale=1.0, seed=1, progress=None):
        self.scale, self.seed = scale, seed
        self.rng = random.Random(seed)
        self.progress = progress or Progress()
        self.now = timezone.now()
        self.counts = Counter()
        self.tree = Tree()
        self.stems = Stems()
        self.generated = defaultdict(list)  # kind: ids of what was written, for search
        self.places = []
        self.sales_posters, self.sales_reusers = set(), set()
        self.notable = {}  # what the summary points to: the busiest posts, the longest history
        self.weights = {}

    def size(self, name):
        minimum = {"communities": len(POLICIES), "leads": len(STORIES), "enrolments": 3}
        return max(minimum.get(name, 10), round(SIZES[name] * self.scale))

    def run(self):
        # With DEBUG on (the dev settings) Django records every query with its parameters,
        # which on SQLite costs a query of its own.
        with (
            override_settings(DEBUG=False),
            sqlite_in_memory(),
            transaction.atomic(),
            search_index.paused(),
        ):
            phases = (
                self._prepare,
                self._people,
                self._communities,
                self._posts,
                self._wiki,
                self._library,
                self._learning,
                self._leads,
                self._follows,
            )
            for phase in phases:
                # Each phase draws from its own sequence: a run on another day (dates are
                # relative to today) then writes the same company, even where the calendar
                # changes what a phase draws.
                self.rng.seed(f"{self.seed}:{phase.__name__}")
                phase()
            self.tree.finish()
            self._search()
            with self.progress.phase("recognition", 1) as step:
                recognition.recompute()  # answers, best comments, reuses, paths and leads
                step()
            self.counts["awards"] = Award.objects.count()
            names.forget()
            caching.bump(caching.SITE, *(caching.community(p.page.pk) for p in self.places))
        return self.counts

    def _when(self, since, until=None, recent=0.6):
        """A moment between `since` and `until` (now), more often recent than not."""
        until = until or self.now
        return since + (until - since) * self.rng.random() ** recent

    def _after(self, moment, hours):
        """Some hours after `moment` (spread exponentially), and never in the future."""
        later = moment + datetime.timedelta(hours=self.rng.expovariate(1 / hours))
        ceiling = self.now - datetime.timedelta(minutes=self.rng.randint(1, 30))
        return max(moment, min(later, ceiling))

    def _uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _new_page(self, model, title, owner, published, **fields):
        """An unsaved, live page in the source locale, as Wagtail would have published it."""
        last = fields.pop("last_published_at", published)
        return model(
            title=title,
            draft_title=title,
            owner_id=owner,
            live=True,
            first_published_at=published,
            last_published_at=last,
            latest_revision_created_at=last,
            content_type_id=ContentType.objects.get_for_model(model).pk,
            locale_id=self.locale.pk,
            translation_key=self._uuid(),
            **fields,
        )

    # Taxonomy ----------------------------------------------------------------------------

    def _prepare(self):
        self.locale = Locale.get_default()
        self.divisions = {d.slug: d for d in Division.objects.sources()}
        self.functions = self._terms(JobFunction, FUNCTIONS)
        self.locations = self._terms(Location, LOCATIONS, extra=("country", "address"))
        self.products = list(Product.objects.sources())
        self.country_of = {}
        self.customers = list(Customer.objects.sources())
        for customer in self.customers:
            self.country_of[customer.pk] = DEMO_CUSTOMER_COUNTRIES.get(customer.slug, "SE")
        self.customers += self._customers()
        self.customer_named = {c.name: c for c in self.customers}
        self.tags = {}
        self.users = {u.username: u for u in User.objects.all()}
        self.languages = {lang.code: lang.pk for lang in languages_for(SPOKEN)}
        first_names = [name for names_ in FIRST_NAMES.values() for name in names_]
        cities = [location.name for location in self.locations.values()]
        self.text = Text(
            self.rng, self.customers, self.products, self.divisions.values(), cities, first_names
        )

    def _terms(self, model, rows, extra=()):
        terms = {t.slug: t for t in model.objects.sources()}
        for row in rows:
            if row["slug"] not in terms:
                values = {name: row[name] for name in ("name", "description", *extra)}
                terms[row["slug"]] = model.objects.create(
                    slug=row["slug"], locale=self.locale, **values
                )
        return terms

    def _customers(self):
        taken = {c.slug for c in Customer.objects.all()}
        found = []
        while len(found) < self.size("customers"):
            country = self.rng.choice(["SE", "SE", "SE", "DE", "DE", "FR"])
            industry = self.rng.choice(list(CUSTOMER_NOUNS))
            place = self.rng.choice(PLACES[country])
            name = f"{place} {self.rng.choice(CUSTOMER_NOUNS[industry])}"
            if slugify(name) in taken:
                continue
            taken.add(slugify(name))
            customer = Customer(
                name=name,
                slug=slugify(name),
                industry=industry,
                description=INDUSTRY_LINES[industry],
                locale=self.locale,
                translation_key=self._uuid(),
            )
            found.append(customer)
        insert(Customer, found)
        for customer in found:
            self.country_of[customer.pk] = next(
                country for country, places in PLACES.items() if customer.name.split()[0] in places
            )
        self.counts["customers"] = len(found)
        return found

    def _tag_ids(self, wanted):
        """Tag ids by name, made on first use (taggit compares names case-insensitively)."""
        for name in wanted:
            if name not in self.tags:
                tag = Tag.objects.filter(name__iexact=name).first()
                self.tags[name] = (tag or Tag.objects.create(name=name)).pk
        return [self.tags[name] for name in wanted]

    # People ------------------------------------------------------------------------------

    def _people(self):
        """People with their profiles, job functions, expertise, interests and languages; their
        Profile rows are written here, as the signal that makes them does not run in bulk."""
        total = self.size("people")
        taken = set(self.users)
        password = make_password(PASSWORD)
        functions = Picker(self.rng, [row[0] for row in PEOPLE_MIX], [row[1] for row in PEOPLE_MIX])
        places = Picker(
            self.rng, [row["slug"] for row in LOCATIONS], [r["share"] for r in LOCATIONS]
        )
        people, users, profiles = [], [], []
        with self.progress.phase("people", total) as step:
            for _ in range(total):
                function = functions.one()
                divisions = DIVISIONS_OF[function]
                division = self.rng.choices(list(divisions), list(divisions.values()))[0]
                location = places.one()
                country = self.locations[location].country
                origin = country if self.rng.random() < 0.85 else self.rng.choice(list(FIRST_NAMES))
                first = self.rng.choice(FIRST_NAMES[origin])
                last = self.rng.choice(LAST_NAMES[origin])
                username = _username(first, last, taken)
                days = 1 + min(int(self.rng.expovariate(1 / 1500)), 30 * 365)
                started = self.now.date() - datetime.timedelta(days=days)
                pool = EXPERTISE[function] + EXPERTISE["any"]
                expertise = self.rng.sample(pool, self.rng.randint(1, 4))
                people.append(Person(0, username, function, division, location, started, expertise))
                users.append(
                    User(
                        username=username,
                        email=f"{username}@norrvik.example",
                        first_name=first,
                        last_name=last,
                        password=password,
                        date_joined=timezone.make_aware(
                            datetime.datetime.combine(started, datetime.time(8))
                        ),
                    )
                )
                profiles.append(self._profile(people[-1]))
                step()
            insert(User, users)
            for person, user, profile in zip(people, users, profiles, strict=True):
                person.user_id = profile.user_id = user.pk
            insert(Profile, profiles)
            self._profile_links(people)
        self.people = people
        self.generated["people"] = [person.user_id for person in people]
        self.counts["people"] = len(people)

    def _profile(self, person):
        division = self.divisions[person.division]
        title = self.rng.choice(TITLES[person.function])
        if person.function in SELLERS:
            title = f"{title}, {division.name}"
        context = {
            "city": self.locations[person.location].name,
            "topic": person.expertise[0],
            "division": division.name,
        }
        number = f"{self.rng.randint(100, 999)} {self.rng.randint(10, 99)}"
        return Profile(
            title=title,
            phone=f"{PHONES[person.location]} {number}",
            division=division,
            location=self.locations[person.location],
            bio=self.text.sentences(BIOS, context, 2, 3),
            started_on=person.started_on,
        )

    def _profile_links(self, people):
        functions, expertise, interests, spoken = [], [], [], []
        for person in people:
            functions.append((person.user_id, self.functions[person.function].pk))
            if person.function == "key-account-manager" and self.rng.random() < 0.3:
                functions.append((person.user_id, self.functions["sales-rep"].pk))
            for tag in self._tag_ids(person.expertise):
                expertise.append(ProfileExpertise(content_object_id=person.user_id, tag_id=tag))
            for tag in self._tag_ids(self.rng.sample(INTERESTS, self.rng.randint(0, 3))):
                interests.append(ProfileInterest(content_object_id=person.user_id, tag_id=tag))
            country = self.locations[person.location].country
            codes = {COUNTRY_LANGUAGE[country]}
            if self.rng.random() < (0.55 if person.function in FRONTLINE else 0.9):
                codes.add("en")
            if self.rng.random() < 0.08:
                codes.add(self.rng.choice(SPOKEN))
            spoken += [(person.user_id, self.languages[code]) for code in sorted(codes)]
        through = Profile.job_functions.through
        insert(through, [through(profile_id=p, jobfunction_id=f) for p, f in functions])
        through = Profile.languages.through
        insert(through, [through(profile_id=p, language_id=lang) for p, lang in spoken])
        insert(ProfileExpertise, expertise)
        insert(ProfileInterest, interests)

    # Communities -------------------------------------------------------------------------

    def _communities(self):
        index = sources(CommunityIndexPage.objects.all()).get()
        total = self.size("communities")
        sellers = [p.user_id for p in self.people if p.function in SELLERS]
        with self.progress.phase("communities", total + 1) as step:
            sales = sources(CommunityPage.objects.all()).get(slug="sales")
            membership.sync_community(sales)  # every new seller joins through their function
            self._follow_community(sales, sellers, share=0.6)
            self.places.append(self._place(sales, "sales", self.now - YEAR * YEARS))
            step()
            for number in range(total):
                title, kind, functions, size, domain, description = COMMUNITIES[
                    number % len(COMMUNITIES)
                ]
                if number >= len(COMMUNITIES):
                    title = f"{title} {number // len(COMMUNITIES) + 1}"
                page = self._community(index, title, kind, functions, description)
                self._members(page, kind, functions, size)
                self.places.append(self._place(page, domain))
                step()
        self.counts["communities"] = total
        pages = [place.page for place in self.places]
        self.counts["memberships"] = Membership.objects.filter(community__in=pages).count()

    def _community(self, index, title, kind, functions, description):
        """A community made as an editor makes one: published, so that its Wagtail groups,
        permissions, collection, sections and automatic members follow."""
        visibility, joining, participation = POLICIES[kind]
        page = CommunityPage(
            title=title,
            slug=slugify(title),
            description=description,
            visibility=visibility,
            joining=joining,
            participation=participation,
            owner_id=self.rng.choice(self.people).user_id,
        )
        index.add_child(instance=page)
        page.job_functions.set([self.functions[slug] for slug in functions])
        page.save_revision().publish()
        founded = self.now - datetime.timedelta(days=self.rng.randint(400, 365 * YEARS + 200))
        Page.objects.filter(path__startswith=page.path).update(
            first_published_at=founded, last_published_at=founded
        )
        return CommunityPage.objects.get(pk=page.pk)

    def _members(self, page, kind, functions, size):
        """Members beyond those their job function brings, as joining, approving or accepting
        an invitation leaves them: with editors and sponsors, their Wagtail groups, their
        activity and the follow each joining starts."""
        existing = set(Membership.objects.filter(community=page).values_list("user_id", flat=True))
        wanted = min(len(self.people), size)
        pool = [p.user_id for p in self.rng.sample(self.people, wanted)]
        if kind in ("function", "announcements", "editorial") and self.rng.random() < 0.4:
            pool += [self.users["rep"].pk, self.users["sponsor"].pk]
        joined = [pk for pk in dict.fromkeys(pool) if pk not in existing]
        staff = self.rng.sample([*joined, *sorted(existing)], min(len(joined) + len(existing), 4))
        editors, sponsors = set(staff[:1] + staff[3:]), set(staff[1:3])
        rows, activity = [], []
        inviter = staff[0] if page.joining == Joining.INVITATION else None
        for user_id in joined:
            status = Status.ACTIVE
            if user_id not in staff and page.joining != Joining.SELF and self.rng.random() < 0.05:
                status = Status.INVITED if page.joining == Joining.INVITATION else Status.REQUESTED
            role = Role.MEMBER
            if user_id in editors or user_id in sponsors:
                role = Role.EDITOR if user_id in editors else Role.SPONSOR
            since = self._when(page.first_published_at, recent=1.5)
            rows.append(
                Membership(
                    community=page,
                    user_id=user_id,
                    role=role,
                    status=status,
                    participation=self._exception(page, role),
                    invited_by_id=inviter if inviter != user_id else None,
                    created_at=since,
                    updated_at=since,
                )
            )
            if status == Status.ACTIVE:
                activity.append(
                    Activity(community=page, actor_id=user_id, verb=Verb.JOINED, created_at=since)
                )
        insert(Membership, rows)
        insert(Activity, activity)
        for found in Membership.objects.filter(community=page, user_id__in=existing & set(staff)):
            membership.set_role(found, Role.EDITOR if found.user_id in editors else Role.SPONSOR)
        self._mirror(page, rows)
        self._follow_community(page, [m.user_id for m in rows if m.status == Status.ACTIVE], 0.8)
        self._follow_community(page, existing, share=0.3)

    def _exception(self, page, role):
        """Now and then a reader who may also write, where members only read."""
        if role == Role.MEMBER and page.participation == Participation.READ:
            return Participation.CONTRIBUTE if self.rng.random() < 0.03 else None
        return None

    def _mirror(self, page, rows):
        """The Wagtail groups of memberships written in bulk, as membership._save gives them."""
        members, editors = membership.member_group(page), membership.editor_group(page)
        active = [m for m in rows if m.status == Status.ACTIVE]
        pairs = [(m.user_id, members.pk) for m in active]
        pairs += [(m.user_id, editors.pk) for m in active if m.role == Role.EDITOR]
        through = User.groups.through
        insert(through, [through(user_id=user, group_id=group) for user, group in pairs])

    def _follow_community(self, page, user_ids, share):
        followed = set(Follow.objects.filter(community=page).values_list("follower_id", flat=True))
        rows = [
            Follow(follower_id=pk, community=page, created_at=self._when(self.now - YEAR))
            for pk in sorted(user_ids)
            if pk not in followed and self.rng.random() < share
        ]
        insert(Follow, rows)

    def _place(self, page, domain, since=None):
        place = Place(page=page, domain=domain, since=since or page.first_published_at)
        place.wiki = WikiIndexPage.objects.child_of(page).get()
        place.library = LibraryPage.objects.child_of(page).get()
        rows = Membership.objects.filter(community=page, status=Status.ACTIVE).order_by("pk")
        writers, weights = [], []
        for user_id, role, participation in rows.values_list("user_id", "role", "participation"):
            place.members.append(user_id)
            level = Participation.MODERATE if role == Role.EDITOR else participation
            if (level or page.participation) >= Participation.CONTRIBUTE:
                writers.append(user_id)
                weights.append(self._weight(user_id))
            if role in (Role.EDITOR, Role.SPONSOR):
                place.moderators.append(user_id)
        place.writers = Picker(self.rng, writers, weights) if writers else None
        return place

    def _weight(self, user_id):
        """How much someone writes: a few people write most of it."""
        if user_id not in self.weights:
            self.weights[user_id] = min(self.rng.paretovariate(1.3), 40)
        return self.weights[user_id]

    def _share(self, kind):
        """How many of `kind` each place gets: the Sales Community its share, the others by
        their size, every place with writers at least one while there are enough."""
        total = self.size(kind)
        counts = [0] * len(self.places)
        counts[0] = max(1, round(total * SALES_SHARE[kind]))
        others = [n for n, place in enumerate(self.places) if n and place.writers]
        weights = {n: len(self.places[n].members) ** 0.5 + 1 for n in others}
        left = total - counts[0]
        for n in others:
            counts[n] = int(left * weights[n] / sum(weights.values()))
        for n in sorted(others, key=lambda n: counts[n])[: left - sum(counts[1:])]:
            counts[n] += 1
        return counts

    # Posts and discussions --------------------------------------------------------------

    def _posts(self):
        shares = self._share("posts")
        busiest = self._busiest(shares)
        with self.progress.phase("posts", sum(shares)) as step:
            for place, count in zip(self.places, shares, strict=True):
                marked = busiest[place.page.pk]
                for chunk in _chunks(range(count)):
                    posts = [self._post(place, marked > number) for number in chunk]
                    self._write_posts(place, posts)
                    step(len(posts))
                self._best_comments(place)
                place.comments = []
        self.notable["busiest posts"] = [
            post.url for post in PostPage.objects.filter(pk__in=self.generated["busiest"])
        ]

    def _busiest(self, shares):
        """How many of the posts with a full discussion each community gets: open ones where
        members write, the Sales Community first."""
        found = Counter()
        candidates = [
            (place, count)
            for place, count in zip(self.places, shares, strict=True)
            if place.open and place.page.participation >= Participation.CONTRIBUTE
        ]
        for number in range(BUSIEST):
            place, count = candidates[0] if number < 2 else self.rng.choice(candidates)
            if found[place.page.pk] < count:
                found[place.page.pk] += 1
        return found

    def _post(self, place, busiest):
        kind = PostKind.QUESTION if busiest else self._kind(place)
        context = self.text.context(place.domain)
        title = self.text.fill(self.rng.choice(POST_TITLES[kind]), context)[:250]
        paragraphs = self.text.paragraphs(
            POST_SENTENCES["any"], context, first=POST_SENTENCES[kind]
        )
        body = _html(paragraphs)
        if kind == PostKind.MEETING:
            steps = [self.text.fill(s, context) for s in self.rng.sample(NEXT_STEPS, 3)]
            items = "".join(f"<li>{escape(s, quote=False)}</li>" for s in steps)
            body += clean_html(f"<h3>Next steps</h3><ul>{items}</ul>")
        posted = self._when(place.since)
        edited = self._after(posted, 72) if self.rng.random() < 0.1 else None
        post = self._new_page(
            PostPage,
            title,
            place.writers.one(),
            posted,
            last_published_at=edited or posted,
            kind=kind,
            body=body,
            community_id=place.page.pk,
            must_read=kind == PostKind.NEWS and self.rng.random() < 0.05,
        )
        self.tree.place(post, place.page, "post")
        post.busiest, post.edited = busiest, edited
        post.customer_ids = []
        if self.rng.random() < 0.7:
            post.customer_ids = [self.customer_named[context["customer"]].pk]
        post.product_ids = [p.pk for p in self.rng.sample(self.products, self.rng.randint(0, 2))]
        post.tag_names = self.rng.sample(POST_TAGS, self.rng.randint(0, 4))
        return post

    def _kind(self, place):
        if place.page.participation == Participation.READ:
            weights = {PostKind.NEWS: 8, PostKind.BLOG: 2}
        else:
            weights = POST_KINDS[place.domain]
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _write_posts(self, place, posts):
        reserve_pages(posts)
        tags, customers, products = [], [], []
        for post in posts:
            post.tag_rows = [
                PostTag(content_object_id=post.pk, tag_id=tag)
                for tag in self._tag_ids(post.tag_names)
            ]
            tags += post.tag_rows
            customers += [(post.pk, pk) for pk in post.customer_ids]
            products += [(post.pk, pk) for pk in post.product_ids]
            if place is self.places[0]:
                self.sales_posters.add(post.owner_id)
        reserve_ids(PostTag, tags)
        revisions = [r for post in posts for r in self._post_revisions(post)]
        insert_pages(PostPage, posts, revisions)
        insert(PostTag, tags)
        through = PostPage.customers.through
        insert(through, [through(postpage_id=p, customer_id=c) for p, c in customers])
        through = PostPage.products.through
        insert(through, [through(postpage_id=p, product_id=c) for p, c in products])
        self.generated["posts"] += [post.pk for post in posts]
        self.generated["busiest"] += [post.pk for post in posts if post.busiest]
        self.counts["posts"] += len(posts)
        self.counts["revisions"] += len(revisions)
        self._discussions(place, posts)
        self._receipts(place, posts)

    def _post_revisions(self, post):
        """The post as published; an edited post first had one paragraph less."""
        content = page_content(
            post,
            tagged_items=[
                {"pk": row.pk, "tag": row.tag_id, "content_object": post.pk}
                for row in post.tag_rows
            ],
            customers=post.customer_ids,
            products=post.product_ids,
        )
        if post.edited is None:
            return [revision(post, post.owner_id, post.first_published_at, content)]
        first = dict(content, body=post.body.rsplit("<p>", 1)[0] or post.body)
        return [
            revision(post, post.owner_id, post.first_published_at, first),
            revision(post, post.owner_id, post.edited, content),
        ]

    def _discussions(self, place, posts):
        """Comments (a reply answers a top-level comment), accepted answers, removed comments,
        helpful votes, and what each of them adds to the community's activity."""
        threads = [(post, self._thread(place, post)) for post in posts]
        comments = [comment for _post, thread in threads for comment in thread]
        reserve_ids(Comment, comments)
        for reply in (comment for comment in comments if comment.reply_to is not None):
            reply.parent_id = reply.reply_to.pk
        insert(Comment, comments)
        votes, activity = [], []
        for post, thread in threads:
            activity.append(self._activity(post, post.owner_id, Verb.POSTED, posted=True))
            for comment in thread:
                activity.append(self._activity(post, comment.author_id, Verb.COMMENTED, comment))
                if comment.accepted:
                    activity.append(self._activity(post, comment.author_id, Verb.ANSWERED))
                    activity[-1].created_at = comment.accepted_at
                if comment.deleted_at is None:
                    votes += self._votes(place, post, comment)
        insert(HelpfulVote, votes)
        insert(Activity, activity)
        self.counts["comments"] += sum(len(thread) for _post, thread in threads)
        self.counts["helpful votes"] += len(votes)
        self.counts["activities"] += len(activity)

    def _activity(self, post, actor, verb, comment=None, posted=False):
        return Activity(
            community_id=post.community_id,
            actor_id=actor,
            verb=verb,
            post_id=post.pk,
            created_at=post.first_published_at if posted or comment is None else comment.created_at,
        )

    def _thread(self, place, post):
        count = DISCUSSION if post.busiest else self._comment_count(post.kind)
        moment, thread = post.first_published_at, []
        for _ in range(count):
            moment = self._after(moment, 30)
            top = [c for c in thread if c.reply_to is None]
            comment = Comment(
                post_id=post.pk,
                author_id=place.writers.one(),
                body=_html([self._comment_text(post, place)]),
                created_at=moment,
            )
            comment.reply_to = self.rng.choice(top) if top and self.rng.random() < 0.3 else None
            if comment.reply_to is not None and self.rng.random() < 0.4:
                comment.author_id = post.owner_id  # the author answers back
            thread.append(comment)
        self._answer(post, thread)
        if not post.busiest:
            for comment in thread:
                self._moderate(place, comment)
        return thread

    def _comment_count(self, kind):
        if self.rng.random() < 0.2:
            return 0
        mean = {PostKind.QUESTION: 4.5, PostKind.MEETING: 2, PostKind.NEWS: 2.5}.get(kind, 3)
        return min(MOST_COMMENTS, int(self.rng.expovariate(1 / mean)) + 1)

    def _comment_text(self, post, place):
        templates = COMMENTS + (ANSWERS if post.kind == PostKind.QUESTION else [])
        return self.text.sentences(templates, self.text.context(place.domain), 1, 3)

    def _answer(self, post, thread):
        """A question's asker accepts one answer from someone else, more often than not."""
        if post.kind != PostKind.QUESTION or self.rng.random() > 0.6:
            return
        answers = [c for c in thread if c.reply_to is None and c.author_id != post.owner_id]
        if answers:
            chosen = answers[min(int(self.rng.expovariate(1)), len(answers) - 1)]
            chosen.accepted, chosen.accepted_at = True, self._after(chosen.created_at, 24)

    def _moderate(self, place, comment):
        """One comment in two hundred is removed, by its author or a moderator."""
        if comment.accepted or self.rng.random() > 0.005:
            return
        by = self.rng.choice(place.moderators or [comment.author_id])
        comment.deleted_at = self._after(comment.created_at, 12)
        comment.deleted_by_id = by
        comment.deletion_reason = "" if by == comment.author_id else "Off topic"

    def _votes(self, place, post, comment):
        mean = 2.5 if comment.accepted else 0.6
        voters = place.writers.some(
            min(int(self.rng.expovariate(1 / mean)), 15), exclude={comment.author_id}
        )
        place.comments.append(
            (comment.pk, comment.created_at, len(voters), comment.author_id, post.pk)
        )
        return [
            HelpfulVote(
                comment_id=comment.pk, user_id=user, created_at=self._after(comment.created_at, 48)
            )
            for user in voters
        ]

    def _receipts(self, place, posts):
        rows = []
        for post in (post for post in posts if post.must_read):
            readers = self.rng.sample(place.members, min(len(place.members), 150))
            rows += [
                ReadReceipt(
                    post_id=post.pk, user_id=user, read_at=self._after(post.first_published_at, 96)
                )
                for user in readers
            ]
        insert(ReadReceipt, rows)
        self.counts["read receipts"] += len(rows)

    def _best_comments(self, place):
        """A sponsor's or editor's pick of the week: the most helpful comment of some weeks."""
        if not place.moderators:
            return
        weeks = defaultdict(list)
        for comment_id, written, votes, author, post in place.comments:
            if votes:
                day = timezone.localtime(written).date()
                weeks[week_start(day)].append((votes, comment_id, author, post))
        picks, activity = [], []
        taken = set(BestComment.objects.filter(community=place.page).values_list("week", flat=True))
        rng = random.Random(f"{self.seed}:best comments:{place.page.pk}")  # weeks follow today
        for week, found in sorted(weeks.items()):
            if week in taken or rng.random() > 0.4:
                continue
            _votes, comment_id, author, post = max(found)
            picked = timezone.make_aware(datetime.datetime.combine(week, datetime.time(16)))
            picked = min(picked + datetime.timedelta(days=4), self.now)
            picks.append(
                BestComment(
                    community=place.page,
                    comment_id=comment_id,
                    week=week,
                    picked_by_id=rng.choice(place.moderators),
                    picked_at=picked,
                )
            )
            activity.append(
                Activity(
                    community=place.page,
                    actor_id=author,
                    verb=Verb.BEST_COMMENT,
                    post_id=post,
                    created_at=picked,
                )
            )
        insert(BestComment, picks)
        insert(Activity, activity)
        self.counts["best comments"] += len(picks)

    # Wiki --------------------------------------------------------------------------------

    def _wiki(self):
        shares = self._share("wiki pages")
        with self.progress.phase("wiki pages", sum(shares)) as step:
            for place, count in zip(self.places, shares, strict=True):
                sales = place is self.places[0]
                pages = self._wiki_pages(place, count - sales)
                if sales:
                    pages.append(self._long_history(place))
                for chunk in _chunks(pages):
                    self._write_wiki(place, chunk)
                    step(len(chunk))
                self._adopt_links(place, pages)

    def _wiki_pages(self, place, count):
        """A community's wiki: pages under the wiki or under one another, three levels deep
        at most, with `[[links]]` to each other and to a few pages nobody has written yet."""
        existing = WikiPage.objects.filter(community=place.page)
        taken = set(existing.values_list("title_key", flat=True))
        known = WikiLink.objects.filter(source__community=place.page)
        taken |= set(known.values_list("target_key", flat=True))
        taken.add(title_key(LONG_HISTORY_TITLE))
        titles = self._wiki_titles(place.domain, count, taken)
        wanted = self._wiki_titles(place.domain, max(3, count // 8), taken)
        pages = []
        for title in titles:
            parents = [p for p in pages[-100:] if p.depth < place.wiki.depth + 3]
            parent = self.rng.choice(parents) if parents and self.rng.random() < 0.65 else None
            links_to = [t for t in self.rng.sample(titles, min(len(titles), 3)) if t != title]
            links_to = links_to[: self.rng.randint(0, 3)]
            if self.rng.random() < 0.3:
                links_to.append(self.rng.choice(wanted))
            pages.append(self._wiki_page(place, title, parent or place.wiki, links_to))
        return pages

    def _wiki_titles(self, domain, count, taken):
        found = []
        for _ in range(count * 20):
            if len(found) == count:
                break
            title = self.text.fill(self.rng.choice(WIKI_TITLES), self.text.context(domain))
            if title_key(title) not in taken:
                taken.add(title_key(title))
                found.append(title)
        while len(found) < count:  # a big wiki in a small vocabulary: number the rest
            title = f"{self.rng.choice(DOMAINS[domain]['topic']).capitalize()}, part {len(found)}"
            if title_key(title) not in taken:
                taken.add(title_key(title))
                found.append(title)
        return found

    def _wiki_page(self, place, title, parent, links_to):
        context = self.text.context(place.domain, topic=_lower_first(title.split(":")[0]))
        blocks = self._wiki_blocks(context, links_to)
        created = self._when(place.since)
        author = place.writers.one()
        editions = min(1 + int(self.rng.expovariate(1 / 1.6)), 12)
        history = [(author, created, "Created the page", len(blocks) if editions == 1 else 2)]
        moment = created
        for edition in range(1, editions):
            moment = self._after(moment, 24 * 30)
            shown = len(blocks) if edition == editions - 1 else min(len(blocks), 2 + edition)
            summary = self.text.fill(self.rng.choice(EDIT_SUMMARIES), context)
            history.append((place.writers.one(), moment, summary, shown))
        review_by = (moment + REVIEW_EVERY).date()
        if self.rng.random() < 0.15:  # some pages are overdue for review
            review_by = self.now.date() - datetime.timedelta(days=self.rng.randint(1, 200))
        page = self._new_page(
            WikiPage,
            title,
            author,
            created,
            last_published_at=moment,
            title_key=title_key(title),
            body=blocks,
            community_id=place.page.pk,
            edit_summary=history[-1][2],
            curator_id=author if self.rng.random() < 0.9 else None,
            review_by=review_by,
        )
        self.tree.place(page, parent)
        page.blocks, page.versions = (
            blocks,
            [(user, when, summary, blocks[:shown]) for user, when, summary, shown in history],
        )
        return page

    def _wiki_blocks(self, context, links_to):
        """Raw StreamField blocks: an introduction, sections, sometimes a list, a table or a
        callout, with `[[links]]` to other pages of the wiki."""
        links_to = list(links_to)

        def paragraph():
            text = escape(self.text.sentences(WIKI_SENTENCES, context, 2, 4), quote=False)
            if links_to and self.rng.random() < 0.6:
                text += f" See [[{escape(links_to.pop(), quote=False)}]]."
            return f"<p>{text}</p>"

        blocks = [("text", paragraph())]
        for _ in range(self.rng.randint(1, 4)):
            heading = self.text.fill(self.rng.choice(WIKI_HEADINGS), context)
            blocks += [("heading", {"text": heading, "level": "2"}), ("text", paragraph())]
            if self.rng.random() < 0.3:
                items = [self.text.fill(s, context) for s in self.rng.sample(NEXT_STEPS, 3)]
                items = "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)
                blocks.append(("text", f"<ul>{items}</ul>"))
        if self.rng.random() < 0.2:
            rows = [
                [self.text.fill("{Thing}", context), self.text.fill("{Colleague}", context), day]
                for day in self.rng.sample(WORDS["weekday"], self.rng.randint(2, 5))
            ]
            blocks.append(("table", self._table(("What", "Who", "When"), rows)))
        if self.rng.random() < 0.15:
            tip = escape(self.text.fill(self.rng.choice(WIKI_SENTENCES), context), quote=False)
            blocks.append(("callout", {"kind": "tip", "text": f"<p>{tip}</p>"}))
        for target in links_to:
            blocks.append(("text", f"<p>Related: [[{escape(target, quote=False)}]]</p>"))
        return [{"type": kind, "value": value, "id": str(self._uuid())} for kind, value in blocks]

    def _table(self, header, rows):
        """A table block's value, with the item ids wiki.markup gives each cell."""

        def items(values):
            return [{"type": "item", "value": v, "id": str(self._uuid())} for v in values]

        return {"caption": "", "header": items(header), "rows": items([items(r) for r in rows])}

    def _long_history(self, place):
        """The Sales wiki's price list, edited LONG_HISTORY times: a price at a time."""
        prices = {p.name: self.rng.randrange(28, 60) for p in self.products}
        intro = {"type": "text", "id": str(self._uuid()), "value": LONG_HISTORY_INTRO}
        table_id = str(self._uuid())
        moment = self.now - YEAR * 2
        versions = []
        for edition in range(LONG_HISTORY):
            summary = "Created the page"
            if edition:
                product = self.rng.choice(sorted(prices))
                change = self.rng.choice([-2, -1, 1, 1, 2, 3])
                prices[product] = max(20, prices[product] + change)
                verb = "Raised" if change > 0 else "Lowered"
                summary = f"{verb} {_lower_first(product)} to {prices[product]} EUR an hour"
            rows = [[name, f"{price} EUR", "per hour"] for name, price in sorted(prices.items())]
            table = self._table(("Service", "List price", "Unit"), rows)
            blocks = [intro, {"type": "table", "value": table, "id": table_id}]
            versions.append((place.writers.one(), moment, summary, blocks))
            moment += datetime.timedelta(hours=self.rng.uniform(1, 24 * 7))
            moment = min(moment, self.now - datetime.timedelta(minutes=LONG_HISTORY - edition))
        first, last = versions[0], versions[-1]
        page = self._new_page(
            WikiPage,
            LONG_HISTORY_TITLE,
            first[0],
            first[1],
            last_published_at=last[1],
            title_key=title_key(LONG_HISTORY_TITLE),
            body=last[3],
            community_id=place.page.pk,
            edit_summary=last[2],
            curator_id=self.users["editor"].pk,
            review_by=(last[1] + REVIEW_EVERY).date(),
        )
        self.tree.place(page, place.wiki)
        page.blocks, page.versions = last[3], versions
        return page

    def _write_wiki(self, place, pages):
        reserve_pages(pages)
        revisions, watches = [], []
        for page in pages:
            content = page_content(page)
            for user, moment, summary, blocks in page.versions:
                edition = dict(content, body=json.dumps(blocks), edit_summary=summary)
                edition["latest_revision_created_at"] = moment
                revisions.append(revision(page, user, moment, edition))
            watchers = sorted({user for user, *_rest in page.versions})
            watches += [
                Watch(page_id=page.pk, user_id=user, created_at=page.first_published_at)
                for user in watchers
            ]
            if len(page.versions) == LONG_HISTORY:
                self.notable["longest wiki history"] = [page.url]
        insert_pages(WikiPage, pages, revisions)
        insert(Watch, watches)
        self.generated["wiki pages"] += [page.pk for page in pages]
        self.counts["wiki pages"] += len(pages)
        self.counts["revisions"] += len(revisions)

    def _adopt_links(self, place, pages):
        """The link table as links.refresh leaves it for each new page, and links that waited
        for a missing page pointed at it now that it exists (links.adopt)."""
        targets = dict(
            WikiPage.objects.live()
            .filter(community=place.page)
            .order_by("-path")  # the first page with a title wins, as links.live_pages has it
            .values_list("title_key", "pk")
        )
        rows = [
            WikiLink(
                source_id=page.pk, target_key=key, target_title=title, target_id=targets.get(key)
            )
            for page in pages
            for key, title in links.titles_in(page.blocks).items()
        ]
        waiting = WikiLink.objects.filter(
            source__community=place.page, target=None, target_key__in={p.title_key for p in pages}
        )
        for link in waiting:
            WikiLink.objects.filter(pk=link.pk).update(target_id=targets[link.target_key])
        insert(WikiLink, rows)
        self.counts["wiki links"] += len(rows)

    # Library -----------------------------------------------------------------------------

    def _library(self):
        shares = self._share("library items")
        # Files go into a folder of this database's own, so loading another never clashes.
        database = str(settings.DATABASES["default"]["NAME"]).encode()
        self.folder = f"documents/scale-{hashlib.sha256(database).hexdigest()[:8]}"
        with self.progress.phase("library items", sum(shares)) as step:
            for place, count in zip(self.places, shares, strict=True):
                for chunk in _chunks(range(count)):
                    items = [self._item(place) for _ in chunk]
                    self._write_items(place, items)
                    step(len(items))

    def _item(self, place):
        product = self.rng.choice(self.products)
        year = self.rng.randint(self.now.year - 6, self.now.year)
        kinds = list(DOCUMENT_TYPES)
        kind = self.rng.choices(kinds, [DOCUMENT_TYPES[k][0] for k in kinds])[0]
        context = self.text.context(
            place.domain,
            product=_lower_first(product.name),
            doctype=self.rng.choice(DOCUMENT_TYPES[kind][1]),
            year=str(year),
        )
        customer = self.customer_named[context["customer"]]
        title = self.text.fill(self.rng.choice(LIBRARY_TITLES), context)[:250]
        region, language = REGIONS[self.country_of[customer.pk]]
        dated = datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        dated = min(dated, self.now.date() - datetime.timedelta(days=1))
        moment = timezone.make_aware(datetime.datetime.combine(dated, datetime.time(10)))
        outcome = Outcome.NOT_APPLICABLE
        if kind in (DocumentType.PROPOSAL, DocumentType.QUOTATION):
            outcome = self.rng.choices([Outcome.WON, Outcome.LOST, Outcome.PENDING], [45, 40, 15])[
                0
            ]
        item = self._new_page(
            LibraryItemPage,
            title,
            place.writers.one(),
            moment,
            summary=self.text.sentences(LIBRARY_SENTENCES, context, 2, 4)[:2000],
            community_id=place.page.pk,
            document_type=kind,
            outcome=outcome,
            industry=customer.industry,
            region=region,
            language=language,
            document_date=dated,
            review_by=dated + 2 * YEAR,
        )
        self.tree.place(item, place.library, "item")
        item.customer_ids = [customer.pk]
        item.product_ids = sorted({product.pk, self.rng.choice(self.products).pk})
        item.tag_names = self.rng.sample(POST_TAGS, self.rng.randint(1, 4))
        item.context = context
        return item

    def _write_items(self, place, items):
        earlier = LibraryItemPage.objects.filter(community=place.page).values_list("pk", flat=True)
        earlier = list(earlier[:200])
        for item in items:
            if earlier and self.rng.random() < 0.1:  # adapted from an earlier item
                item.derived_from_id = self.rng.choice(earlier)
        reserve_pages(items)
        tags, customers, products = [], [], []
        for item in items:
            item.tag_rows = [
                LibraryTag(content_object_id=item.pk, tag_id=tag)
                for tag in self._tag_ids(item.tag_names)
            ]
            tags += item.tag_rows
            customers += [(item.pk, pk) for pk in item.customer_ids]
            products += [(item.pk, pk) for pk in item.product_ids]
        reserve_ids(LibraryTag, tags)
        revisions = [
            revision(
                item,
                item.owner_id,
                item.first_published_at,
                page_content(
                    item,
                    tagged_items=[
                        {"pk": row.pk, "tag": row.tag_id, "content_object": item.pk}
                        for row in item.tag_rows
                    ],
                    customers=item.customer_ids,
                    products=item.product_ids,
                ),
            )
            for item in items
        ]
        insert_pages(LibraryItemPage, items, revisions)
        insert(LibraryTag, tags)
        through = LibraryItemPage.customers.through
        insert(through, [through(libraryitempage_id=i, customer_id=c) for i, c in customers])
        through = LibraryItemPage.products.through
        insert(through, [through(libraryitempage_id=i, product_id=p) for i, p in products])
        self._files(place, items)
        self._reuses(place, items)
        self.generated["library items"] += [item.pk for item in items]
        self.counts["library items"] += len(items)
        self.counts["revisions"] += len(revisions)

    def _files(self, place, items):
        """Each item's versions as small real PDFs, kept as Wagtail documents in the
        community's collection as library.services keeps an upload (without a preview)."""
        document_model = get_document_model()
        stored, files = [], []
        for item in items:
            moment = item.first_published_at
            versions = self.rng.choices([1, 2, 3], [85, 12, 3])[0]
            for version in range(1, versions + 1):
                title = item.title + (" (draft)" if version < versions else "")
                paragraphs = self.text.paragraphs(LIBRARY_SENTENCES, item.context, 2, 3)
                data = pdf.make_pdf(title, paragraphs)
                name = f"{self.folder}/{item.pk}-v{version}.pdf"
                stored.append(
                    document_model(
                        title=f"{item.title} (v{version})"[:255],
                        file=default_storage.save(name, ContentFile(data)),
                        collection_id=place.page.collection_id,
                        uploaded_by_user_id=item.owner_id,
                        created_at=moment,
                        file_size=len(data),
                        file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's hash
                    )
                )
                files.append(
                    LibraryFile(
                        item_id=item.pk,
                        version=version,
                        filename=safe_filename(f"{item.slug}.pdf"),
                        size=len(data),
                        uploaded_by_id=item.owner_id,
                        uploaded_at=moment,
                    )
                )
                moment = self._after(moment, 24 * 20)
        insert(document_model, stored)
        for document, library_file in zip(stored, files, strict=True):
            library_file.document_id = document.pk
        insert(LibraryFile, files)
        self.counts["library files"] += len(files)

    def _reuses(self, place, items):
        rows = []
        for item in items:
            if self.rng.random() > 0.3:
                continue
            for user in place.writers.some(self.rng.randint(1, 4)):
                customer = self.rng.choice(self.customers) if self.rng.random() < 0.7 else None
                rows.append(
                    Reuse(
                        item_id=item.pk,
                        user_id=user,
                        customer=customer,
                        created_at=self._when(item.first_published_at),
                    )
                )
                if place is self.places[0]:
                    self.sales_reusers.add(user)
        insert(Reuse, rows)
        self.counts["reuses"] += len(rows)

    # Learning ----------------------------------------------------------------------------

    def _learning(self):
        """Sellers on the demo's onboarding path, each as far as they got. An exchange step is
        done exactly when its required steps are and the learner's activity meets its goal:
        what learning.services.check_goals leaves behind."""
        path = sources(LearningPathPage.objects.all()).get(slug=PATH)
        steps = list(
            Step.objects.filter(path=path).select_related("module").order_by("sort_order", "pk")
        )
        sellers = sorted(
            (p for p in self.people if p.function == "sales-rep"),
            key=lambda p: p.started_on,
            reverse=True,  # newcomers first: it is their onboarding
        )
        learners = sellers[: self.size("enrolments")]
        mentors = self.places[0].moderators + [
            p.user_id for p in self.people if p.function == "key-account-manager"
        ]
        enrolments, progress, attempts = [], [], []
        with self.progress.phase("enrolments", len(learners)) as step:
            for person in learners:
                enrolment = self._enrolment(path, person, mentors)
                rows, tries = self._progress(enrolment, steps, person)
                enrolments.append(enrolment)
                progress += rows
                attempts += tries
                step()
            insert(Enrolment, enrolments)
            for row in (*progress, *attempts):
                row.enrolment_id = row.enrolment.pk
            insert(StepProgress, progress)
            insert(QuizAttempt, attempts)
            insert(
                QuestionResult,
                [
                    QuestionResult(
                        attempt_id=attempt.pk,
                        module_id=attempt.module_id,
                        question_id=question,
                        correct=correct,
                    )
                    for attempt in attempts
                    for question, correct in attempt.scored.items()
                ],
            )
        # The demo's learners wrote some of the generated posts too: their goals follow, as
        # publishing a post makes them (learning.signals).
        learners = Enrolment.objects.filter(withdrawn_at=None, completed_at=None).exclude(
            user__in=[person.user_id for person in self.people]
        )
        for user in User.objects.filter(pk__in=learners.values("user")):
            learning.activity(user)
        self.counts["enrolments"] = len(enrolments)
        self.counts["step progress"] = len(progress)
        self.counts["quiz attempts"] = len(attempts)

    def _enrolment(self, path, person, mentors):
        start = timezone.make_aware(datetime.datetime.combine(person.started_on, datetime.time(9)))
        how = How.AUTOMATIC
        if self.now - start > 2 * YEAR:  # before onboarding paths: they chose it or got it
            how = self.rng.choice([How.SELF, How.ASSIGNED])
            start = self._when(self.now - 2 * YEAR)
        mentor = self.rng.choice(mentors) if self.rng.random() < 0.85 else None
        mentor = None if mentor == person.user_id else mentor
        return Enrolment(
            user_id=person.user_id,
            path=path,
            how=how,
            enrolled_at=start,
            due_on=(start + datetime.timedelta(days=60)).date() if how == How.ASSIGNED else None,
            assigned_by_id=path.owner_id if how == How.ASSIGNED else None,
            mentor_id=mentor,
            mentor_reason=f"Shared expertise in {person.expertise[0]}" if mentor else "",
            mentor_confirmed_by_id=path.owner_id if mentor else None,
            last_activity_at=start,
            withdrawn_at=self._when(start) if self.rng.random() < 0.04 else None,
            certificate=self._uuid(),
        )

    def _progress(self, enrolment, steps, person):
        keen = self.rng.random()
        goals = {
            "first_post": person.user_id in self.sales_posters,
            "first_library_reuse": person.user_id in self.sales_reusers,
        }
        span = (enrolment.withdrawn_at or self.now) - enrolment.enrolled_at
        moments = sorted(enrolment.enrolled_at + span * self.rng.random() for _ in steps)
        done, rows, tries = set(), [], []
        for step, moment in zip(steps, moments, strict=True):
            if any(key not in done for key in step.required_keys):
                continue
            status = None
            if step.tier == Tier.EXCHANGE:
                status = StepStatus.DONE if goals.get(step.goal) else None
            elif self.rng.random() < keen and step.tier == Tier.FORMAL:
                tries += self._quiz(enrolment, step, moment)
                status = StepStatus.DONE
            elif self.rng.random() < keen and step.tier == Tier.TRANSFER:
                status = StepStatus.REQUESTED
                if enrolment.mentor_id:
                    status = self.rng.choices(
                        [StepStatus.DONE, StepStatus.REQUESTED, StepStatus.RETURNED], [75, 15, 10]
                    )[0]
            if status is not None:
                rows.append(self._step_row(enrolment, step, status, moment))
            if status == StepStatus.DONE:
                done.add(step.key)
        if rows:
            enrolment.last_activity_at = max(r.completed_at or r.requested_at for r in rows)
        if len(done) == len(steps):
            enrolment.completed_at, enrolment.withdrawn_at = enrolment.last_activity_at, None
        return rows, tries

    def _step_row(self, enrolment, step, status, moment):
        row = StepProgress(enrolment=enrolment, step_id=step.pk, status=status)
        if status == StepStatus.DONE:
            row.completed_at = moment
        if step.tier == Tier.TRANSFER:
            row.requested_at = moment - datetime.timedelta(hours=self.rng.randint(2, 72))
            row.request_note = self.text.fill(
                self.rng.choice(SIGNOFF_NOTES), self.text.context("sales")
            )
            if status != StepStatus.REQUESTED:
                row.reviewed_by_id, row.reviewed_at = enrolment.mentor_id, moment
                row.review_comment = self.rng.choice(REVIEW_COMMENTS[status])
        return row

    def _quiz(self, enrolment, step, moment):
        """The passing attempt, after a failed one now and then, scored by learning.score."""
        quiz = questions(step.module.quiz)
        tries = []
        for passing in [False, True] if self.rng.random() < 0.2 else [True]:
            chosen = {}
            for number, (qid, _text, _kind, answers) in enumerate(quiz):
                right = [aid for aid, _t, correct, _f in answers if correct]
                wrong = [aid for aid, _t, correct, _f in answers if not correct][:1]
                chosen[qid] = right if passing or number % 2 else wrong
            results = learning.score(step.module, chosen)
            percent = round(100 * sum(results.values()) / len(results)) if results else 100
            attempt = QuizAttempt(
                enrolment=enrolment,
                step_id=step.pk,
                module_id=step.module_id,
                score=percent,
                passed=percent >= step.module.pass_mark,
                answers={qid: sorted(ids) for qid, ids in chosen.items()},
                created_at=moment - datetime.timedelta(hours=0 if passing else 26),
            )
            attempt.scored = results
            tries.append(attempt)
        return tries

    # Leads -------------------------------------------------------------------------------

    def _leads(self):
        """Leads from one division to another, each moved through a story of STORIES as
        leads.services moves them: its state, its events and its hand-offs."""
        total = self.size("leads")
        sellers = defaultdict(list)
        for person in self.people:
            if person.function in SELLERS:
                sellers[person.division].append(person)
        givers = Picker(self.rng, self.people, [GIVERS.get(p.function, 0.5) for p in self.people])
        stories = Picker(self.rng, [s for _w, s in STORIES], [w for w, _s in STORIES])
        leads, rows = [], []
        with self.progress.phase("leads", total) as step:
            for number in range(total):
                story = STORIES[number][1] if number < len(STORIES) else stories.one()
                giver = givers.one()
                lead = self._lead(giver, sellers)
                rows += lead.suggested + self._play(lead, giver, story)
                leads.append(lead)
                step()
            insert(Lead, leads)
            for row in rows:
                row.lead_id = row.of.pk
            for model in (Suggestion, Handoff, LeadEvent):
                insert(model, [row for row in rows if isinstance(row, model)])
        self.counts["leads"] = len(leads)
        self.counts["lead events"] = sum(isinstance(row, LeadEvent) for row in rows)

    def _lead(self, giver, sellers):
        division = self.rng.choice([slug for slug in self.divisions if slug != giver.division])
        customer = self.rng.choice(self.customers) if self.rng.random() < 0.85 else None
        location = self.locations[giver.location]
        proposed = "" if customer else self._new_customer_name(location.country)
        products = [p for p in self.products if p.division_id == self.divisions[division].pk]
        product = self.rng.choice(products) if products and self.rng.random() < 0.8 else None
        context = self.text.context(
            LEAD_DOMAINS[division],
            customer=customer.name if customer else proposed,
            product=_lower_first(product.name) if product else "our services",
        )
        contact = self.rng.choice(list(FIRST_NAMES))
        lead = Lead(
            giver_id=giver.user_id,
            giver_division=self.divisions[giver.division],
            customer=customer,
            proposed_customer=proposed,
            location=location,
            site=self.text.fill("{Site}, {city}", context)[:160],
            division=self.divisions[division],
            product=product,
            need=self.text.sentences(LEAD_NEEDS, context, 1, 2)[:1000],
            urgency=self.rng.choices([Urgency.HIGH, Urgency.NORMAL, Urgency.LOW], [2, 5, 3])[0],
            contact_name=f"{self.rng.choice(FIRST_NAMES[contact])} "
            f"{self.rng.choice(LAST_NAMES[contact])}",
            contact_role=self.text.fill("{Role}", context),
            created_at=self.now - datetime.timedelta(days=self.rng.uniform(0.5, 2 * 365)),
        )
        ranked = self._receivers(giver, sellers[division], location)
        lead.suggested = [
            Suggestion(user_id=person.user_id, rank=rank, score=score, reasons=[reason])
            for rank, (person, score, reason) in enumerate(ranked, 1)
        ]
        for row in lead.suggested:
            row.of = lead
        others = [p for p in self.people if p.user_id != giver.user_id][:5]
        lead.receivers = [person.user_id for person, _s, _r in ranked] or [
            p.user_id for p in others
        ]
        return lead

    def _new_customer_name(self, country):
        return f"{self.rng.choice(PLACES[country])} {self.rng.choice(CUSTOMER_NOUNS['other'])}"

    def _receivers(self, giver, candidates, location):
        """Up to three sellers of the division, as routing suggests them: at the lead's
        location first, then in its country, then anywhere."""
        candidates = [p for p in candidates if p.user_id != giver.user_id]
        name = self.divisions[candidates[0].division].name if candidates else ""
        tiers = [
            ("local", 50, [p for p in candidates if p.location == giver.location]),
            (
                "country",
                25,
                [p for p in candidates if self.locations[p.location].country == location.country],
            ),
            ("division", 10, candidates),
        ]
        found = {}
        for code, score, people in tiers:
            for person in self.rng.sample(people, min(2, len(people))):
                if person.user_id not in found and len(found) < 3:
                    found[person.user_id] = (person, score, {"code": code, "n": 0, "name": name})
        return list(found.values())

    def _play(self, lead, giver, story):
        """The lead's moves, at moments that follow one another and end before now: the
        lead's state is set as it ends, the events and hand-offs are returned."""
        span = sum(MOVE_HOURS[move] for move in story) * 1.6
        lead.created_at = min(lead.created_at, self.now - datetime.timedelta(hours=span))
        moment, receivers, rows, holding = lead.created_at, iter(lead.receivers * 4), [], None

        def event(kind, actor, target=None, note=""):
            rows.append(
                LeadEvent(
                    kind=kind,
                    actor_id=actor,
                    target_id=target,
                    status=lead.status,
                    note=note[:500],
                    created_at=moment,
                )
            )

        event(Event.RECORDED, giver.user_id)
        for move in story:
            moment += datetime.timedelta(hours=self.rng.uniform(0.2, 1.5) * MOVE_HOURS[move])
            if move in HANDED:
                receiver = next(receivers)
                if receiver == lead.receiver_id:
                    receiver = next(receivers)
                kind, how = HANDED[move]
                actor = {"route": giver.user_id, "forward": lead.receiver_id}.get(move)
                lead.status, lead.receiver_id, lead.routed_at = LeadStatus.NEW, receiver, moment
                lead.reason = "" if move == "route" else lead.reason
                event(kind, actor, receiver)
                if holding is not None:
                    holding.ended_at = moment
                holding = Handoff(receiver_id=receiver, how=how, by_id=actor, routed_at=moment)
                rows.append(holding)
            elif move == "accept":
                lead.status, lead.accepted_by_id = LeadStatus.ACCEPTED, lead.receiver_id
                lead.accepted_at = moment
                lead.accept_seconds = int((moment - lead.routed_at).total_seconds())
                event(Event.ACCEPTED, lead.receiver_id)
            elif move == "decline":
                lead.status, lead.reason = LeadStatus.DECLINED, self.rng.choice(DECLINE_REASONS)
                event(Event.DECLINED, lead.receiver_id, note=lead.reason)
            elif move == "contacted":
                lead.status, lead.contacted_at = LeadStatus.CONTACTED, moment
                event(Event.CONTACTED, lead.accepted_by_id, note=self.rng.choice(CONTACT_NOTES))
            elif move == "won":
                lead.status, lead.closed_at = LeadStatus.WON, moment
                lead.value = Decimal(self.rng.randrange(8, 900) * 1000)
                lead.currency, lead.reason = settings.LEADS_CURRENCY, self.rng.choice(WON_NOTES)
                event(Event.WON, lead.accepted_by_id, note=lead.reason)
            elif move == "lost":
                lead.status, lead.closed_at = LeadStatus.LOST, moment
                lead.reason = self.rng.choice(LOST_REASONS)
                event(Event.LOST, lead.accepted_by_id, note=lead.reason)
            elif move == "withdraw":
                lead.status, lead.closed_at = LeadStatus.WITHDRAWN, moment
                lead.reason = self.rng.choice(WITHDRAW_REASONS)
                event(Event.WITHDRAWN, giver.user_id, note=lead.reason)
            elif move == "thank":
                lead.thanked_at, lead.thanks = moment, self.rng.choice(THANKS)
                event(Event.THANKED, giver.user_id, note=lead.thanks)
        lead.updated_at = moment
        for row in rows:
            row.of = lead
        return rows

    # Following ---------------------------------------------------------------------------

    def _follows(self):
        """Tags and colleagues people follow, besides their communities."""
        rows = []
        tags = self._tag_ids(POST_TAGS)
        ids = [p.user_id for p in self.people]
        for person in self.people:
            since = self._when(self.now - YEAR)
            if self.rng.random() < 0.1:
                rows += [
                    Follow(follower_id=person.user_id, tag_id=tag, created_at=since)
                    for tag in self.rng.sample(tags, self.rng.randint(1, 3))
                ]
            if self.rng.random() < 0.1:
                others = set(self.rng.sample(ids, min(len(ids), 4))) - {person.user_id}
                rows += [
                    Follow(follower_id=person.user_id, person_id=pk, created_at=since)
                    for pk in sorted(others)
                ]
        insert(Follow, rows)
        self.counts["follows"] = Follow.objects.filter(follower_id__in=ids).count()

    # Search ------------------------------------------------------------------------------

    def _search(self):
        """Entries for everything generated, built by search.documents as a rebuild builds
        them and written in bulk: the rows, access keys, facets, stems (SQLite) or vectors
        (PostgreSQL), and Wagtail's index of the rows, which every search goes through."""
        queries = {label: getattr(found, "queryset", found) for label, found in documents.sources()}
        kinds = [
            ("people", "people", "user_id__in"),
            ("posts", "posts", "pk__in"),
            ("wiki pages", "wiki", "pk__in"),
            ("library items", "library", "pk__in"),
        ]
        total = sum(len(self.generated[kind]) for kind, _label, _lookup in kinds)
        with self.progress.phase("search index", total) as step:
            for kind, label, lookup in kinds:
                for ids in _chunks(self.generated[kind]):
                    found = queries[label].filter(**{lookup: ids})
                    self._write_entries([e for e in map(documents.build, found) if e is not None])
                    step(len(ids))
            search_index.analyze()

    def _write_entries(self, entries):
        """What search.index.write stores for each entry, for many entries at once."""
        postgres = connection.vendor == "postgresql"
        rows = [
            SearchEntry(
                key=entry.key,
                kind=entry.kind,
                title=entry.title[:255],
                body=entry.body,
                url=entry.url,
                community_id=entry.community_id,
                author_id=entry.author_id,
                date=entry.date,
                year=entry.year,
                language=entry.language,
                document_type=entry.document_type,
                outcome=entry.outcome,
                stemmed=""
                if postgres
                else self.stems.stemmed(entry.language, f"{entry.title}\n{entry.body}"),
            )
            for entry in entries
        ]
        insert(SearchEntry, rows)
        access, facets = [], []
        for entry, row in zip(entries, rows, strict=True):
            access += [SearchAccess(entry_id=row.pk, key=key) for key in sorted(set(entry.access))]
            facets += [
                SearchFacet(entry_id=row.pk, name=name, value=value[:100], label=label[:255])
                for name, value, label in dict.fromkeys(entry.facets)
            ]
        insert(SearchAccess, access)
        insert(SearchFacet, facets)
        if postgres:
            SearchEntry.objects.filter(pk__in=[row.pk for row in rows]).update(
                vector=languages.search_vector()
            )
        get_search_backend().add_bulk(SearchEntry, rows)
        search_backends.external_write(entries)
        self.counts["search entries"] += len(rows)


# What the company is made of --------------------------------------------------------------

SELLERS = {"sales-rep", "key-account-manager"}
FRONTLINE = {"cleaning-specialist", "security-officer", "workplace-host"}
FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "'": ""})
COUNTRY_LANGUAGE = {"SE": "sv", "DE": "de", "FR": "fr"}
SPOKEN = ["sv", "de", "fr", "en", "fi", "pl", "ar", "tr", "es"]
REGIONS = {
    "SE": (Region.SWEDEN, "sv"),
    "DE": (Region.GERMANY, "de"),
    "FR": (Region.FRANCE, "fr"),
}
DEMO_CUSTOMER_COUNTRIES = {
    "elbterrassen-hotels": "DE",
    "hafenmarkt-stores": "DE",
    "rheinauen-pumpen": "DE",
    "domstadt-schools": "DE",
    "confluence-logistique": "FR",
    "clinique-tilleuls": "FR",
}

FUNCTIONS = [
    {
        "slug": "cleaning-specialist",
        "name": "Cleaning specialist",
        "description": "Cleans offices, hospitals, stores and industrial sites to the agreed "
        "standard, often early in the morning or at night.",
    },
    {
        "slug": "security-officer",
        "name": "Security officer",
        "description": "Guards sites, patrols routes, staffs receptions and answers alarms.",
    },
    {
        "slug": "alarm-operator",
        "name": "Alarm operator",
        "description": "Watches alarms and cameras in the alarm receiving centre, around the "
        "clock, and sends the right people out.",
    },
    {
        "slug": "electrician",
        "name": "Electrician",
        "description": "Installs and maintains electrical systems, lighting and charging points.",
    },
    {
        "slug": "workplace-host",
        "name": "Workplace host",
        "description": "Runs receptions, meeting rooms and mailrooms at customers' offices.",
    },
    {
        "slug": "quality-coordinator",
        "name": "Quality and safety coordinator",
        "description": "Keeps the quality, environment and work-safety systems running and "
        "audited.",
    },
    {
        "slug": "hr-partner",
        "name": "HR partner",
        "description": "Recruits, onboards and supports managers with everything about staff.",
    },
    {
        "slug": "finance-controller",
        "name": "Finance and controlling",
        "description": "Budgets, follows up and invoices contracts, and prices the big bids.",
    },
]

# (function, share of the people, divisions they work in and how often)
PEOPLE_MIX = [
    ("cleaning-specialist", 0.20, {"facility": 1}),
    ("security-officer", 0.13, {"secure": 1}),
    ("sales-rep", 0.20, {"facility": 0.45, "secure": 0.3, "technical": 0.25}),
    ("key-account-manager", 0.04, {"facility": 0.4, "secure": 0.35, "technical": 0.25}),
    ("service-technician", 0.09, {"technical": 0.75, "secure": 0.25}),
    ("site-supervisor", 0.08, {"facility": 0.6, "secure": 0.3, "technical": 0.1}),
    ("alarm-operator", 0.03, {"secure": 1}),
    ("electrician", 0.04, {"technical": 1}),
    ("project-manager", 0.04, {"technical": 0.5, "facility": 0.3, "secure": 0.2}),
    ("customer-support", 0.05, {"facility": 0.5, "secure": 0.3, "technical": 0.2}),
    ("workplace-host", 0.03, {"facility": 1}),
    ("quality-coordinator", 0.015, {"facility": 0.5, "secure": 0.25, "technical": 0.25}),
    ("hr-partner", 0.015, {"facility": 0.5, "secure": 0.3, "technical": 0.2}),
    ("finance-controller", 0.01, {"facility": 0.5, "secure": 0.3, "technical": 0.2}),
    ("sales-enablement", 0.005, {"facility": 0.5, "secure": 0.3, "technical": 0.2}),
    ("it-admin", 0.01, {"technical": 0.6, "facility": 0.4}),
]
DIVISIONS_OF = {function: divisions for function, _share, divisions in PEOPLE_MIX}

LOCATIONS = [
    {"slug": "stockholm", "share": 18},
    {"slug": "gothenburg", "share": 15},
    {"slug": "malmo", "share": 9},
    {
        "slug": "uppsala",
        "share": 5,
        "name": "Uppsala",
        "country": "SE",
        "address": "Kungsgatan 64, 753 18 Uppsala",
        "description": "Facility and security services for the region's hospital and campus.",
    },
    {
        "slug": "orebro",
        "share": 4,
        "name": "Örebro",
        "country": "SE",
        "address": "Drottninggatan 29, 702 22 Örebro",
        "description": "Central Sweden's logistics belt: warehouses and distribution centres.",
    },
    {"slug": "hamburg", "share": 13},
    {"slug": "cologne", "share": 9},
    {
        "slug": "berlin",
        "share": 8,
        "name": "Berlin",
        "country": "DE",
        "address": "Lehrter Straße 16, 10557 Berlin",
        "description": "Offices, ministries and the group's German alarm receiving centre.",
    },
    {"slug": "lyon", "share": 8},
    {
        "slug": "paris",
        "share": 7,
        "name": "Paris",
        "country": "FR",
        "address": "48 rue de la Chapelle, 75018 Paris",
        "description": "Technical services and energy audits for office landlords.",
    },
]
PHONES = {
    "stockholm": "+46 8 555",
    "gothenburg": "+46 31 555",
    "malmo": "+46 40 555",
    "uppsala": "+46 18 555",
    "orebro": "+46 19 555",
    "hamburg": "+49 40 555",
    "cologne": "+49 221 555",
    "berlin": "+49 30 555",
    "lyon": "+33 4 55",
    "paris": "+33 1 55",
}

TITLES = {
    "sales-rep": ["Sales representative", "Account executive", "Business developer"],
    "key-account-manager": ["Key account manager", "Senior key account manager"],
    "service-technician": ["Service technician", "Senior service technician", "Field engineer"],
    "site-supervisor": ["Site supervisor", "Area supervisor", "Operations supervisor"],
    "project-manager": ["Project manager", "Installation project manager", "Start-up manager"],
    "customer-support": ["Customer service agent", "Customer support specialist"],
    "sales-enablement": ["Sales enablement manager", "Sales trainer"],
    "it-admin": ["IT administrator", "Systems administrator", "IT support technician"],
    "cleaning-specialist": [
        "Cleaning specialist",
        "Floor care specialist",
        "Hospital cleaning specialist",
        "Window cleaner",
    ],
    "security-officer": ["Security officer", "Mobile patrol officer", "Reception security officer"],
    "alarm-operator": ["Alarm operator", "Alarm centre operator", "Shift leader, alarm centre"],
    "electrician": ["Electrician", "Installation electrician", "Charging point installer"],
    "workplace-host": ["Workplace host", "Receptionist", "Mailroom coordinator"],
    "quality-coordinator": ["Quality and environment coordinator", "Health and safety coordinator"],
    "hr-partner": ["HR business partner", "Recruiter", "Payroll specialist"],
    "finance-controller": ["Controller", "Financial analyst", "Accounts payable specialist"],
}

EXPERTISE = {
    "sales-rep": (
        "public tenders", "pricing", "cross-selling", "retail", "healthcare", "logistics",
        "negotiation", "crm",
    ),
    "key-account-manager": (
        "key accounts", "contract renewals", "pricing", "public tenders",
        "framework agreements", "german market", "french market",
    ),
    "service-technician": (
        "hvac", "heat pumps", "alarm panels", "building automation", "ventilation", "chillers",
        "fire alarms",
    ),
    "site-supervisor": (
        "staff scheduling", "quality audits", "hospital hygiene", "customer relations",
        "start-ups",
    ),
    "project-manager": (
        "start-ups", "installation projects", "ev charging", "lighting retrofits", "budgeting",
    ),
    "customer-support": ("complaints handling", "crm", "extra orders", "key handling"),
    "sales-enablement": ("onboarding", "presentations", "pricing", "tender writing"),
    "it-admin": ("crm", "access control", "intranet", "devices"),
    "cleaning-specialist": (
        "floor care", "window cleaning", "hospital hygiene", "microfibre cleaning",
        "waste handling", "deep cleaning",
    ),
    "security-officer": (
        "patrol routes", "access control", "first aid", "fire safety", "event security",
        "loss prevention",
    ),
    "alarm-operator": ("alarm monitoring", "cctv", "incident reports", "remote guarding"),
    "electrician": ("electrical installation", "ev charging", "lighting retrofits"),
    "workplace-host": ("reception", "meeting rooms", "mailroom", "visitor management"),
    "quality-coordinator": (
        "iso 9001", "iso 14001", "work environment", "sustainability reporting", "audits",
    ),
    "hr-partner": ("recruitment", "onboarding", "collective agreements", "payroll"),
    "finance-controller": ("budgeting", "pricing", "contract profitability", "invoicing"),
    "any": (
        "first aid", "energy efficiency", "sustainability", "mentoring", "excel",
        "presentations", "lean", "customer relations",
    ),
}  # fmt: skip
INTERESTS = [
    "energy efficiency", "sustainability reporting", "robot cleaning", "drones", "leadership",
    "cycling", "running", "photography", "electric vehicles", "circular economy",
    "public tenders", "german market", "french market", "mentoring", "data analysis",
    "wellbeing at work",
]  # fmt: skip
POST_TAGS = [
    "public tenders", "pricing", "cross-selling", "healthcare", "retail", "logistics",
    "renewal", "win story", "lost deal", "night shift", "quality audit", "energy efficiency",
    "sustainability", "safety", "onboarding", "subcontractors", "staffing", "complaints",
    "german market", "french market", "alarm response", "access control", "ev charging",
    "hvac", "floor care", "window cleaning", "waste handling", "key handling", "patrol routes",
    "cctv", "fire safety", "ventilation", "lighting retrofits", "service levels",
    "framework agreements", "bundles", "references", "start-up", "budget", "kpi",
]  # fmt: skip

FIRST_NAMES = {
    "SE": [
        "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Emma", "Mikael",
        "Elin", "Per", "Sofia", "Magnus", "Linnea", "Fredrik", "Ida", "Henrik", "Hanna",
        "Jonas", "Maja", "Oskar", "Frida", "Gustav", "Klara", "Viktor", "Ebba", "Nils", "Alva",
        "Axel", "Astrid", "Olof", "Malin", "Daniel", "Jenny", "Patrik", "Camilla", "Emil",
        "Ylva", "Mattias", "Lena", "Tobias", "Helena", "Sven", "Ingrid", "Björn", "Moa", "Ali",
        "Amira", "Mehmet", "Zeynep", "Omar", "Leila", "Dragan",
    ],
    "DE": [
        "Lukas", "Julia", "Thomas", "Katharina", "Stefan", "Anna", "Jan", "Laura", "Michael",
        "Sabine", "Felix", "Lena", "Markus", "Claudia", "Tobias", "Nina", "Florian", "Sandra",
        "Sebastian", "Miriam", "Jürgen", "Petra", "Matthias", "Hannah", "Andreas", "Melanie",
        "Tim", "Leonie", "Christian", "Kerstin", "Niklas", "Sophie", "Dirk", "Anja", "Kai",
        "Elif", "Can", "Deniz", "Marek", "Ewa",
    ],
    "FR": [
        "Camille", "Nicolas", "Julie", "Pierre", "Marie", "Antoine", "Claire", "Julien",
        "Sophie", "Thomas", "Élise", "Mathieu", "Léa", "Guillaume", "Chloé", "Alexandre",
        "Manon", "Olivier", "Inès", "Romain", "Sarah", "Hugo", "Pauline", "Louis", "Anaïs",
        "Vincent", "Céline", "Maxime", "Nadia", "Karim", "Yasmine", "Mehdi", "Fatou", "Amadou",
    ],
}  # fmt: skip
LAST_NAMES = {
    "SE": [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
        "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
        "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström",
        "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind",
        "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg",
        "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson",
        "Lundin", "Håkansson", "Björk", "Bergman", "Holm", "Wikström", "Isaksson", "Fransson",
        "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist",
        "Yilmaz", "Hassan", "Ali", "Mohammed", "Petrović",
    ],
    "DE": [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
        "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
        "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
        "Vogel", "Yildiz", "Kaya", "Nowak", "Kowalski",
    ],
    "FR": [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
        "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
        "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
        "Rousseau", "Blanc", "Guérin", "Henry", "Roussel", "Perrin", "Morin", "Mathieu",
        "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Benali",
        "Diallo", "Traoré", "Haddad",
    ],
}  # fmt: skip

PLACES = {
    "SE": [
        prefix + suffix
        for prefix in (
            "Björk", "Sjö", "Ek", "Lind", "Stor", "Nord", "Söder", "Väster", "Öster", "Berg",
            "Sol", "Hag", "Kvarn", "Strand", "Gran", "Fur", "Tall", "Ask", "Hammar",
        )
        for suffix in (
            "vik", "berga", "holm", "dal", "by", "näs", "sund", "hamn", "torp", "åsen", "lund",
            "hult", "ryd",
        )
    ],
    "DE": [
        prefix + suffix
        for prefix in (
            "Elb", "Rhein", "Nord", "Süd", "Hafen", "Linden", "Eichen", "Burg", "Wald", "Stein",
            "Brücken", "Mühlen", "Kloster", "Tannen", "Auen",
        )
        for suffix in ("hof", "feld", "bach", "au", "stadt", "dorf", "blick", "tal", "heim")
    ],
    "FR": [
        "Saint-Clair", "Bellevue", "Val-Fleuri", "Montplaisir", "Clos-Martin", "Beaulieu",
        "Rive-Gauche", "Fontaine-Dorée", "Pré-Vert", "Croix-Rousse", "Champfleury", "Bel-Air",
        "Villeneuve", "Montchat", "Vaise", "Gerland", "Confluent", "Belleville", "Charonne",
        "Saint-Rambert", "Monplaisir", "Perrache", "Villette", "Bercy",
    ],
}  # fmt: skip
CUSTOMER_NOUNS = {
    "logistics": ["Logistics", "Freight", "Terminals", "Distribution", "Cold Storage"],
    "healthcare": ["Hospital", "Clinics", "Care Homes", "Health Centre", "Dental Care"],
    "retail": ["Stores", "Shopping Centre", "Market Halls", "Retail Park"],
    "public-sector": ["Municipality", "County Council", "Housing Authority", "Courts"],
    "manufacturing": ["Pumps", "Steelworks", "Packaging", "Foods", "Components", "Paper Mill"],
    "real-estate": ["Properties", "Office Parks", "Estates", "Fastigheter"],
    "education": ["College", "Schools", "University", "Academy"],
    "hospitality": ["Hotels", "Conference Centre", "Resort"],
    "other": ["Group", "Data Centres", "Media House", "Airport"],
}
INDUSTRY_LINES = {
    "logistics": "Warehouses, terminals and trucks that run around the clock.",
    "healthcare": "Wards, clinics and care homes with strict hygiene rules.",
    "retail": "Stores and shopping centres that must look their best at opening time.",
    "public-sector": "Buys through public tenders, often as framework agreements with lots.",
    "manufacturing": "Production halls, offices and a gate that is staffed in shifts.",
    "real-estate": "A landlord with offices and housing in several cities.",
    "education": "Schools and campuses busy in term time and quiet in the holidays.",
    "hospitality": "Hotels and conference venues where guests notice everything.",
    "other": "A customer with sites of many kinds.",
}

POLICIES = {
    "function": (Visibility.OPEN, Joining.SELF, Participation.CONTRIBUTE),
    "bid_team": (Visibility.PRIVATE, Joining.INVITATION, Participation.CONTRIBUTE),
    "confidential": (Visibility.SECRET, Joining.INVITATION, Participation.CONTRIBUTE),
    "announcements": (Visibility.OPEN, Joining.SELF, Participation.READ),
    "network": (Visibility.PRIVATE, Joining.REQUEST, Participation.CONTRIBUTE),
    "editorial": (Visibility.OPEN, Joining.REQUEST, Participation.PUBLISH),
    "council": (Visibility.SECRET, Joining.INVITATION, Participation.MODERATE),
    "workshop": (Visibility.PRIVATE, Joining.SELF, Participation.PUBLISH),
}
# (title, policy, job functions whose people are members, more members, domain, description);
# the first ones have every policy, so even the smallest scale has each.
COMMUNITIES = [
    ("Cleaning professionals", "function", ["cleaning-specialist", "site-supervisor"], 40,
     "cleaning", "Everyone who cleans for Norrvik: methods, machines, schedules and audits."),
    ("Solberga framework bid", "bid_team", [], 14, "sales",
     "The cross-division team answering Solberga Care Region's framework tender."),
    ("Group management forum", "confidential", [], 10, "office",
     "Where the division heads prepare decisions before they are announced."),
    ("Group news", "announcements", [], 600, "office",
     "News from group management and communications, for everyone at Norrvik."),
    ("Women in technical services", "network", [], 120, "technical",
     "A network for women working in technical and security jobs, and their allies."),
    ("Tender desk", "editorial", [], 90, "sales",
     "Standard answers, templates and the calendar of upcoming public tenders."),
    ("Works council liaison", "council", [], 8, "office",
     "Confidential preparation of negotiations with the works councils."),
    ("Site supervisors' exchange", "workshop", ["site-supervisor"], 30, "cleaning",
     "Supervisors compare staffing, quality audits and how they handle customers."),
    ("Security officers", "function", ["security-officer"], 30, "security",
     "Guarding, patrols, receptions and everything that happens on a night shift."),
    ("Service technicians", "function", ["service-technician", "electrician"], 30, "technical",
     "Fault finding, spare parts and service routines across all technical trades."),
    ("Alarm receiving centre", "function", ["alarm-operator"], 20, "security",
     "Operators of the alarm centres in Gothenburg and Berlin: shifts, routines, incidents."),
    ("Project managers", "function", ["project-manager"], 20, "projects",
     "Start-ups, installations and handovers, and the lessons each one teaches."),
    ("Customer support", "function", ["customer-support", "workplace-host"], 20, "support",
     "The people who answer customers' calls, tickets and extra orders."),
    ("Key account managers", "function", ["key-account-manager"], 10, "sales",
     "Account plans, renewals and growth with our largest customers."),
    ("Quality and environment", "function", ["quality-coordinator"], 60, "office",
     "ISO certificates, audits, environmental reporting and work safety."),
    ("HR network", "network", ["hr-partner"], 10, "office",
     "Recruitment, onboarding, collective agreements and payroll questions."),
    ("Finance and controlling", "function", ["finance-controller"], 20, "office",
     "Budgets, month-end closing, contract profitability and pricing support."),
    ("IT and systems", "function", ["it-admin"], 80, "office",
     "Accounts, devices, the CRM and the intranet: changes, outages and tips."),
    ("Sales enablement", "function", ["sales-enablement"], 60, "sales",
     "Onboarding, pitch material and training for everyone who sells."),
    ("Healthcare customers", "function", [], 300, "cleaning",
     "Everything about serving hospitals, clinics and care homes."),
    ("Retail customers", "function", [], 250, "sales",
     "Stores, shopping centres and what retail customers expect from us."),
    ("Logistics and ports", "function", [], 200, "security",
     "Terminals, warehouses and distribution centres, around the clock."),
    ("Public sector and tenders", "editorial", [], 200, "sales",
     "Municipalities, regions and agencies, and how they buy."),
    ("Energy efficiency", "function", [], 250, "technical",
     "Energy audits, heat pumps, lighting and how to sell the savings."),
    ("EV charging rollout", "function", [], 120, "technical",
     "Installing and selling charging points for customers' car parks."),
    ("Health and safety", "function", [], 400, "office",
     "Work safety, incident reporting and lone working, for every job."),
    ("Sustainability reporting", "workshop", [], 60, "office",
     "Preparing the group's sustainability report and customers' requests for data."),
    ("Floor care and machines", "function", [], 150, "cleaning",
     "Scrubber-dryers, pads, chemicals and the tricks that make floors last."),
    ("Mobile patrols", "function", [], 120, "security",
     "Patrol routes, key handling and alarm response by car."),
    ("Access control and CCTV", "function", [], 150, "security",
     "Card systems, cameras and the rules for who may enter where."),
    ("HVAC and ventilation", "function", [], 150, "technical",
     "Air handlers, chillers and balancing: the heart of a building."),
    ("German market", "network", [], 200, "sales",
     "Selling and delivering in Germany, from Hamburg to Cologne and Berlin."),
    ("French market", "network", [], 150, "sales",
     "Our customers and colleagues in Lyon and Paris."),
    ("Stockholm office", "function", [], 300, "office",
     "Practical matters for everyone based at or around Norra Stationsgatan."),
    ("Hamburg office", "function", [], 250, "office",
     "Practical matters for the Hamburg office and its sites."),
    ("Lyon office", "function", [], 150, "office",
     "Practical matters for the Lyon office and its sites."),
    ("New managers' circle", "network", [], 60, "office",
     "First-time managers share what they wish someone had told them."),
    ("Graduate programme", "workshop", [], 40, "office",
     "This year's graduates and their rotations through the divisions."),
    ("Kattegatt Port renewal", "bid_team", [], 12, "sales",
     "Preparing the renewal of the Kattegatt Port guarding and cleaning contracts."),
    ("Elbterrassen Hotels bid", "bid_team", [], 10, "sales",
     "A joint facility and technical offer for the Elbterrassen hotel chain."),
    ("Domstadt Schools retrofit bid", "bid_team", [], 10, "technical",
     "Ventilation and lighting retrofit for Domstadt's schools."),
    ("Pricing committee", "confidential", [], 8, "sales",
     "Decides list prices and discounts above the sellers' mandate."),
    ("Project Nordlys", "council", [], 7, "office",
     "A confidential acquisition project. Members only."),
    ("Guild editors", "editorial", [], 40, "office",
     "Community editors share how they run their communities on Guild."),
    ("Service desk notices", "announcements", [], 300, "office",
     "Planned maintenance and outages of IT systems."),
    ("Safety alerts", "announcements", [], 500, "security",
     "Urgent safety information for everyone working on customer sites."),
    ("Innovation lab", "workshop", [], 80, "technical",
     "Robots, sensors and new ideas tried on real customer sites."),
    ("Apprentices", "function", [], 60, "technical",
     "Apprentices in all trades, and the colleagues who teach them."),
    ("Running club", "function", [], 100, "social",
     "Lunch runs, the spring relay and the charity run in every city."),
    ("Photography club", "function", [], 60, "social",
     "Photo walks and the pictures from our sites that make the annual report."),
]  # fmt: skip

# (weight, the moves of leads.services one after the other); the first ones end in every status.
STORIES = [
    (5, ()),
    (3, ("withdraw",)),
    (10, ("route",)),
    (6, ("route", "decline")),
    (8, ("route", "accept")),
    (12, ("route", "accept", "contacted")),
    (16, ("route", "accept", "contacted", "won", "thank")),
    (12, ("route", "accept", "contacted", "lost")),
    (3, ("route", "forward")),
    (3, ("route", "escalate")),
    (3, ("route", "decline", "route", "accept", "contacted")),
    (6, ("route", "accept", "contacted", "won")),
    (4, ("route", "accept", "won")),
    (4, ("route", "forward", "accept", "contacted", "won", "thank")),
    (3, ("route", "withdraw")),
    (2, ("route", "decline", "withdraw")),
]
MOVE_HOURS = {
    "route": 20,
    "forward": 30,
    "escalate": 50,
    "accept": 10,
    "decline": 20,
    "contacted": 120,
    "won": 24 * 40,
    "lost": 24 * 40,
    "withdraw": 24 * 7,
    "thank": 48,
}
LEAD_DOMAINS = {"facility": "cleaning", "secure": "security", "technical": "technical"}
HANDED = {
    "route": (Event.ROUTED, HandedBy.PICKED),
    "forward": (Event.FORWARDED, HandedBy.FORWARDED),
    "escalate": (Event.ESCALATED, HandedBy.ESCALATED),
}
# Who passes leads on: people who meet customers on their sites.
GIVERS = {
    "site-supervisor": 6,
    "sales-rep": 5,
    "key-account-manager": 5,
    "service-technician": 4,
    "customer-support": 3,
    "project-manager": 3,
    "electrician": 2,
    "security-officer": 1,
    "cleaning-specialist": 1,
}

# Text --------------------------------------------------------------------------------------

NUMBERS = {
    "n": range(2, 13),
    "pct": (5, 8, 10, 12, 15, 20, 25, 30),
    "hours": (2, 4, 6, 8, 12, 24, 48),
    "price": range(24, 96),
    "year": range(2019, datetime.date.today().year + 1),
}
WORDS = {
    "site": [
        "head office", "main warehouse", "hospital wing", "shopping centre",
        "distribution centre", "school campus", "data centre", "container terminal",
        "outpatient clinic", "conference hotel", "production hall", "office park",
        "parking garage", "laboratory building", "cold store",
    ],
    "role": [
        "facilities manager", "procurement officer", "property manager", "head of security",
        "site manager", "operations director", "energy manager", "purchasing lead",
        "quality manager", "store manager", "finance director",
    ],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "month": [
        "January", "February", "March", "April", "May", "June", "August", "September",
        "October", "November", "December",
    ],
    "segment": [
        "hospitals", "care homes", "schools", "offices", "shopping centres", "warehouses",
        "ports", "hotels", "factories", "data centres", "municipalities", "housing companies",
        "laboratories", "airports",
    ],
    "aspect": [
        "checklist", "how we work", "contacts and escalation", "prices and discounts",
        "frequently asked questions", "start-up plan", "quality checks", "training material",
        "lessons learned", "templates", "who does what", "routines", "the first week",
        "tools and access", "safety rules", "reporting", "customer examples",
        "budget and costs", "handover", "night routines", "weekend cover", "ordering",
        "invoicing", "key figures", "common mistakes", "standard texts", "glossary",
    ],
}  # fmt: skip
DOMAINS = {
    "sales": {
        "topic": [
            "bundled offers", "price reviews", "public tenders", "contract renewals",
            "cross-selling", "lead passing", "framework agreements", "key account plans",
            "reference visits", "pipeline reviews", "quotations", "discount rules",
            "start-up plans", "customer satisfaction",
        ],
        "task": [
            "pricing a bundle", "writing a tender response", "preparing a renewal",
            "booking a reference visit", "passing a lead to another division",
            "building a joint offer", "presenting to a procurement board",
            "reviewing a contract",
        ],
        "issue": [
            "a competitor undercutting us by ten percent", "a tender scored only on price",
            "a customer asking for one invoice for three divisions",
            "a new facilities manager who wants to re-tender everything",
            "penalty clauses in the draft contract", "a framework with four lots",
        ],
        "thing": [
            "the pricing calculator", "the tender template", "the reference list",
            "the bundle price sheet", "the CRM", "the joint offer template",
            "the start-up checklist",
        ],
    },
    "cleaning": {
        "topic": [
            "floor care", "window cleaning", "hospital hygiene", "night cleaning",
            "cleaning frequencies", "chemical-free cleaning", "waste handling",
            "washroom service", "deep cleaning", "quality audits", "staff scheduling",
            "machine maintenance", "demand-based cleaning", "office cleaning",
        ],
        "task": [
            "planning a deep clean", "scheduling night shifts", "auditing a site",
            "training a new cleaner", "ordering consumables", "switching to microfibre",
            "cleaning after building work",
        ],
        "issue": [
            "a scrubber-dryer that keeps breaking down", "complaints about the washrooms",
            "a new hygiene standard from the region", "sick leave during the flu season",
            "a customer that doubled its office space",
            "stains that come back after every clean",
        ],
        "thing": [
            "the scrubber-dryer", "the audit app", "the microfibre system", "the dosing station",
            "the shift planner", "the cleaning schedule", "the room booking data",
        ],
    },
    "security": {
        "topic": [
            "patrol routes", "alarm response", "access control", "key handling", "CCTV",
            "fire rounds", "incident reports", "event security", "reception security",
            "guard training", "lone working", "loss prevention",
        ],
        "task": [
            "planning a patrol route", "handing over a shift", "writing an incident report",
            "setting up access cards", "securing an event", "training a new guard",
        ],
        "issue": [
            "false alarms at night", "lost access cards", "a break-in at the loading dock",
            "tailgating at the main entrance", "a guard working alone at night",
            "a camera that records nothing",
        ],
        "thing": [
            "the guard tour system", "the alarm panel", "the access card system",
            "the incident log", "the body cameras", "the key safe", "the radio system",
        ],
    },
    "technical": {
        "topic": [
            "HVAC maintenance", "ventilation", "energy audits", "heat pumps",
            "electrical installation", "EV charging", "lighting retrofits",
            "building automation", "chillers", "fire alarm systems", "preventive maintenance",
            "service agreements",
        ],
        "task": [
            "running an energy audit", "commissioning a heat pump", "replacing a chiller",
            "installing charging points", "balancing a ventilation system",
            "planning preventive maintenance",
        ],
        "issue": [
            "chillers tripping at night", "a ventilation system nobody has balanced in years",
            "energy bills up thirty percent", "an old fire alarm panel without spare parts",
            "charging points that overload the main fuse",
        ],
        "thing": [
            "the energy dashboard", "the service app", "the building management system",
            "the spare parts list", "the thermal camera", "the maintenance plan",
        ],
    },
    "projects": {
        "topic": [
            "start-ups", "contract transitions", "installation projects", "retrofits",
            "handovers", "project budgets", "risk lists", "site surveys",
        ],
        "task": [
            "planning a start-up", "running a site survey", "handing over to operations",
            "tracking a project budget", "taking over staff from another supplier",
        ],
        "issue": [
            "a start-up date moved forward by a month",
            "staff transferring from the previous supplier", "missing drawings for the site",
            "a subcontractor running late",
        ],
        "thing": [
            "the start-up checklist", "the project plan template", "the risk list",
            "the handover protocol",
        ],
    },
    "support": {
        "topic": [
            "customer calls", "complaints", "extra orders", "service requests",
            "response times", "ticket handling", "the customer portal", "contact details",
        ],
        "task": [
            "handling a complaint", "logging an extra order", "closing a ticket",
            "updating contact details", "calling back a customer",
        ],
        "issue": [
            "a queue of open tickets after the weekend", "customers calling the wrong number",
            "an extra order that nobody invoiced",
        ],
        "thing": ["the ticket system", "the customer portal", "the call script", "the FAQ"],
    },
    "office": {
        "topic": [
            "onboarding", "payroll", "budgets", "travel rules", "the intranet",
            "sustainability reporting", "work environment", "recruitment", "IT equipment",
            "expense claims", "collective agreements", "training days",
        ],
        "task": [
            "onboarding a new colleague", "closing the month", "booking travel",
            "reporting an incident", "ordering a laptop", "planning a training day",
        ],
        "issue": [
            "late expense claims", "a laptop that will not start", "unclear travel rules",
            "the new reporting requirements",
        ],
        "thing": [
            "the expense app", "the HR portal", "the intranet", "the travel policy",
            "the reporting template", "the laptop catalogue",
        ],
    },
    "social": {
        "topic": [
            "the spring relay", "the photo walk", "the summer party", "weekend rides",
            "the charity run", "the lunch runs",
        ],
        "task": ["signing up for the relay", "sharing photos", "planning the next meet-up"],
        "issue": ["rain on race day", "too few volunteers"],
        "thing": ["the sign-up sheet", "the club calendar", "the shared album"],
    },
}  # fmt: skip
POST_KINDS = {
    "sales": {PostKind.MEETING: 30, PostKind.QUESTION: 25, PostKind.BLOG: 30, PostKind.NEWS: 15},
    "office": {PostKind.QUESTION: 30, PostKind.BLOG: 30, PostKind.NEWS: 40},
    "social": {PostKind.BLOG: 60, PostKind.NEWS: 20, PostKind.QUESTION: 20},
}
for _domain in ("cleaning", "security", "technical", "projects", "support"):
    POST_KINDS[_domain] = {
        PostKind.MEETING: 15,
        PostKind.QUESTION: 35,
        PostKind.BLOG: 30,
        PostKind.NEWS: 20,
    }

POST_TITLES = {
    PostKind.MEETING: [
        "{Customer}: {topic} at the {site}",
        "Visit notes: {customer}, {site} in {city}",
        "{Customer} wants {product} for the {site}",
        "Meeting with the {role} at {customer}",
        "{Customer} {site} walk-through: {issue}",
        "Renewal meeting at {customer}: {topic}",
        "{Customer} asked about {product} again",
    ],
    PostKind.QUESTION: [
        "Has anyone priced {product} for {segment}?",
        "Who knows the {role} at {customer}?",
        "How do we handle {issue}?",
        "Which template do you use for {task}?",
        "Anyone done {task} in {city} before?",
        "What is a fair price for {product} at a {site}?",
        "Tips for {task} with a short deadline?",
        "Can someone help with {issue} at {customer}?",
        "Is there a standard answer on {topic} in tenders?",
    ],
    PostKind.NEWS: [
        "{Customer} signs a {n}-year agreement for {product}",
        "New in {city}: {product} for {segment}",
        "We won the {customer} tender",
        "{Topic}: new routine from {month}",
        "Price update for {product} from {month}",
        "{Customer} renews {product} for {n} more years",
        "Welcome to our new colleagues in {city}",
        "Results from the {topic} survey",
    ],
    PostKind.BLOG: [
        "What {n} years of {topic} taught me",
        "{N} lessons from {task}",
        "Why {segment} ask about {topic}",
        "How {city} cut costs by {pct} percent with {thing}",
        "A week on the {site} night shift",
        "Getting {topic} right at {customer}",
        "Five things I wish I had known about {topic}",
        "From complaint to renewal: the {customer} story",
    ],
}
POST_SENTENCES = {
    "any": [
        "{Colleague} in {city} has the details if you need them.",
        "The {role} was clear that {topic} matters more than price this time.",
        "We have seen the same at two other {segment} in {city}.",
        "If you have a reference from {segment}, please share it in the library.",
        "I have put the numbers in the library so nobody has to ask twice.",
        "Let me know if you want to join the next visit on {weekday}.",
        "This affects every division, not just ours.",
        "Their contract runs until {month} next year, so there is still time to act.",
        "The customer mentioned {issue} twice without being asked.",
        "{Division} already has a good relationship with the {role}.",
        "Most of this came up over coffee after the formal meeting.",
        "We should write this up properly in the wiki afterwards.",
        "A quick call with {colleague} saved us a week here.",
        "Nothing here is secret, but please keep the prices inside Norrvik.",
        "It took {n} weeks from the first call to a signed order.",
        "Questions are welcome below; I will answer when I am back on {weekday}.",
    ],
    PostKind.MEETING: [
        "Met the {role} and two of their site managers at the {site} on {weekday}.",
        "They are unhappy with {issue} and want a plan before {month}.",
        "Today they buy {product} from a competitor, and that contract ends in {month}.",
        "The {site} has about {n} hundred square metres of offices and a loading area "
        "that runs around the clock.",
        "They asked whether we can combine {product} with {thing} on one invoice.",
        "Budget is tight, but they were open to a {pct} percent price increase if we solve "
        "{issue}.",
        "I promised a proposal by {weekday} next week and a reference visit in {city}.",
        "Their main concern is continuity: they have changed supplier twice in {n} years.",
        "The {role} decides together with the {role}, so we need to meet both.",
        "We walked the whole {site} and counted {n} places where {topic} needs work.",
    ],
    PostKind.QUESTION: [
        "I am writing a proposal for {customer} and need a realistic figure by {weekday}.",
        "The customer wants {product} with a response time of {hours} hours.",
        "Our usual price sheet does not cover {segment}, as far as I can see.",
        "Has anyone solved {issue} without adding staff?",
        "I found an old answer in the library from {year}, but the prices have changed.",
        "Any pointers to the right template or the right person are welcome.",
        "The tender closes in {n} days, so a quick answer would help a lot.",
    ],
    PostKind.NEWS: [
        "The agreement covers {product} at {n} sites in and around {city}.",
        "Starting in {month}, every {site} we serve follows the new routine.",
        "Thanks to everyone in {city} who worked on the offer over the weekends.",
        "The customer chose us because we could show real results on {topic}.",
        "The wiki has the full routine, step by step.",
        "The new prices apply to all contracts renewed after {month} {year}.",
        "Questions go to {colleague}, who led the work.",
    ],
    PostKind.BLOG: [
        "When I started in {city}, {topic} was something we did because the contract said so.",
        "The biggest change came when we started measuring {thing} every week.",
        "Customers rarely ask for {topic} directly; they complain about {issue} instead.",
        "My advice: start small, with one {site}, and show the numbers after a month.",
        "We tried three different ways of {task} before one stuck.",
        "The team on site knows more about this than any manual.",
        "It costs less than you think, and customers notice within weeks.",
        "I would love to hear how other locations handle it.",
    ],
}
NEXT_STEPS = [
    "Send the draft proposal to the {role} by {weekday}",
    "Book a reference visit at a {site} in {city}",
    "Ask {colleague} for the current prices for {product}",
    "Check staffing for the night shift with the site supervisor",
    "Pass the {product} question to the right division as a lead",
    "Update the CRM with the new contacts",
    "Prepare a short walk-through of {thing} for the next meeting",
    "Agree on a start date before {month}",
]
COMMENTS = [
    "Thanks, this is really useful.",
    "We had exactly the same at a {site} in {city} last year.",
    "Good write-up. Did they say anything about the budget?",
    "I can join the next meeting if you want someone from {division}.",
    "Have a look at {thing}; it saved us a lot of time.",
    "Careful with {issue}, it cost us a contract once.",
    "{Colleague} knows the {role} there, ask them first.",
    "Agree with the points above.",
    "Could you put the final version in the library?",
    "We priced something similar at around {price} euros an hour.",
    "Nice work, everyone.",
    "Is this the same {customer} that has the {site} near {city}?",
    "I think {topic} is the real issue here, not price.",
    "We tried that in {city}, happy to share what worked.",
    "Please tag the post with the customer so we can find it later.",
    "Following, we have a similar request coming up.",
    "The night team will appreciate this.",
    "Do we have a reference from {segment} we can use?",
    "Congratulations, well deserved!",
    "Added a short note in the wiki about this.",
]
ANSWERS = [
    "We normally quote {price} euros an hour for {product}, plus travel.",
    "Use the tender template in the library; section four covers exactly this.",
    "Talk to {colleague} in {city}, who did the same for a customer in {segment}.",
    "Bundle it with {product} and price the whole thing per square metre.",
    "Response times under {hours} hours need a second person on call, so price that in.",
    "I would not promise more than {pct} percent savings in the first year.",
    "The {role} there is new, but very approachable. I can introduce you.",
    "The wiki page on {topic} has the checklist.",
]
WIKI_TITLES = [
    "{Topic}",
    "{Topic}: {aspect}",
    "{Aspect} for {topic}",
    "{Topic} in {city}",
    "{Topic} for {segment}",
    "{Topic}: {aspect} ({segment})",
    "{Topic}: {aspect} in {city}",
    "{Task}: {aspect}",
]
WIKI_HEADINGS = [
    "Before you start", "Step by step", "Who to call", "Prices", "Common mistakes",
    "Checklist", "For {segment}", "In {city}", "Reporting", "Safety", "Tools", "Background",
    "What the customer sees", "After the visit", "Escalation", "Examples",
]  # fmt: skip
WIKI_SENTENCES = [
    "This page describes how we handle {topic} at customer sites.",
    "The site supervisor owns the routine and checks it every {weekday}.",
    "Use {thing} on every visit and note anything unusual.",
    "If something goes wrong, call the manager on duty within {hours} hours.",
    "Customers such as {segment} usually ask for a written report every month.",
    "Prices and discounts follow the current price list; ask before going below it.",
    "New colleagues should read this page in their first week.",
    "Keep a copy of the signed checklist on site for at least {n} months.",
    "The routine was last changed after {issue} at a {site} in {city}.",
    "Report deviations in the quality system, not by email.",
    "When in doubt, ask {colleague} or the community's editors.",
    "Each step has an owner, who updates this page when the routine changes.",
    "Most problems with {topic} come from unclear handovers between shifts.",
    "Agree on the scope in writing before work starts on site.",
    "For {segment}, extra rules on hygiene and access apply.",
    "Order consumables at least {n} days ahead through the purchasing portal.",
    "Photos of the {site} help the next team understand the set-up.",
]
EDIT_SUMMARIES = [
    "Updated the contact list", "Fixed typos", "Added the {city} routine",
    "Clarified the escalation steps", "Added a checklist", "Updated prices for this year",
    "Linked the new template", "Removed an outdated section",
    "Added an example from a visit to {customer}", "Reworded the introduction",
    "Added the night shift routine", "Split the page into sections",
]  # fmt: skip
LONG_HISTORY_TITLE = "Price list and list-price history"
LONG_HISTORY_INTRO = (
    "<p>The hourly list prices we quote from, for every division's services. Change a price "
    "here the day it is decided, and say why in the summary; see [[Discount rules]] for what "
    "a seller may give on top.</p>"
)
LIBRARY_TITLES = [
    "{Customer}: {product} {doctype} {year}",
    "{Product} {doctype} for {segment} ({year})",
    "{Customer} {site}: {doctype}",
    "{Doctype} for {customer}: {product}",
]
DOCUMENT_TYPES = {  # weight, and what people call such a document
    DocumentType.PROPOSAL: (30, ["tender response", "proposal", "offer"]),
    DocumentType.QUOTATION: (25, ["quotation", "price sheet"]),
    DocumentType.SPECIFICATION: (15, ["service specification", "scope of work"]),
    DocumentType.BLUEPRINT: (8, ["site layout", "installation drawing"]),
    DocumentType.PRESENTATION: (15, ["customer presentation", "kick-off slides"]),
    DocumentType.OTHER: (7, ["reference letter", "checklist"]),
}
LIBRARY_SENTENCES = [
    "Our response to {customer} for {product} at the {site}.",
    "The price model is per square metre, with a fixed fee for {thing}.",
    "Reuse the section on {topic}; it scored well with the evaluators.",
    "Covers {n} sites in and around {city} over a {n}-year term.",
    "Includes the staffing plan, the start-up plan and references from {segment}.",
    "Written together with {division}, so it shows how we bundle services.",
    "The customer's main concern was {issue}, answered in chapter three.",
    "Prices are from {year} and need an index adjustment before reuse.",
    "A good starting point whenever {segment} ask about {topic}.",
]
BIOS = [
    "I work in {city} for {division}.",
    "Ask me about {topic}; I have done it at more sites than I can count.",
    "Before Norrvik I worked for a customer, so I know what the other side of the table wants.",
    "Outside work you will find me on a bike or in the garden.",
    "I like helping new colleagues find their way in {city}.",
    "I joined through an acquisition and still know everyone at the old company.",
    "Happy to share templates and tips about {topic}.",
    "I spend most days on customer sites, so the phone is the quickest way to reach me.",
]
LEAD_NEEDS = [
    "The {role} at {customer} mentioned {issue} at their {site}.",
    "They are unhappy with their supplier of {product}, and the contract ends in {month}.",
    "{Customer} is opening a new {site} in {city} and has nobody for {product} yet.",
    "While we were on site, they asked whether we also do {product}.",
    "Their {role} wants one supplier for cleaning, security and technical services.",
    "They had {issue} twice this month and asked who could help.",
]
DECLINE_REASONS = [
    "Outside my area; the site is closer to another office.",
    "We cannot staff this before the summer.",
    "Too small for a separate agreement.",
]
CONTACT_NOTES = ["Met them on site.", "Had a first call with the customer.", "Sent an offer."]
WON_NOTES = ["Signed a three-year service agreement.", "Signed after a reference visit."]
LOST_REASONS = [
    "Lost on price.",
    "The customer kept their current supplier.",
    "The project was postponed.",
]
WITHDRAW_REASONS = ["The customer solved it themselves.", "The customer changed their plans."]
THANKS = [
    "Thank you for the quick follow-up!",
    "Great work, the customer was very happy.",
    "Thanks, coffee is on me next time.",
]
SIGNOFF_NOTES = [
    "Joined {colleague} at {customer}'s {site} in {city} and took the notes.",
    "Drafted the joint offer for {customer} and went through it with my mentor.",
    "Shadowed a renewal meeting about {product}; my note is in the community.",
]
REVIEW_COMMENTS = {
    StepStatus.DONE: [
        "Well done, clear notes.",
        "Good work, ready to use with the customer.",
        "Signed off: you caught the important points.",
    ],
    StepStatus.RETURNED: [
        "Please add what the customer said about prices.",
        "Almost there: add the staffing part and send it again.",
    ],
}
