from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from intranet.html import clean_html
from intranet.learning import pages

_markdown = MarkdownIt("commonmark", {"html": False})

register = template.Library()


@register.simple_tag
def step_url(state, path):
    return pages.step_url(state, path)


@register.filter
def task_html(text):
    """A step's task, written in the wiki's Markdown, as sanitised HTML."""
    return mark_safe(clean_html(_markdown.render(text or "")))  # noqa: S308 - sanitised above
