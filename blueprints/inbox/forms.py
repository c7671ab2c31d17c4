"""Triage forms; each carries the version the officer read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import Form
from ..nodes.forms import text


class VersionedForm(Form):
    """The version of the submission the form was read at."""

    version = IntegerField(validators=[InputRequired()])


class StatusForm(VersionedForm):
    """Move the submission on, with a message to the node."""

    status = HiddenField(validators=[DataRequired()])
    message = TextAreaField(_l("Message to the node"), validators=text(5000))


class AssignForm(VersionedForm):
    """Give it to an officer."""

    assignee = SelectField(_l("Assign to"), choices=[], validate_choice=True)


class NoteForm(Form):
    """An internal note for the office; @name notifies a colleague."""

    text = TextAreaField(
        _l("Internal note"),
        validators=text(5000, _l("Write the note before you save it.")),
    )


class SnoozeForm(VersionedForm):
    """Hide it from the default inbox until a date."""

    until = DateField(_l("Snooze until"), validators=[Optional()])


class PublishForm(VersionedForm):
    """Put an accepted initiative in the method library, or take it out."""

    publish = HiddenField(validators=[DataRequired()])


class MergeForm(VersionedForm):
    """Merge into another submission, by its number."""

    target = IntegerField(
        _l("Merge into submission number"),
        validators=[
            InputRequired(_l("Give the number of the submission to merge into."))
        ],
    )


class ViewForm(Form):
    """Name the current filter to keep it."""

    name = StringField(
        _l("Name of the view"),
        validators=[
            DataRequired(_l("Give the view a name.")),
            Length(max=80, message=_l("At most %(max)d characters.")),
        ],
    )


class BulkForm(Form):
    """One action on the chosen rows, or on every row matching the filter."""

    action = SelectField(
        _l("Do this"),
        choices=[
            SelectChoice("assign_me", _l("Assign to me")),
            SelectChoice("unassign", _l("Remove assignment")),
            SelectChoice("in_review", _l("Start review")),
            SelectChoice("accepted", _l("Accept")),
            SelectChoice("snooze", _l("Snooze until the date below")),
        ],
    )
    # its own id: the filters and the pane's snooze have an "until" too
    until = DateField(_l("Date (for snooze)"), validators=[Optional()], id="bulk-until")
    everything = BooleanField(_l("All that match the filter, not only the chosen"))


class TemplateForm(Form):
    """A new answer template for the office."""

    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Give the template a name.")),
            Length(max=80, message=_l("At most %(max)d characters.")),
        ],
    )
    text = TextAreaField(
        _l("Text"), validators=text(5000, _l("Write the text of the template."))
    )


class SpreadForm(VersionedForm):
    """Spread an accepted submission to nodes, an area or the whole county."""

    targets = SelectMultipleField(
        _l("Spread to"),
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    message = TextAreaField(_l("Message to the receiving nodes"), validators=text(5000))
    deadline = DateField(_l("Answer by"), validators=[Optional()])
