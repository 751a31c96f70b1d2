from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from intranet.wiki.links import link_html

register = template.Library()


@register.simple_tag(takes_context=True)
def wiki_cell(context, text):
    """A table cell's plain text, escaped, with its `[[links]]` resolved."""
    return mark_safe(link_html(str(escape(text or "")), context.flatten()))  # noqa: S308
