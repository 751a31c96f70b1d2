"""What every Guild form shares."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SingleValues:
    """A form mixin that refuses a field sent more than once where it takes one value, instead
    of silently keeping the last (a tampered or double-submitted request)."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                continue
            if len(self.data.getlist(self.add_prefix(name))) > 1:
                self.add_error(name, _("Send this only once."))
