"""Markdown renders to allow-listed HTML, whatever hostile input it is given."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from models.rendering import render_markdown

CORPUS = json.loads(
    (Path(__file__).parent.parent / "data" / "xss-payloads.json").read_text("utf-8")
)
ALLOWED_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong"}
ALLOWED_TAGS |= {"em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a"}
ALLOWED_TAGS |= {"table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}}
FORBIDDEN_PREFIXES = ("on", "hx-", "data-", "style", "class", "id")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster"}
URL_ATTRIBUTES |= {"background", "data", "codebase", "srcset", "content", "ping"}
SCHEMES = {"http", "https", "mailto"}
REL = {"noopener", "noreferrer", "nofollow"}
# Markdown contexts a payload is wrapped in, besides being the whole text.
CONTEXTS = (
    "{}",
    "- {}",
    "1. {}",
    "> {}",
    "# {}",
    "*{}*",
    "[{}](https://ok.example/)",
    "| a |\n| --- |\n| {} |",
    "Text före\n\n{}\n\nText efter",
)
# Markdown- and htmx-specific vectors, on top of the DOMPurify corpus.
OWN_VECTORS = (
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](\x01javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x][1]\n\n[1]: javascript:alert(1)",
    '[x][1]\n\n[1]: javascript:alert(1) "title"',
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](https://evil.example/a.png)",
    '![x](https://evil.example/a.png "t" onerror="alert(1)")',
    "[![x](https://evil.example/a.png)](https://ok.example/)",
    '[x](https://ok.example/ "a\\" onmouseover=\\"alert(1))',
    '[x](https://ok.example/" onmouseover="alert(1))',
    "[x](//evil.example/)",
    "[x](/admin/users)",
    "[x](http:evil)",
    '<div hx-get="/admin" hx-trigger="load">x</div>',
    '<button hx-on:click="alert(1)">x</button>',
    '<a hx-on::after-request="alert(1)" href="https://ok.example/">x</a>',
    '<a data-hx-post="/x" href="https://ok.example/">x</a>',
    '<p hx-vals=\'js:{a: alert(1)}\' hx-post="/x" hx-trigger="load">x</p>',
    '<a href="https://ok.example/" hx-boost="true" hx-target="body">x</a>',
    '<form action="/logout" method="post"><button>Go</button></form>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<!-- <img src=x onerror=alert(1)> -->",
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    '<a href="https://ok.example/" id="flashes" class="btn" style="color:red">x</a>',
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
)
VECTORS = len(CORPUS) + len(OWN_VECTORS)


class _Checker(HTMLParser):
    """Collect every way an HTML fragment steps outside the allow-list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")
        rel = dict(attrs).get("rel") or ""
        if tag == "a" and not REL <= set(rel.split()):
            self.problems.append(f"<a rel={rel!r}>")

    handle_startendtag = handle_starttag

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith(FORBIDDEN_PREFIXES):
            self.problems.append(f"attribute {name} on <{tag}>")
        elif name not in ALLOWED_ATTRIBUTES.get(tag, ()):
            self.problems.append(f"attribute {name} not allowed on <{tag}>")
        if name in URL_ATTRIBUTES or name.endswith("href"):
            url = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
            if scheme is None or scheme.group(1) not in SCHEMES:
                self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration {decl}")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data}")


def problems(html: str) -> list[str]:
    """Return what in the HTML is not allowed; an empty list means it is safe."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


@pytest.mark.parametrize("payload", CORPUS, ids=range(len(CORPUS)))
def test_corpus_payload_is_harmless_in_every_context(payload: str) -> None:
    for context in CONTEXTS:
        html = render_markdown(context.format(payload))
        assert problems(html) == [], (context, html)


@pytest.mark.parametrize("vector", OWN_VECTORS)
def test_own_vector_is_harmless_in_every_context(vector: str) -> None:
    for context in CONTEXTS:
        html = render_markdown(context.format(vector))
        assert problems(html) == [], (context, html)


def _fires(problem: str) -> bool:
    """Return whether a problem could run script, not merely break the allow-list."""
    return problem.startswith(("attribute on", "element <script", "href=", "src="))


def test_the_checker_is_not_blind() -> None:
    raw = [problems(markdown.markdown(payload)) for payload in CORPUS]
    assert sum(bool(found) for found in raw) > 40
    assert sum(any(map(_fires, found)) for found in raw) > 40
    own = [problems(markdown.markdown(vector)) for vector in OWN_VECTORS]
    assert sum(bool(found) for found in own) > 30
    assert problems('<a href="java&#x09;script:alert(1)" rel="noopener">x</a>')
    assert problems('<p hx-get="/x">x</p>') == ["attribute hx-get on <p>"]


def test_images_are_dropped() -> None:
    assert render_markdown("![karta](https://evil.example/a.png)") == "<p></p>"


@pytest.mark.parametrize(
    "link",
    ["[x](/methods/1)", "[x](methods/1)", "[x](//evil.example/)", "[x](#top)"]
    + ["[x](?q=1)", "[x](http:evil)", "[x](https:/evil.example)"],
)
def test_only_absolute_links_keep_their_href(link: str) -> None:
    assert render_markdown(link) == '<p><a rel="noopener noreferrer nofollow">x</a></p>'


GOOD_MARKDOWN = """# Lösningsfokus i Köping

## Så här gör vi

Vi arbetar *tillsammans* med **Arbetsförmedlingen** och ~~ingen~~ `kod`.

- första punkten, å ä ö
- andra punkten

1. ett
2. två

> Citat från en samordnare.

| Kommun | Insatser |
| --- | ---: |
| Västerås | 12 |

```
x = "<b>inte fet</b>"
```

Läs mer på [förbundets webb](https://www.example.se/a?b=1&c=2 "Finsam") eller
skriv till <mailto:kansli@samnod.test>.

---
"""


def test_good_markdown_still_renders() -> None:
    html = render_markdown(GOOD_MARKDOWN)
    assert problems(html) == []
    for fragment in [
        "<h1>Lösningsfokus i Köping</h1>",
        "<h2>Så här gör vi</h2>",
        "<em>tillsammans</em>",
        "<strong>Arbetsförmedlingen</strong>",
        "<code>kod</code>",
        "<li>första punkten, å ä ö</li>",
        "<ol>\n<li>ett</li>",
        "<blockquote>",
        "<th>Kommun</th>",
        "<td>Västerås</td>",
        '<pre><code>x = "&lt;b&gt;inte fet&lt;/b&gt;"\n</code></pre>',
        '<a href="https://www.example.se/a?b=1&amp;c=2" title="Finsam" '
        'rel="noopener noreferrer nofollow">förbundets webb</a>',
        "<hr>",
    ]:
        assert fragment in html
    assert ">kansli@samnod.test</a>" in html


def test_rendering_is_deterministic() -> None:
    text = GOOD_MARKDOWN + "\n\n".join(CORPUS[:50])
    assert render_markdown(text) == render_markdown(text)


@pytest.mark.parametrize("text", [None, ""])
def test_nothing_renders_to_nothing(text: str | None) -> None:
    assert render_markdown(text) == ""
