from django import template
from django.utils.safestring import SafeString, mark_safe

from certinum.referential.rendering import french_typography, render_inline, render_statement

register = template.Library()


@register.filter
def statement(text: str) -> SafeString:
    # render_statement sanitises the HTML with nh3 before it is marked safe.
    return mark_safe(render_statement(text))  # noqa: S308


@register.filter
def typography(text: str) -> str:
    return french_typography(text)


@register.filter
def inline(text: str) -> SafeString:
    # render_inline keeps only <strong>, <em> and <code> (sanitised by nh3).
    return mark_safe(render_inline(text))  # noqa: S308


@register.filter
def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]
