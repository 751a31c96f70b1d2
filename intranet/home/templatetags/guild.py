from django import template
from django.utils.safestring import mark_safe

from intranet import html

register = template.Library()


@register.filter(name="clean_html")
def clean_html(value):
    """Display stored user HTML through the allow-list again: a second line behind the write."""
    return mark_safe(html.clean_html(str(value)))  # noqa: S308 - sanitised just above


@register.filter(name="tag_name")
def tag_name(tag):
    """A free tag's name in the reader's language."""
    from intranet.taxonomy.names import tag_name as name

    return name(tag)


@register.filter(name="in_language")
def in_language(page):
    """A page's title in the reader's language, for lists and breadcrumbs."""
    from intranet.i18n import title_in_language

    return title_in_language(page)
