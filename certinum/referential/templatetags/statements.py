from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
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


@register.filter
def simulation_url(embed_url: str) -> str:
    """The address of a content simulation (`sims/<name>/index.html?s=2`): the static
    file's URL (hashed in production), then the scenario's query and fragment, which are
    no part of the file's name (the storage would escape them or miss the file)."""
    parts = urlsplit(embed_url)
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return static(f"content/{parts.path}") + query + fragment
