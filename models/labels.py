"""Translated labels of enum values, and dates, for pages, notifications and mail."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from babel import dates
from flask_babel import get_locale, get_timezone
from flask_babel import lazy_gettext as _l

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
}


_TRANSLATED: dict[tuple[str, object], str] = {}


def label(value) -> str:
    """Return the translated label of an enum value (kept per language: a list
    asks for a few labels on every row, and catalogs do not change while running)."""
    if value not in LABELS:
        return str(value)
    key = (str(get_locale()), value)
    text = _TRANSLATED.get(key)
    if text is None:
        text = _TRANSLATED[key] = str(LABELS[value])
    return text


def day(value: date | datetime) -> str:
    """A date (a datetime on the user's clock) as flask_babel's format_date writes it.

    A list shows one per row; formatting each costs more than the rest of the row.
    """
    if isinstance(value, datetime):  # naive ones are UTC, as flask_babel has it
        value = value.replace(tzinfo=value.tzinfo or UTC)
        value = value.astimezone(get_timezone()).date()
    return _day(value, str(get_locale()))


@lru_cache(maxsize=8192)
def _day(value: date, locale: str) -> str:
    return dates.format_date(value, "medium", locale=locale)
