from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from intranet.community import permissions
from intranet.people.forms import PhotoField
from intranet.people.models import User

from . import markup
from .models import WikiPage, title_key

MAX_MARKUP = 100_000
FORBIDDEN_IN_TITLES = "[]|#"


class WikiPageForm(forms.Form):
    """Title, body markup and edit summary, checked against what the community may use."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_MARKUP,
        widget=forms.Textarea(
            attrs={"rows": 22, "class": "wiki-editor__text", "spellcheck": "true"}
        ),
    )
    summary = forms.CharField(
        label=_("Summary of your change"),
        max_length=200,
        required=False,
        help_text=_("Shown in the page's history, for example “Added the 2026 prices”."),
    )
    watch = forms.BooleanField(label=_("Tell me when this page changes"), required=False)
    image = PhotoField(
        label=_("Add an image from your computer"),
        required=False,
        help_text=_("It is stored with this community's images and placed at the end of the text."),
    )

    def __init__(self, *args, user, community, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.community, self.page = user, community, page
        self.parsed = None

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the page a title."))
        if any(char in title for char in FORBIDDEN_IN_TITLES):
            raise forms.ValidationError(
                _("Titles cannot contain these characters: %(chars)s")
                % {"chars": " ".join(FORBIDDEN_IN_TITLES)}
            )
        twins = WikiPage.objects.filter(community=self.community, title_key=title_key(title))
        if self.page is not None:
            twins = twins.exclude(pk=self.page.pk)
        if twins.exists():
            raise forms.ValidationError(_("This wiki already has a page with this title."))
        return title

    def clean_body(self):
        try:
            parsed = markup.to_blocks(self.cleaned_data["body"])
        except markup.MarkupError as error:
            raise forms.ValidationError(str(error)) from error
        problems = [
            *self._unknown(parsed.images, community_images(self.community), _("image")),
            *self._unknown(parsed.documents, community_documents(self.community), _("document")),
            *self._unknown(parsed.pages, readable_pages(self.user, parsed.pages), _("page")),
        ]
        if problems:
            raise forms.ValidationError(problems)
        self.parsed = parsed
        return self.cleaned_data["body"]

    def _unknown(self, ids, allowed, kind):
        known = set(allowed.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        return [
            _("There is no %(kind)s %(id)s among those this community can use.")
            % {"kind": kind, "id": pk}
            for pk in sorted(ids - known)
        ]

    @property
    def blocks(self):
        return self.parsed.blocks if self.parsed else []


class NewWikiPageForm(WikiPageForm):
    parent = forms.TypedChoiceField(label=_("Place it under"), coerce=int, required=False)

    field_order = ["title", "parent", "body", "summary", "watch", "image"]

    def __init__(self, *args, wiki, **kwargs):
        super().__init__(*args, **kwargs)
        self.wiki = wiki
        pages = WikiPage.objects.live().descendant_of(wiki).order_by("path")
        self.pages = {page.pk: page for page in pages.only("pk", "title", "depth", "path")}
        indent = wiki.depth + 1
        self.fields["parent"].choices = [
            ("", _("The top of the wiki")),
            *[(pk, "— " * (p.depth - indent) + p.title) for pk, p in self.pages.items()],
        ]

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        return self.pages[pk] if pk else self.wiki


class EditWikiPageForm(WikiPageForm):
    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CurationForm(forms.Form):
    curator = forms.ModelChoiceField(
        label=_("Curator"), queryset=User.objects.none(), required=False
    )
    review_by = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = permissions.readers(
            community, User.objects.order_by("first_name", "last_name")
        )


class CompareForm(forms.Form):
    old = forms.IntegerField(min_value=1)
    new = forms.IntegerField(min_value=1)


def community_images(community):
    """Images a community's wiki may show: its own, and those shared with everyone."""
    images = get_image_model().objects
    return images.filter(Q(collection_id=community.collection_id) | Q(collection__depth=1))


def community_documents(community):
    documents = get_document_model().objects
    return documents.filter(Q(collection_id=community.collection_id) | Q(collection__depth=1))


def readable_pages(user, ids):
    """Of the page ids, the pages the user may see, as a queryset."""
    found = permissions.visible_pages(user, Page.objects.filter(pk__in=ids))
    return Page.objects.filter(pk__in=[page.pk for page in found])
