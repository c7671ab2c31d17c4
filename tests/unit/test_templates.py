"""Templates ask rules by name; they never compare a value with a string literal.

A status, kind, backing or event kind compared with "draft" in a template is a rule
written a second time (or a typo that is never caught). Templates use the enums
(`Status.DRAFT`, `for k in Kind`) or, better, a rule (`sub.can_withdraw`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

EQUALITY_TESTS = {"eq", "ne", "equalto", "sameas", "==", "!="}
STOP = {"in", "is", "and", "or", "not", "if", "elif", "else", "for"}


def _code(source: str) -> list[tuple[int, str, str]]:
    """The tokens of the template's expressions, without whitespace and text."""
    return [
        (line, kind, value)
        for line, kind, value in Environment(autoescape=True).lex(source)
        if kind not in ("whitespace", "data", "comment")
    ]


def _operand(tokens, i: int, step: int) -> int:
    """Where the operand next to token i ends: a literal, a dotted name, a call."""
    depth, j = 0, i + step
    while 0 <= j < len(tokens):
        _line, kind, value = tokens[j]
        if value in "([{" and kind == "operator":
            depth += step
        elif value in ")]}" and kind == "operator":
            depth -= step
        elif depth == 0 and not (
            kind == "string" or value == "." or (kind == "name" and value not in STOP)
        ):
            break
        if depth < 0:
            break
        if depth == 0 and step > 0 and kind == "string":
            return j  # the literal itself ends the operand on the right
        j += step
    return j - step


def _text(tokens) -> str:
    out = ""
    for _line, _kind, value in tokens:
        if out and value not in ".,)]" and not out.endswith((".", "(", "[")):
            out += " "
        out += value
    return out


def comparisons_with_literals(source: str) -> list[tuple[int, str]]:
    """Every `x == "…"`, `x != "…"`, `x in ("…", …)`, `x is eq "…"` in the source."""
    tokens, found = _code(source), []

    def at(j):
        return tokens[j] if 0 <= j < len(tokens) else (0, "", "")

    def string(j) -> bool:
        return at(j)[1] == "string"

    def add(line, start, end):
        found.append((line, _text(tokens[start : end + 1])))

    for i, (line, kind, value) in enumerate(tokens):
        if (
            kind == "operator"
            and value in ("==", "!=")
            and (string(i - 1) or string(i + 1))
        ):
            add(line, _operand(tokens, i, -1), _operand(tokens, i, 1))
        elif kind == "name" and value == "in":
            if string(i + 1) or (at(i + 1)[2] in ("(", "[") and string(i + 2)):
                left = i - 1 if at(i - 1)[2] == "not" else i
                add(line, _operand(tokens, left, -1), _operand(tokens, i, 1))
        elif kind == "name" and value == "is":
            test = i + 2 if at(i + 1)[2] == "not" else i + 1
            if at(test)[2] in EQUALITY_TESTS and (string(test + 1) or string(test + 2)):
                add(line, _operand(tokens, i, -1), _operand(tokens, test, 1))
        elif kind == "string" and value.strip("'\"") in EQUALITY_TESTS:
            # selectattr("kind", "equalto", "need")
            if at(i - 1)[2] == at(i + 1)[2] == "," and string(i + 2):
                add(line, i - 2, i + 2)
    return found


def _findings() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(TEMPLATES).as_posix(), line, text)
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file()
        for line, text in comparisons_with_literals(path.read_text(encoding="utf-8"))
    ]


def test_the_scanner_sees_every_form_of_comparison():
    source = """
    {% if sub.status == "draft" %}{% endif %}{{ 'x' if "need" != sub.kind }}
    {% if sub.status not in ("draft", "submitted") %}{% endif %}
    {% for k in ["need", "initiative"] %}{% endfor %}
    {% if p.backing is eq "confirmed" %}{% endif %}
    {% if e.kind in 'comment' %}{% endif %}
    {{ subs | selectattr("kind", "equalto", "need") | list }}
    {% if sub.status == Status.DRAFT and sub.kind in kinds %}{{ "a" ~ b }}{% endif %}
    {{ _("Reopen") }}{% for k in Kind %}{% endfor %}
    {% if s in (Status.DECLINED,) %}{% endif %}
    """
    assert [text for _line, text in comparisons_with_literals(source)] == [
        'sub.status == "draft"',
        '"need" != sub.kind',
        'sub.status not in ("draft", "submitted")',
        'k in ["need", "initiative"]',
        'p.backing is eq "confirmed"',
        "e.kind in 'comment'",
        '"kind", "equalto", "need"',
    ]


def test_no_template_compares_with_a_string_literal():
    found = [f"templates/{path}:{line}: {text}" for path, line, text in _findings()]
    assert found == [], "ask a rule or use the enum:\n" + "\n".join(found)
