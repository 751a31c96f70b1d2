"""Learning paths: onboarding tracks of steps in three tiers, and who is following them.

Content (paths and modules) are Wagtail pages: they have revisions, translations and search.
What learners do (enrolments, progress, quiz attempts) are plain records.

    formal    a ModulePage to read, with an optional knowledge check
    transfer  a practical task that the learner's mentor signs off
    exchange  a participation goal that completes itself from real activity (goals.py)
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from intranet.pages import KeepsStateOnRestore, OneAddress
from intranet.wiki.blocks import WikiBlock

from . import goals
from .blocks import QuizBlock


class Tier(models.TextChoices):
    FORMAL = "formal", _("Formal training")
    TRANSFER = "transfer", _("Skills transfer")
    EXCHANGE = "exchange", _("Collaborative exchange")


class LearningIndexPage(OneAddress, Page):
    """A community's learning paths; the one under the home page lists every path."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.CommunityPage", "home.HomePage"]
    subpage_types = ["learning.LearningPathPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("learning paths")

    @property
    def community(self):
        """The community whose paths these are; None for the site-wide catalogue."""
        from intranet.community.models import CommunityPage

        return CommunityPage.objects.filter(pk=self.get_parent().pk).first()

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        community = self.community
        if community is not None and not permissions.can_read(request.user, community):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        context.update(pages.index_context(self, request))
        return context


class PathTopic(TaggedItemBase):
    content_object = ParentalKey(
        "learning.LearningPathPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningPathPage(OneAddress, Page):
    """An ordered track of steps for an audience, owned by a community or site-wide."""

    community = models.ForeignKey(
        "community.CommunityPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,  # Wagtail deletes pages through its tree, never by cascade
        related_name="learning_paths",
        help_text=_("None: a site-wide path for every employee."),
    )
    summary = models.TextField(_("summary"), max_length=500)
    intro = StreamField(WikiBlock(), blank=True, verbose_name=_("introduction"))
    audience_job_functions = ParentalManyToManyField(
        "taxonomy.JobFunction", verbose_name=_("job functions"), blank=True, related_name="+"
    )
    audience_divisions = ParentalManyToManyField(
        "taxonomy.Division", verbose_name=_("divisions"), blank=True, related_name="+"
    )
    audience_locations = ParentalManyToManyField(
        "taxonomy.Location", verbose_name=_("locations"), blank=True, related_name="+"
    )
    onboarding = models.BooleanField(
        _("onboarding path"),
        default=False,
        help_text=_(
            "New people whose profile matches the audience are enrolled automatically, once."
        ),
    )
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    topics = ClusterTaggableManager(
        through=PathTopic,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Mentors are suggested among members with this expertise."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audience_job_functions"),
                FieldPanel("audience_divisions"),
                FieldPanel("audience_locations"),
                FieldPanel("onboarding"),
            ],
            heading=_("Audience (empty: everyone)"),
        ),
        FieldPanel("estimated_hours"),
        FieldPanel("topics"),
        InlinePanel("steps", heading=_("Steps"), label=_("Step")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("community"),
    ]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["learning.ModulePage"]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def get_template(self, request, *args, **kwargs):
        return "learning/path_page.html"

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_see_path(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        context.update(pages.path_context(self, request, context["content"]))
        return context


class PathAdminForm(WagtailAdminPageForm):
    """Steps must name unique keys, require only earlier steps, and carry what their tier needs."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("steps")
        if formset is None:
            return cleaned
        formset.is_valid()  # the inline forms are cleaned after the page form otherwise
        seen = set()
        forms = [f for f in formset.forms if getattr(f, "cleaned_data", None)]
        forms.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
        for form in forms:
            data = form.cleaned_data
            if data.get("DELETE"):
                continue
            key = data.get("key")
            missing = [k for k in parse_keys(data.get("requires")) if k not in seen]
            if missing:
                form.add_error(
                    "requires",
                    _("Only earlier steps can be required; unknown: %(keys)s")
                    % {"keys": ", ".join(missing)},
                )
            if key in seen:
                form.add_error("key", _("Another step of this path has this key."))
            seen.add(key)
        return cleaned


LearningPathPage.base_form_class = PathAdminForm


def parse_keys(text):
    return [key.strip() for key in (text or "").split(",") if key.strip()]


class Step(TranslatableMixin, Orderable):
    """One step of a path, in the order the path lists it.

    Translatable with its path: translators translate the title and the task; everything else
    is the path's structure and is copied. Learners' progress stays on the source's steps."""

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("task"),
        *(
            SynchronizedField(name)
            for name in (
                "key",
                "tier",
                "module",
                "goal",
                "requires",
                "estimated_minutes",
                "due_after_days",
                "sort_order",
            )
        ),
    ]

    path = ParentalKey(LearningPathPage, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        _("key"), max_length=80, help_text=_("Stable within the path; other steps require it.")
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    title = models.CharField(_("title"), max_length=200)
    module = models.ForeignKey(
        "learning.ModulePage",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
        help_text=_("Formal steps: the module to read."),
    )
    task = models.TextField(
        _("task"), blank=True, help_text=_("Transfer and exchange steps: what to do, in Markdown.")
    )
    goal = models.CharField(
        _("participation goal"),
        max_length=40,
        blank=True,
        choices=goals.choices,
        help_text=_("Exchange steps: the activity that completes the step."),
    )
    requires = models.CharField(
        _("requires"),
        max_length=500,
        blank=True,
        help_text=_("Keys of earlier steps to finish first, separated by commas."),
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), null=True, blank=True)
    due_after_days = models.PositiveSmallIntegerField(
        _("due after (days)"),
        null=True,
        blank=True,
        help_text=_("Days after enrolment; overdue steps are flagged."),
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("tier"),
        FieldPanel("title"),
        PageChooserPanel("module", "learning.ModulePage"),
        FieldPanel("task"),
        FieldPanel("goal"),
        FieldPanel("requires"),
        FieldPanel("estimated_minutes"),
        FieldPanel("due_after_days"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("step")
        constraints = [models.UniqueConstraint(fields=["path", "key"], name="step_key_once")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.tier == Tier.FORMAL and self.module_id is None:
            raise ValidationError({"module": _("A formal step needs a module.")})
        if self.tier == Tier.EXCHANGE and not self.goal:
            raise ValidationError({"goal": _("An exchange step needs a participation goal.")})
        if self.tier == Tier.TRANSFER and not self.task.strip():
            raise ValidationError({"task": _("Say what the learner should do.")})

    @property
    def required_keys(self):
        return parse_keys(self.requires)


class ModulePage(OneAddress, KeepsStateOnRestore, Page):
    """A formal step's reading, distilled from the community, with an optional quiz."""

    community = models.ForeignKey(
        "community.CommunityPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="learning_modules",
    )
    learning_path = models.ForeignKey(
        LearningPathPage,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="modules",
    )
    body = StreamField(WikiBlock(), blank=True, verbose_name=_("body"))
    quiz = StreamField(QuizBlock(), blank=True, verbose_name=_("knowledge check"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0: as many as the learner needs.")
    )
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, editable=False)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("quiz"), FieldPanel("pass_mark"), FieldPanel("max_attempts")],
            heading=_("Knowledge check"),
        ),
        InlinePanel("sources", heading=_("Distilled from"), label=_("Source")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.FilterField("community"),
    ]
    parent_page_types = ["learning.LearningPathPage"]
    subpage_types = []

    STATE_FIELDS = ("community", "learning_path", "last_reviewed_at", "last_reviewed_by")

    class Meta:
        verbose_name = _("learning module")
        verbose_name_plural = _("learning modules")

    def get_template(self, request, *args, **kwargs):
        return "learning/module_page.html"

    def serve(self, request, *args, **kwargs):
        from intranet.community import permissions

        if not permissions.can_see_module(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        context.update(pages.module_context(self, request, content=context["content"]))
        return context


class ModuleSource(Orderable):
    """A post, discussion, wiki page or library item a module was distilled from.

    What the source looked like when the module was last reviewed is kept as a fingerprint:
    its latest revision, its newest comment and its accepted answer. A source whose
    fingerprint moved on flags the module for review.
    """

    module = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="sources")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("source"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(max_length=255, blank=True, editable=False)
    seen_revision_id = models.PositiveIntegerField(null=True, editable=False)
    seen_comment_id = models.PositiveIntegerField(null=True, editable=False)
    seen_answer_id = models.PositiveIntegerField(null=True, editable=False)
    seen_file_id = models.PositiveIntegerField(null=True, editable=False)

    panels = [
        PageChooserPanel("page", ["community.PostPage", "wiki.WikiPage", "library.LibraryItemPage"])
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["module", "page"], name="source_once_per_module")
        ]

    def save(self, *args, **kwargs):
        if self.page_id and not self.title:
            self.title = (
                Page.objects.filter(pk=self.page_id).values_list("title", flat=True).first() or ""
            )
        return super().save(*args, **kwargs)


class How(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    ASSIGNED = "assigned", _("Assigned")
    AUTOMATIC = "automatic", _("Enrolled automatically")


class Enrolment(models.Model):
    """Someone following a path. Never deleted on leaving, so automatic enrolment is once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    path = models.ForeignKey(LearningPathPage, on_delete=models.CASCADE, related_name="enrolments")
    how = models.CharField(max_length=16, choices=How.choices, default=How.SELF)
    enrolled_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
    )
    mentor_reason = models.CharField(max_length=300, blank=True)
    mentor_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    certificate = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="enrol_once")]
        indexes = [models.Index(fields=["user", "withdrawn_at", "-last_activity_at"])]

    def __str__(self):
        return f"{self.user} in {self.path}"

    @property
    def is_active(self):
        return self.withdrawn_at is None


class Status(models.TextChoices):
    REQUESTED = "requested", _("Waiting for sign-off")
    RETURNED = "returned", _("Returned by the mentor")
    DONE = "done", _("Done")


class StepProgress(models.Model):
    """Where a learner is on one step; no row means not started."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=16, choices=Status.choices)
    completed_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    request_note = models.TextField(_("what you did"), max_length=2000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="progress_once_per_step")
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]


class QuizAttempt(models.Model):
    """One scored submission of a module's knowledge check."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="attempts")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="attempts")
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)  # {question id: [answer ids]} as chosen
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class QuestionResult(models.Model):
    """Whether one question of an attempt was answered right, for pass rates per question."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="results")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")
    question_id = models.CharField(max_length=64)
    correct = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["module", "question_id"])]
