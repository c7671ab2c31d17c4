"""The base of every form: what any field must satisfy before a rule sees it.

Every form in Samnod derives from `Form`, so no field can be forgotten: text
fields refuse control characters and are bounded in length, free text is
checked for personal identity numbers, and whole numbers stay within what the
databases store. A test checks that every form class derives from it.
"""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length

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
            return unbound_field.bind(form=form, **options)


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
