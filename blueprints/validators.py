"""WTForms validators shared by the areas' forms (the base form adds most)."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter
from wtforms import Field
from wtforms.validators import StopValidation, ValidationError

from models.privacy import (
    PersonalNumberFound,
    control_character,
    guard_text,
    without_controls,
)

TOO_LONG = _l("At most %(max)d characters.")
# What PostgreSQL's integer holds; ids, versions and counts all fit.
INT_AT_MOST = 2**31 - 1
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


def whole_number(value: str) -> int:
    """Parse a whole number from a request (ASCII digits, an optional minus),
    refusing what no column can hold; as `type=` of `request.args.get` an
    unusable value gives the default."""
    if not _WHOLE_NUMBER.fullmatch(value):
        raise ValueError(value)
    number = int(value)
    if abs(number) > INT_AT_MOST:
        raise ValueError(value)
    return number


class IdConverter(IntegerConverter):
    """`<int:…>` in URLs: an id beyond any stored one is simply not found (404),
    never an overflow in the database driver."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", INT_AT_MOST)
        super().__init__(url_map, *args, **kwargs)


class PlainText:
    """Refuse control characters (NUL, escape codes…): they cannot be saved, and
    a feed or an export with one in it is broken for every reader. Tab is
    allowed everywhere, line breaks only where the text may have lines."""

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, form: Any, field: Field) -> None:
        """Stop the field's validation with a message naming the position."""
        if not isinstance(field.data, str):
            return
        position = control_character(field.data, self.multiline)
        if position is not None:
            # The text comes back with each control character shown as �, so
            # it can be seen where it was (and the page stays valid HTML).
            field.data = without_controls(field.data, self.multiline)
            raise StopValidation(_control_message(field.label.text, position))


def _control_message(name: str, position: int):
    return _l(
        "%(field)s contains an invisible control character (at "
        "character %(position)d), perhaps from a copied text. "
        "Remove it and try again.",
        field=name,
        position=position + 1,
    )


def check_line(name: str, text: str) -> None:
    """A text typed outside a WTForms field (a grid's cell): the same two checks
    every form field gets, control characters and personal numbers.

    Raises ValidationError with the message a field would show.
    """
    position = control_character(text, False)
    if position is not None:
        raise ValidationError(_control_message(name, position))
    try:
        guard_text(name, text)
    except PersonalNumberFound as exc:
        raise ValidationError(exc.message) from exc


class Bounded:
    """Refuse whole numbers beyond what the database stores."""

    def __call__(self, form: Any, field: Field) -> None:
        """Stop the field's validation when the number is out of range."""
        if isinstance(field.data, int) and abs(field.data) > INT_AT_MOST:
            raise StopValidation(_l("The number is too large."))


class NoPersonalNumber:
    """Refuse a text field that holds a personal identity or coordination number."""

    def __call__(self, form: Any, field: Field) -> None:
        """Raise ValidationError with the privacy guard's message at the field."""
        if not isinstance(field.data, str) or field.errors:
            return
        try:
            guard_text(str(field.label.text), field.data)
        except PersonalNumberFound as exc:
            raise ValidationError(exc.message) from exc


def refuse_unusable_query() -> None:
    """Refuse an address whose query holds a control character (400) or a
    personal identity number (422): a search or a filter is never run with one,
    so it reaches no saved view, remembered filter or log line of ours."""
    for _key, value in request.args.items(multi=True):
        if control_character(value) is not None:
            abort(
                400,
                _(
                    "The address contains an invisible control character. "
                    "Remove it from the search or filter and try again."
                ),
            )
        try:
            guard_text(_("The search or filter"), value)
        except PersonalNumberFound as exc:
            abort(422, exc.message)
