from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from intranet.html import html_to_text, text_to_html
from intranet.people.forms import validate_tags
from intranet.people.models import User
from intranet.taxonomy.models import Customer, Product

from .models import Participation, PostKind, Role

MAX_BODY = 20_000
MAX_COMMENT = 5_000


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of post"), choices=PostKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Blank lines start new paragraphs. Links and simple formatting are kept."),
    )
    customers = forms.ModelMultipleChoiceField(
        label=_("Customers"),
        queryset=Customer.objects.sources(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Required for customer-meeting notes."),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Products and services"),
        queryset=Product.objects.sources(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Required for customer-meeting notes."),
    )
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas; existing tags are suggested as you type."),
    )
    must_read = forms.BooleanField(
        label=_("Must read: every member should see this news"), required=False
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_publish = may_publish
        self.fields["tags"].widget.attrs.update({"list": "tag-suggestions", "autocomplete": "off"})
        if not may_publish:
            self.fields["kind"].choices = [c for c in PostKind.choices if c[0] != PostKind.NEWS]
            del self.fields["must_read"]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the post a title."))
        return title

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not html_to_text(text_to_html(body)):
            raise forms.ValidationError(_("Write something in the post."))
        return body

    def clean_tags(self):
        return validate_tags(self.cleaned_data["tags"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PostKind.MEETING:
            for name in ("customers", "products"):
                if not cleaned.get(name):
                    self.add_error(
                        name, _("Meeting notes name the customer and the products discussed.")
                    )
        if cleaned.get("must_read") and cleaned.get("kind") != PostKind.NEWS:
            self.add_error("must_read", _("Only news can be a must-read."))
        return cleaned

    @classmethod
    def initial_for(cls, post):
        return {
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "customers": list(post.customers.all()),
            "products": list(post.products.all()),
            "tags": list(post.tags.all()),
            "must_read": post.must_read,
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 4})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not html_to_text(text_to_html(body)):
            raise forms.ValidationError(_("Write something first."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = self.post.comments.filter(
            pk=parent_id, parent__isnull=True, deleted_at__isnull=True
        ).first()
        if parent is None:
            raise forms.ValidationError(_("You can only reply to a comment on this post."))
        return parent


class DeleteCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail)"), max_length=200, required=False
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    username = forms.ModelChoiceField(
        label=_("Username of the colleague to invite"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"invalid_choice": _("Nobody has that username.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ExceptionForm(forms.Form):
    participation = forms.TypedChoiceField(
        label=_("May do"),
        choices=[("", _("What the policy says")), *list(Participation.choices)],
        coerce=int,
        empty_value=None,
        required=False,
    )
