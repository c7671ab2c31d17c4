"""Markdown to safe HTML, done once when a text is saved."""

from __future__ import annotations

import re

import markdown
import nh3

EXTENSIONS = ("sane_lists", "tables", "fenced_code")
ALLOWED_TAGS = frozenset(
    {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del"}
    | {"code", "pre", "blockquote", "ul", "ol", "li", "a"}
    | {"table", "thead", "tbody", "tr", "th", "td"}
)
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Their content is dropped with them: it is code, markup or a form control, not
# prose, and unwrapping it would only print garbage into the page.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "noscript", "noembed", "noframes"}
    | {"object", "embed", "svg", "math", "textarea", "select", "title", "xmp"}
)
# nh3 already denies relative URLs; this also refuses "http:foo", which browsers
# resolve relative to the page, so every link that survives is absolute.
_ABSOLUTE_URL_RE = re.compile(r"(?i)(?:https?:[/\\]{2}|mailto:)")
# What a browser's URL parser ignores (WHATWG URL: C0 controls and spaces at
# the ends, tabs and newlines anywhere), so the scheme test sees what it sees.
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_TAB_OR_NEWLINE_RE = re.compile(r"[\t\n\r]")


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    """Drop an href that is not an absolute http, https or mailto URL."""
    if attribute != "href":
        return value
    url = _URL_TAB_OR_NEWLINE_RE.sub("", value.strip(_URL_EDGES))
    return url if _ABSOLUTE_URL_RE.match(url) else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_absolute_links,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(URL_SCHEMES),
    url_relative="deny",
)


def render_markdown(text: str | None) -> str:
    """Render Markdown to HTML that keeps only the allow-listed tags and links."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=list(EXTENSIONS), output_format="html")
    return _CLEANER.clean(html)
