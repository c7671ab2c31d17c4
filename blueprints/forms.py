"""The base of every form: what any field must satisfy before a rule sees it.

Every form in Samnod derives from `Form`, so no field can be forgotten: text
fields refuse control characters and are bounded in length, free text is
checked for personal identity numbers, and whole numbers stay within what the
databases store. A test checks that every form class derives from it.
"""

from __future__ import annotations

import re

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, StopValidation
from wtforms.widgets import HiddenInput, TextInput

from models.privacy import without_controls

from .validators import TOO_LONG, Bounded, NoPersonalNumber, PlainText

# Upper bounds for text fields that do not set their own: a text reaches a
# query or a page only after it was bounded here.
LINE_AT_MOST = 1000
TEXT_AT_MOST = 50_000


class Form(FlaskForm):
    """A FlaskForm whose fields get Samnod's shape checks first."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            """Put the shape checks before the field's own validators."""
            field_class = unbound_field.field_class
            own = list(
                options.get("validators")
                or unbound_field.kwargs.get("validators")
                or []
            )
            before, after = _checks(field_class, own)
            if before or after:
                options = {**options, "validators": [*before, *own, *after]}
            if options.get("name") == self.csrf_field_name:
                options = {**options, "widget": HiddenWithoutId()}
            return unbound_field.bind(form=form, **options)


class HiddenWithoutId(HiddenInput):
    """The CSRF token's input without an id: a page holds many forms, and each
    `id="csrf_token"` would be the same id again (invalid HTML)."""

    def __call__(self, field: Field, **kwargs) -> str:
        """Render the hidden input; an explicit id is still honoured."""
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


class QueryForm(Form):
    """A search or a filter, read once from the address (`request.args`).

    A GET form: no CSRF token (reading changes nothing). It refuses nothing
    either: a value a field cannot use is left out (the field's default), as if
    the address did not have it, so old links and saved views keep opening.
    A control character or a personal number never gets this far:
    `refuse_unusable_query` answers 400 or 422 before any view.
    """

    class Meta:
        csrf = False

    def __init__(self) -> None:
        super().__init__(formdata=request.args)
        for field in self:
            if not field.validate(self):
                field.data, field.errors = field.default, []


def any_choice(label, choices, filters) -> SelectField:
    """A query form's select that takes any value: one naming nothing matches nothing.

    `choices` (often a callable) are read only when the select is drawn.
    """
    return SelectField(
        label, choices=choices, validate_choice=False, default="", filters=filters
    )


def _checks(field_class: type, own: list) -> tuple[list, list]:
    """The checks that run before and after a field's own validators."""
    if issubclass(field_class, IntegerField):
        return [Bounded()], []
    if not issubclass(field_class, StringField):
        return [], []
    multiline = issubclass(field_class, TextAreaField)
    before: list = [PlainText(multiline=multiline)]
    if not any(isinstance(v, Length) and v.max > 0 for v in own):
        at_most = TEXT_AT_MOST if multiline else LINE_AT_MOST
        before.append(Length(max=at_most, message=TOO_LONG))
    after: list = []
    free_text = not issubclass(field_class, (PasswordField, HiddenField))
    if free_text and not any(isinstance(v, NoPersonalNumber) for v in own):
        after.append(NoPersonalNumber())
    return before, after


# Digits grouped by spaces (also no-break and thin ones), an optional "kr".
_KRONOR = re.compile(r"(-?[0-9]{1,19})(?:\s*kr)?", re.IGNORECASE)
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009]")


def parse_kronor(text: str) -> int | None:
    """Read whole kronor as people write them: "250000", "250 000", "250 000 kr".

    Return None for what is not such a number (a decimal, letters, a formula).
    """
    found = _KRONOR.fullmatch(_GROUPING.sub("", text.strip()))
    return int(found.group(1)) if found else None


class KronorField(Field):
    """Whole kronor in a text box (numeric keyboard); what was typed is kept.

    `data` is the number, or None when the box is empty; anything else stops the
    field with a message. The range is the rule's to check.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l(
            "Write the amount in whole kronor with digits only, e.g. 250 000."
        )
        self.typed: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        """Keep what was typed; read the number from it."""
        self.typed = without_controls(valuelist[0]) if valuelist else ""
        self.data = parse_kronor(self.typed) if self.typed.strip() else None

    def pre_validate(self, form) -> None:
        """Stop at a value that is not whole kronor."""
        if self.typed and self.typed.strip() and self.data is None:
            raise StopValidation(self.message)

    def _value(self) -> str:
        if self.typed is not None:
            return self.typed
        return "" if self.data is None else f"{self.data:,}".replace(",", " ")
