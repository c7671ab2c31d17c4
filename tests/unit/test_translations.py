"""Nothing untranslated: every UI string is marked, literal and translated into Swedish.

The catalogue's own statistics cannot see a string that extraction misses (a `_()`
inside an f-string, a computed msgid, an unmarked label), so these tests read the
source the way extraction should and compare.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
# The options of `make extract`: `-k _l -k lazy_gettext`.
KEYWORDS = DEFAULT_KEYWORDS | {"_l": None, "lazy_gettext": None}
GETTEXT = frozenset({"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"})
PLURAL = frozenset({"ngettext", "lazy_ngettext"})
# Application code; tests, bench, migrations and the demo (demo/) are not UI.
PY_DIRS = ("blueprints", "models")
# Text that is the same in every language: the brand, and each language named in
# itself on the language choice. Keep this list short.
NOT_UI_TEXT = frozenset({"Samnod", "Svenska", "English"})
# Elements whose text is not prose: code, and key caps (<kbd>j</kbd>, <kbd>Enter</kbd>).
NOT_PROSE = frozenset({"script", "style", "kbd"})
# Calls whose message reaches the user as it is.
MESSAGE_CALLS = frozenset(
    {
        "flash",
        "ValidationError",
        "RuleBroken",
        "StaleVersion",
        "TransitionNotAllowed",
        "PersonalNumberFound",
        "make_response",
    }
)
VISIBLE_ATTRS = frozenset({"title", "alt", "placeholder", "aria-label", "label"})
LETTER = re.compile(r"[^\W\d_]")


def _python_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in PY_DIRS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _templates() -> list[Path]:
    # babel.cfg's jinja2 patterns: pages, the Atom feed and the plain-text mail.
    return sorted(
        f
        for ext in ("html", "xml", "txt")
        for f in (ROOT / "templates").rglob(f"*.{ext}")
    )


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_text(node: ast.expr) -> bool:
    """True for a literal the user would read: a string, f-string, or one built up."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTER.search(node.value)) and node.value.strip() not in NOT_UI_TEXT
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        return isinstance(node.func, ast.Attribute) and _is_text(node.func.value)
    return False


def _parsed() -> list[tuple[Path, ast.Module]]:
    return [(f, ast.parse(f.read_text(), str(f))) for f in _python_files()]


PARSED = _parsed()


def _python_gettext_calls(parsed=PARSED):
    """Yield (where, call, inside_fstring) for every gettext call in the code."""
    for path, tree in parsed:
        in_fstring = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
                yield _where(path, node.lineno), node, id(node) in in_fstring


def _msgids_from_ast() -> dict[object, str]:
    found = {}
    for where, call, _fstring in _python_gettext_calls():
        literal = [
            a.value
            for a in call.args[:2]
            if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if _name(call.func) in PLURAL and len(literal) == 2:
            found[tuple(literal)] = where
        elif _name(call.func) not in PLURAL and literal:
            found[literal[0]] = where
    return found


def _extracted() -> dict[object, str]:
    method_map, options_map = parse_mapping_cfg((ROOT / "babel.cfg").open())
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        if filename.startswith(("tests/", "bench/", "migrations/")):
            continue
        found[message] = f"{filename}:{line}"
    return found


def _catalogue():
    with CATALOGUE.open("rb") as f:
        return read_po(f, locale="sv")


def test_every_marked_string_is_translated_in_swedish():
    catalogue = _catalogue()
    wanted = _extracted() | _msgids_from_ast()
    missing, untranslated = [], []
    for msgid, where in sorted(wanted.items(), key=lambda kv: kv[1]):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalogue.get(key)
        if entry is None:
            missing.append(f"{where}: {msgid!r}")
        elif entry.fuzzy or not all(
            entry.string if isinstance(entry.string, tuple) else [entry.string]
        ):
            untranslated.append(f"{where}: {msgid!r}")
    assert missing == [], "not in the Swedish catalogue (run `make extract`)"
    assert untranslated == [], "no Swedish translation (or fuzzy)"


def _gettext_problems(parsed) -> list[str]:
    bad = []
    for where, call, in_fstring in _python_gettext_calls(parsed):
        count = 2 if _name(call.func) in PLURAL else 1
        args = call.args[:count]
        if len(args) < count or not all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
        ):
            bad.append(f"{where}: the msgid is not a string literal")
        elif in_fstring:
            bad.append(f"{where}: inside an f-string, extraction misses it")
    return bad


def test_python_gettext_arguments_are_literals_extraction_sees():
    assert _gettext_problems(PARSED) == []


def _unmarked_messages(parsed) -> list[str]:
    """Find literal text given to flash(), abort(), a domain error, a form label…"""
    bad = []
    for path, tree in parsed:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func) or ""
            args = list(node.args)
            if name == "abort":
                args = args[1:] + [k.value for k in node.keywords]
            elif name in MESSAGE_CALLS:
                args = args[:1] + [k.value for k in node.keywords if k.arg == "message"]
            elif name == "SelectChoice":
                args = args[1:2] + [k.value for k in node.keywords if k.arg == "label"]
            elif name.endswith("Field"):
                args = args[:1] + [k.value for k in node.keywords if k.arg == "label"]
            else:
                # Validators and anything else that takes a message= for the user.
                args = [k.value for k in node.keywords if k.arg == "message"]
            for arg in args:
                if _is_text(arg):
                    bad.append(
                        f"{_where(path, node.lineno)}: {name}({ast.unparse(arg)})"
                    )
    return bad


def test_python_messages_shown_to_users_are_marked():
    assert _unmarked_messages(PARSED) == [], "wrap these in _() / _l()"


ENV = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)


def _template_gettext_problems(path: Path, source: str | None = None) -> list[str]:
    """Find gettext calls in a template whose msgid is not one plain string."""
    # Operators come out of the lexer as ("operator", "("); name them by their value.
    tokens = [
        (line, value if kind == "operator" else kind, value)
        for line, kind, value in ENV.lex(source or path.read_text(), str(path))
        if kind != "whitespace"
    ]
    bad = []
    for i, (line, kind, value) in enumerate(tokens[:-1]):
        if kind != "name" or value not in GETTEXT or tokens[i + 1][1] != "(":
            continue
        count = 2 if value in PLURAL else 1
        rest = tokens[i + 2 :]
        for n in range(count):
            arg, after = rest[2 * n : 2 * n + 2]
            if arg[1] != "string" or after[1] not in (",", ")"):
                bad.append(f"{_where(path, line)}: {value}(…) needs a literal msgid")
                break
    return bad


def test_template_gettext_arguments_are_literals():
    bad = [problem for t in _templates() for problem in _template_gettext_problems(t)]
    assert bad == []


class _TextFinder(HTMLParser):
    """Collect text nodes and visible attributes outside NOT_PROSE elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_PROSE:
            self.skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRS and value:
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in NOT_PROSE:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.found.append((self.getpos()[0], data))


def _template_text(path: Path, source: str | None = None) -> str:
    """The template with every Jinja tag, expression and trans block blanked out.

    Newlines are kept so HTMLParser's line numbers are the template's.
    """
    out, in_trans, tag = [], 0, []
    for _line, kind, value in ENV.lex(source or path.read_text(), str(path)):
        newlines = "\n" * value.count("\n")
        if kind == "block_begin":
            tag = []
        elif kind == "name" and not tag:
            tag = [value]
            if value == "trans":
                in_trans += 1
            elif value == "endtrans":
                in_trans -= 1
        if kind == "data" and not in_trans:
            out.append(value)
        else:
            # A space keeps `<li{% if x %} class="y"{% endif %}>` one tag.
            out.append(" " + newlines)
    return "".join(out)


def _unmarked_text(path: Path, source: str | None = None) -> list[str]:
    finder = _TextFinder()
    finder.feed(_template_text(path, source))
    finder.close()
    bad = []
    for line, text in finder.found:
        words = " ".join(w for w in text.split() if w not in NOT_UI_TEXT)
        if LETTER.search(words):
            bad.append(f"{_where(path, line)}: {words!r}")
    return bad


def test_template_text_is_marked_for_translation():
    bad = [problem for t in _templates() for problem in _unmarked_text(t)]
    assert bad == [], "wrap these in {{ _('…') }}"


@pytest.mark.parametrize(
    ("source", "problems"),
    [
        ("x = f\"{_('Skipped: %(list)s.', list=why)}\"\n", 1),
        ("x = _(msg)\n", 1),
        ('x = _("a" + b)\n', 1),
        ('x = ngettext("one", other, n)\n', 1),
        ('x = _("Fine %(n)s", n=1)\n', 0),
    ],
)
def test_the_python_check_catches_what_extraction_misses(source, problems):
    assert len(_gettext_problems([(ROOT / "app.py", ast.parse(source))])) == problems


@pytest.mark.parametrize(
    ("source", "problems"),
    [
        ('flash("Saved.")\n', 1),
        ('flash(f"Saved {n}.")\n', 1),
        ('abort(403, "No.")\n', 1),
        ('raise RuleBroken("Too late.", field="x")\n', 1),
        ('raise ValidationError("Bad " + x)\n', 1),
        ('title = StringField("Title", validators=[Length(message="Long")])\n', 2),
        ('c = SelectChoice("sv", "Swedish")\n', 1),
        ('flash(_("Saved."))\nabort(404)\nraise RuleBroken(_l("No."))\n', 0),
        ('c = SelectChoice("sv", "Svenska")\nflash(str(exc.message))\n', 0),
    ],
)
def test_the_python_check_catches_unmarked_messages(source, problems):
    assert len(_unmarked_messages([(ROOT / "app.py", ast.parse(source))])) == problems


PROBE = ROOT / "templates" / "probe.html"


@pytest.mark.parametrize(
    ("source", "problems"),
    [
        ("<p>Hello</p>", 1),
        ('<a title="Open">{{ _("x") }}</a>', 1),
        ("<p>{{ _('Hello') }} · {{ n }}</p>", 0),
        ("<p>{% trans %}Hello{% endtrans %}</p>", 0),
        ("<script>let a = 'word';</script><style>p{color:red}</style>", 0),
        ("{# a comment #}<title>{{ t }} – Samnod</title>", 0),
        ("<dt><kbd>Enter</kbd></dt>", 0),
        ("<li{% if x %} class='y'{% endif %}>{{ _('A') }}</li>", 0),
        ('<p class="{{ c }}">{% if x %}Yes{% endif %}</p>', 1),
    ],
)
def test_the_template_check_catches_unmarked_text(source, problems):
    assert len(_unmarked_text(PROBE, source)) == problems


@pytest.mark.parametrize(
    ("source", "problems"),
    [
        ("{{ _(x) }}", 1),
        ("{{ _('a ' ~ x) }}", 1),
        ("{{ ngettext('one', x, n) }}", 1),
        ("{{ _('Hi %(n)s', n=x) }} {{ ngettext('a', 'b', n) }}", 0),
    ],
)
def test_the_template_check_catches_computed_msgids(source, problems):
    assert len(_template_gettext_problems(PROBE, source)) == problems


def test_each_message_is_in_the_catalogue_once():
    """A msgid written twice (two helpers appending the same label) makes
    `msgfmt -c` refuse the file, and the two could drift apart."""
    text = CATALOGUE.read_text(encoding="utf-8")
    blocks = re.finditer(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)', text, re.M)
    seen: dict[tuple, int] = {}
    twice = []
    for block in blocks:
        key = (block.group(1), "".join(re.findall(r'"(.*)"', block.group(2))))
        line = text.count("\n", 0, block.start()) + 1
        if key[1] and key in seen:
            twice.append((key[1], seen[key], line))
        seen.setdefault(key, line)
    assert twice == []
