"""Translated labels of enum values, and dates, for pages, notifications and mail."""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel import Locale
from babel.numbers import LC_NUMERIC, NumberPattern, parse_pattern
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from .funding import Decision
from .insats import BudgetType, Inriktning
from .spread import Answer
from .submission import Kind, Status, Urgency
from .user import Role

LABELS = {
    Kind.NEED: _l("Need"),
    Kind.INITIATIVE: _l("Initiative"),
    Kind.PRACTICE: _l("Effective practice"),
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.IN_REVIEW: _l("In review"),
    Status.NEEDS_INFO: _l("More information requested"),
    Status.ACCEPTED: _l("Accepted"),
    Status.DECLINED: _l("Declined"),
    Status.MERGED: _l("Merged"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Urgency.LOW: _l("Can wait"),
    Urgency.MEDIUM: _l("Within the year"),
    Urgency.HIGH: _l("Urgent"),
    Answer.INTERESTED: _l("Interested"),
    Answer.ADOPTING: _l("Adopting"),
    Answer.ADOPTED: _l("Adopted"),
    Answer.NOT_RELEVANT: _l("Not relevant"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.CENTRAL: _l("County office"),
    Role.PRACTITIONER: _l("Practitioner"),
    Role.ADMIN: _l("Administrator"),
    Decision.PENDING: _l("Not decided"),
    Decision.GRANTED: _l("Granted"),
    Decision.REJECTED: _l("Rejected"),
    Inriktning.INDIVIDUAL: _l("Individual-oriented"),
    Inriktning.STRUCTURAL: _l("Structural"),
    BudgetType.INSATS: _l("Insats cost"),
    BudgetType.ESF: _l("ESF insats cost"),
}


def label(value) -> str:
    """Return the translated label of an enum value (other values as they are)."""
    if value not in LABELS:
        return str(value)
    return str(LABELS[value])


def day(value: date | datetime) -> str:
    """A date, or a datetime on the user's clock, as "29 mars 2026"."""
    return format_date(value)


def kronor(amount: int) -> str:
    """Whole kronor as the language groups them: "375 000 kr" ("375,000 kr").

    Not Babel's `format_currency`: for SEK it writes öre, which amounts here
    never have ("375 000,00 kr"), and in English the code ahead of the figure
    ("SEK375,000.00"). The unit stays "kr", after a no-break space.
    """
    return f"{number(amount)}\u00a0kr"


WHOLE = "#,##0"  # a whole number, grouped: "1 234"


def number(value, pattern: str = WHOLE) -> str:
    """A number in a Babel pattern as the reader's language writes it: "1 234,5"."""
    locale = Locale.parse(get_locale() or LC_NUMERIC)
    if pattern == WHOLE and isinstance(value, int):
        # What Babel writes for an int, at about a third of its cost (a follow-up
        # page writes some 400 counts and kronor): Python groups, the locale
        # names the separator.
        return f"{value:,}".replace(",", locale.number_symbols["latn"]["group"])
    return _parsed(pattern).apply(value, locale)


@functools.cache
def _parsed(pattern: str) -> NumberPattern:
    """Each pattern parsed once: Babel's `format_decimal` parses it on every
    call, three quarters of its time (the follow-up writes hundreds of figures)."""
    return parse_pattern(pattern)
