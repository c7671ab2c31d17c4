"""The inbox's filter bar, and the triage forms (each carries the version read)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from models import Area, Kind, Status, TargetGroup, db
from models.labels import label
from models.organisation import member_organisations
from models.read.fulltext import search_text
from models.read.inbox import InboxFilter

from ..forms import Form, QueryForm, any_choice
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


class IsoDateField(DateField):
    """A date as the address carries it, read as `date.fromisoformat` reads it;
    a value it cannot read is no date."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Take the first value, or no date."""
        value = valuelist[0] if valuelist else ""
        try:
            self.data = date.fromisoformat(value) if value else None
        except ValueError:
            self.data = None

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""


def _line(value: str) -> str:
    """A filter value as the list takes it: trimmed and bounded."""
    return value.strip()[:200]


def _all(options) -> list[SelectChoice]:
    return [SelectChoice("", _l("All")), *options]


def _statuses() -> list[SelectChoice]:
    return _all(SelectChoice(s.value, label(s)) for s in Status if s != Status.DRAFT)


def _kinds() -> list[SelectChoice]:
    return _all(SelectChoice(k.value, label(k)) for k in Kind)


def _nodes() -> list[SelectChoice]:
    return _all(SelectChoice(o.slug, o.name) for o in member_organisations())


def _by_name(model) -> list[SelectChoice]:
    rows = db.session.scalars(db.select(model).order_by(model.name))
    return _all(SelectChoice(row.slug, row.name) for row in rows)


class InboxFilterForm(QueryForm):
    """The inbox's filter bar; `filter` is what the read side takes.

    Nodes, areas and target groups are any slug (one that names nothing
    matches nothing) and their options are read only when the bar is drawn.
    """

    q = SearchField(_l("Search"), default="", filters=[search_text])
    status = SelectField(_l("Status"), choices=_statuses, default="", filters=[_line])
    kind = SelectField(_l("Kind"), choices=_kinds, default="", filters=[_line])
    node = any_choice(_l("Node"), _nodes, [_line])
    area = any_choice(_l("Area"), lambda: _by_name(Area), [_line])
    group = any_choice(_l("Target group"), lambda: _by_name(TargetGroup), [_line])
    assignee = SelectField(
        _l("Assigned"),
        choices=[
            SelectChoice("", _l("Anyone")),
            SelectChoice("me", _l("To me")),
            SelectChoice("none", _l("Unassigned")),
        ],
        default="",
        filters=[_line],
    )
    funding = SelectField(
        _l("Funding"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("yes", _l("Requests funds")),
        ],
        default="",
        filters=[_line],
    )
    since = IsoDateField(_l("From"))
    # its own id: the pane's snooze and the bulk form have an "until" too
    until = IsoDateField(_l("To"), id="filter-until")
    sort = SelectField(
        _l("Sort"),
        choices=[
            SelectChoice("newest", _l("Newest")),
            SelectChoice("waiting", _l("Longest waiting")),
            SelectChoice("activity", _l("Last activity")),
        ],
        default="newest",
        filters=[_line],
    )

    def __init__(self) -> None:
        super().__init__()
        self.filter = InboxFilter(**self.data)
