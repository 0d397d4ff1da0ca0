"""Rendering of challenge statements: Markdown, sanitised, with French typography."""

import re
from functools import lru_cache

import markdown
import nh3

NBSP = "\u00a0"
NNBSP = "\u202f"
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h3",
    "h4",
    "a",
    "hr",
}
_CODE_SPANS = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


def french_typography(text: str) -> str:
    """Non-breaking spaces before ; : ! ? and inside « », outside code spans."""
    parts = _CODE_SPANS.split(text)
    for index in range(0, len(parts), 2):  # even parts are outside code
        part = parts[index]
        part = re.sub(r" ([;!?])", NNBSP + r"\1", part)
        part = re.sub(r" :(?=\s|$)", NBSP + ":", part)
        part = re.sub(r"« ", "«" + NBSP, part)
        part = re.sub(r" »", NBSP + "»", part)
        parts[index] = part
    return "".join(parts)


# Rendering is a pure function of the text and costs about a millisecond; every question page
# renders its statement and proposals, so each worker keeps the results (a bank of a few
# thousand items fits easily; an edited text is simply another key).
@lru_cache(maxsize=8192)
def render_statement(text: str) -> str:
    """Markdown → HTML with only harmless tags kept (authors cannot inject scripts)."""
    html = markdown.markdown(
        french_typography(text), extensions=["tables", "sane_lists", "fenced_code"]
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )


INLINE_TAGS = {"strong", "em", "code"}


@lru_cache(maxsize=32768)
def render_inline(text: str) -> str:
    """One line of Markdown (a proposal, an input label): emphasis and code only."""
    html = markdown.markdown(french_typography(text))
    html = html.removeprefix("<p>").removesuffix("</p>")
    return nh3.clean(html, tags=INLINE_TAGS, attributes={})
