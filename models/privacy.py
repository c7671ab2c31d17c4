"""Privacy guard: refuse free text holding Swedish personal identity numbers."""

from __future__ import annotations

import calendar
import html
import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext

from .rendering import render_markdown

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
CENTURIES = ("18", "19", "20")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
_SPACES += "\u200a\u202f\u205f\u3000"
# Invisible characters are deleted, or "8501011234" with a zero-width space or
# a soft hyphen in it would look like one number on screen and two to the regex.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_REPLACEMENTS = {
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_INVISIBLE, ""),
    "\uff0b": "+",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
}
# A substitution touches only the rare special characters, where str.translate
# would rebuild every character of the text.
_SPECIAL_RE = re.compile("[" + "".join(_REPLACEMENTS) + "]")

# Date part (YYMMDD) then separator then the four last digits (NNNC). Spaces may
# split the date part anywhere ("19 850 101-1234"), but then a separator is
# required, so "070 1234567" (a phone number) is not read as "070123" + "4567".
# The last four digits are never split: phone numbers and amounts written in
# groups of two or three therefore never match. No digit may touch either end.
# The leading (?=[0-9]) changes no match: it lets the engine skip non-digits fast.
_SEP = r"(?: {0,2}[-+] {0,2}| {1,2})"
_NUMBER_RE = re.compile(
    rf"(?=[0-9])(?<![0-9])(?:(?:{'|'.join(CENTURIES)}) ?)?"
    rf"(?:[0-9]{{6}}{_SEP}?|[0-9](?: ?[0-9]){{5}}{_SEP})"
    r"[0-9]{4}(?![0-9])"
)
_NON_DIGIT_RE = re.compile(r"[^0-9]")


@dataclass(frozen=True)
class Finding:
    """A personal identity or coordination number found in a text."""

    kind: str
    matched: str
    ambiguous: bool


def luhn_check_digit(nine_digits: str) -> int:
    """Return the Luhn check digit of the first nine digits of a ten-digit number."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _kind_of(digits: str) -> str | None:
    """Return the kind of a 10- or 12-digit string, or None if it is not one."""
    year = int(digits[:4]) if len(digits) == 12 else 2000 + int(digits[:2])
    ten = digits[-10:]
    month, day = int(ten[2:4]), int(ten[4:6])
    kind = PERSONNUMMER
    if day > 60:
        kind, day = SAMORDNINGSNUMMER, day - 60
    # A ten-digit "000229" may be 2000-02-29; 2000 + YY gives that benefit.
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    if luhn_check_digit(ten[:9]) != int(ten[9]):
        return None
    return kind


def _original_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Map a span of the normalised text back to the text as it was written."""
    deleted = [m.start() - n for n, m in enumerate(_INVISIBLE_RE.finditer(text))]
    return start + bisect_right(deleted, start), end + bisect_right(deleted, end - 1)


def find_personal_numbers(text: str) -> list[Finding]:
    """Return every personal identity or coordination number in the text."""
    normalised = _SPECIAL_RE.sub(lambda m: _REPLACEMENTS[m.group()], text)
    shifted = len(normalised) != len(text)
    findings = []
    for match in _NUMBER_RE.finditer(normalised):
        digits = _NON_DIGIT_RE.sub("", match.group())
        kind = _kind_of(digits)
        if kind is None:
            continue
        start, end = match.span()
        if shifted:
            start, end = _original_span(text, start, end)
        ambiguous = len(match.group()) == 10 and digits == match.group()
        findings.append(Finding(kind, text[start:end], ambiguous))
    return findings


def _ranges(code_points: list[int]) -> str:
    """A regex character class body for the code points, as ranges."""
    parts, start = [], None
    for n, cp in enumerate(code_points):
        if start is None:
            start = cp
        if n + 1 == len(code_points) or code_points[n + 1] != cp + 1:
            parts.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(cp))) * (cp > start)
            )
            start = None
    return "".join(parts)


# What a reader never sees: every format character (Unicode category Cf: soft
# hyphen, zero-width and bidi marks, tags…) and the other default-ignorable code
# points (variation selectors, the combining grapheme joiner, Hangul fillers).
_FORMAT = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
_IGNORABLE = [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
_IGNORABLE += [*range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xFFF0, 0xFFF9)]
_IGNORABLE += [*range(0xE0100, 0xE01F0)]
_UNSEEN_RE = re.compile("[" + _ranges(sorted({*_FORMAT, *_IGNORABLE})) + "]")
_OTHER_DIGIT_RE = re.compile(r"(?![0-9])\d")  # Arabic-Indic, Devanagari … digits
_SOFT_BREAK_RE = re.compile(r"(?<!\n)\n(?!\n)")
# Markdown can only join what the raw text keeps apart with one of these.
_MARKUP_RE = re.compile(r"[\\*_`<>&\[\]~\n]")
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|br|hr|h[1-6]|pre|blockquote|ul|ol|li|table|thead|tbody|tr|th|td)\b[^>]*>"
)
_TAG_RE = re.compile(r"<[^>]*>")


def seen_text(text: str) -> str:
    """The text as a reader sees it: Markdown rendered, tags and comments gone,
    entities decoded, compatibility forms folded (NFKC: mathematical and
    fullwidth digits become 0–9), other scripts' digits read as digits, and
    every invisible character removed."""
    if _MARKUP_RE.search(text):
        rendered = _BLOCK_TAG_RE.sub("\n\n", render_markdown(text))
        text = _SOFT_BREAK_RE.sub(" ", html.unescape(_TAG_RE.sub("", rendered)))
    if text.isascii():
        return text
    text = _UNSEEN_RE.sub("", unicodedata.normalize("NFKC", text))
    return _OTHER_DIGIT_RE.sub(lambda m: str(unicodedata.digit(m.group())), text)


def _untranslated(msgid: str, **params: str) -> str:
    """Format a msgid without a catalogue, for logs and tracebacks."""
    return msgid % params


class PersonalNumberFound(ValueError):  # noqa: N818 (the name DESIGN gives)
    """A free-text field holds what looks like a personal identity number."""

    def __init__(self, field_label: str, finding: Finding) -> None:
        super().__init__(field_label, finding)
        self.field_label = field_label
        self.finding = finding

    @property
    def message(self) -> str:
        """Return the message for the user, in the request's language."""
        return self._render(gettext)

    def __str__(self) -> str:
        return self._render(_untranslated)

    def _render(self, _: Callable[..., str]) -> str:
        """Build the message with a translation function named _ for extraction."""
        if self.finding.ambiguous:
            return _(
                "%(field)s contains a ten-digit number that is also a valid personal "
                "identity number. If it is a phone number, write it with spaces or "
                "a dash after the area code (070-123 45 67).",
                field=self.field_label,
            )
        return _(
            "%(field)s contains what looks like a personal identity number or "
            "coordination number. Samnod is for structural collaboration only: "
            "never write information about individuals.",
            field=self.field_label,
        )


def guard_text(field_label: str, text: str | None) -> None:
    """Raise PersonalNumberFound for the first personal number in the text."""
    if not text:
        return
    findings = find_personal_numbers(text)
    if not findings:
        seen = seen_text(text)
        findings = find_personal_numbers(seen) if seen != text else []
    if findings:
        raise PersonalNumberFound(field_label, findings[0])


# C0 and C1 control characters, and the two noncharacters XML refuses; tab is
# text. In one line, line breaks are controls too.
_CONTROL_IN_TEXT_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_IN_LINE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ufffe\uffff]")


def control_character(text: str, multiline: bool = False) -> int | None:
    """Return the position of the first control character in the text, or None."""
    pattern = _CONTROL_IN_TEXT_RE if multiline else _CONTROL_IN_LINE_RE
    match = pattern.search(text)
    return match.start() if match else None


def without_controls(text: str, multiline: bool = False) -> str:
    """The text with each control character replaced by U+FFFD (shown as �)."""
    pattern = _CONTROL_IN_TEXT_RE if multiline else _CONTROL_IN_LINE_RE
    return pattern.sub("\ufffd", text)
