import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intranet.community import permissions
from intranet.converters import parse_id

from .blocks import Kind

MAX_PEOPLE = 200


class AnswerField(forms.MultipleChoiceField):
    """The answers chosen for one question, as a list whatever its kind, so that several
    answers sent for a single-answer question are seen and refused, not silently cut to one."""

    widget = forms.SelectMultiple  # reads every value sent; the template draws the inputs

    def __init__(self, single, **kwargs):
        super().__init__(**kwargs)
        self.single = single

    def validate(self, value):
        super().validate(value)
        if self.single and len(value) > 1:
            raise forms.ValidationError(_("Choose one answer."), code="one")


class QuizForm(forms.Form):
    """One field per question; the answers' ids are the choices, correctness stays on the server."""

    def __init__(self, quiz, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for qid, text, kind, answers in quiz:
            single = kind != Kind.MULTIPLE
            self.fields[f"q-{qid}"] = AnswerField(
                single,
                label=text,
                choices=[(aid, answer_text) for aid, answer_text, _c, _f in answers],
                error_messages={
                    "required": _("Choose an answer.")
                    if single
                    else _("Choose at least one answer.")
                },
            )

    def chosen(self):
        return {name[2:]: value for name, value in self.cleaned_data.items()}


class SignoffRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What you did"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines for your mentor: when, with whom, what you learned."),
    )


class SignoffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Sign off")), ("return", _("Return with a comment"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say what is missing, so the learner can try again."))
        return cleaned


class MentorForm(forms.Form):
    """A suggested mentor (radio buttons) or anyone else who may mentor, by username or email."""

    mentor = forms.CharField(label=_("Suggested mentor"), max_length=150, required=False)
    other = forms.CharField(
        label=_("Or someone else (username or email)"), max_length=150, required=False
    )

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates

    def clean(self):
        cleaned = super().clean()
        value = (cleaned.get("other") or cleaned.get("mentor") or "").strip()
        if not value:
            raise forms.ValidationError(_("Choose a mentor, or name someone."))
        found = self.candidates.filter(Q(username__iexact=value) | Q(email__iexact=value)).first()
        if found is None and parse_id(value):
            found = self.candidates.filter(pk=parse_id(value)).first()
        if found is None:
            self.add_error(
                "other" if cleaned.get("other") else "mentor",
                _("Nobody who may mentor on this path has that name."),
            )
        cleaned["person"] = found
        return cleaned


class AssignForm(forms.Form):
    people = forms.CharField(
        label=_("People"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Usernames or email addresses, separated by commas or new lines."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, path, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past."))
        if due_on > timezone.localdate() + datetime.timedelta(days=3 * 366):
            raise forms.ValidationError(_("Choose a due date within three years."))
        return due_on

    def clean_people(self):
        names = [n.strip() for n in self.cleaned_data["people"].replace("\n", ",").split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        if not names:
            raise forms.ValidationError(_("Name at least one person."))
        if len(names) > MAX_PEOPLE:
            raise forms.ValidationError(
                _("Assign at most %(n)s people at a time.") % {"n": MAX_PEOPLE}
            )
        users = get_user_model().objects.filter(is_active=True)
        lowered = [name.lower() for name in names]
        found = list(
            users.annotate(login=Lower("username"), address=Lower("email"))
            .filter(Q(login__in=lowered) | Q(address__in=lowered))
            .select_related("profile")
        )
        matched = {u.username.lower() for u in found} | {u.email.lower() for u in found if u.email}
        unknown = [name for name, low in zip(names, lowered, strict=True) if low not in matched]
        if unknown:
            raise forms.ValidationError(
                _("Nobody is called %(names)s.") % {"names": ", ".join(unknown)}
            )
        if self.path.community_id:
            allowed = set(
                permissions.readers(
                    self.path.community, users.filter(pk__in=[u.pk for u in found])
                ).values_list("pk", flat=True)
            )
            outside = [str(u) for u in found if u.pk not in allowed]
            if outside:
                raise forms.ValidationError(
                    _("%(names)s cannot read this community.") % {"names": ", ".join(outside)}
                )
        return found


class DistilForm(forms.Form):
    path = forms.TypedChoiceField(label=_("Learning path"), coerce=int)
    title = forms.CharField(label=_("Module title"), max_length=200)

    def __init__(self, paths, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths = {path.pk: path for path in paths}
        self.fields["path"].choices = [(path.pk, path.title) for path in paths]

    def clean_path(self):
        return self.paths[self.cleaned_data["path"]]
