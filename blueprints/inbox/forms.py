"""The inbox's filter bar, and the triage forms (each carries the version read)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from models import Area, Decision, Kind, Status, TargetGroup, db, granting
from models.base import local_today
from models.labels import label
from models.organisation import member_organisations
from models.read.fulltext import search_text
from models.read.inbox import InboxFilter
from models.workflow import RuleBroken

from ..forms import Form, KronorField, QueryForm, any_choice
from ..nodes.forms import text
from ..validators import TOO_LONG, whole_number


class VersionedForm(Form):
    """The version of the submission the form was read at."""

    version = IntegerField(validators=[InputRequired()])


class StatusForm(VersionedForm):
    """Move the submission on, with a message to the node."""

    status = HiddenField(validators=[DataRequired()])
    message = TextAreaField(_l("Message to the node"), validators=text(5000))


class AssignForm(VersionedForm):
    """Give it to an officer."""

    assignee = SelectField(
        _l("Assign to"),
        choices=[],
        validate_choice=True,
        id="assign-to",  # the filter above the list has an "assignee" of its own
    )


class NoteForm(Form):
    """An internal note for the office; @name notifies a colleague."""

    text = TextAreaField(
        _l("Internal note"),
        validators=text(5000, _l("Write the note before you save it.")),
    )


def snooze_day(form, field) -> None:
    """The day a snooze ends: given, readable, after today (Swedish time).

    In the bulk form the date counts only for a snooze."""
    action = getattr(form, "action", None)
    field.errors[:] = []  # the date field's own "Not a valid date value."
    if action is not None and action.data != "snooze":
        field.data = None
        raise StopValidation()
    if field.data is None:
        given = field.raw_data and field.raw_data[0].strip()
        raise StopValidation(
            _l("Give the date as year-month-day, e.g. 2026-03-14.")
            if given
            else _l("Choose the day it comes back.")
        )
    if field.data <= local_today():
        raise StopValidation(_l("Choose a date after today."))


class SnoozeForm(VersionedForm):
    """Take it out of the inbox's views (but "Snoozed") until a date."""

    until = DateField(_l("Snooze until"), validators=[snooze_day])


class WakeForm(VersionedForm):
    """End a snooze before its day."""


class PublishForm(VersionedForm):
    """Put an accepted initiative in the method library, or take it out."""

    publish = HiddenField(validators=[DataRequired()])


class FirstNumberField(IntegerField):
    """A number given twice under one name (a picked candidate and the number
    field): the first value that is not empty."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the first non-empty value, or none; a number no row can have
        is no number."""
        self.raw_data = [v.strip() for v in valuelist if v.strip()][:1]
        self.data = None
        if self.raw_data:
            try:
                self.data = whole_number(self.raw_data[0])
            except ValueError as exc:
                raise ValueError(_l("Give the number as digits, e.g. 42.")) from exc


class MergeForm(VersionedForm):
    """Merge into another submission, by its number or a picked candidate."""

    target = FirstNumberField(
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
    until = DateField(_l("Date (for snooze)"), validators=[snooze_day], id="bulk-until")
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
    message = TextAreaField(
        _l("Message to the receiving nodes"),
        validators=text(5000),
        id="spread-message",  # the status form above it has a "message" of its own
    )
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


class FundingForm(VersionedForm):
    """The board's decision on the joint funds requested: shape here, the rule's
    own checks (models/granting.py) at each field, all shown at once."""

    decision = RadioField(
        _l("The board's decision"),
        choices=[
            SelectChoice(Decision.GRANTED.value, _l("Granted")),
            SelectChoice(Decision.REJECTED.value, _l("Rejected")),
        ],
        validate_choice=False,
    )
    granted_amount = KronorField(_l("Amount granted (kr)"))
    decided_on = IsoDateField(_l("Date of the board's decision"))
    reference = StringField(
        _l("Minutes or diary number"),
        validators=[Length(max=granting.REFERENCE_AT_MOST, message=TOO_LONG)],
    )
    note = TextAreaField(_l("Note on the decision"), validators=text(2000))

    def validate_decision(self, field) -> None:
        """Granted or rejected, nothing else."""
        _rule(granting.check_decision, field.data)

    def validate_granted_amount(self, field) -> None:
        """Required for a grant, within bounds; empty for a rejection."""
        if self.decision.data in {d.value for d in granting.CHOICES}:
            _rule(granting.check_amount, Decision(self.decision.data), field.data)

    def validate_decided_on(self, field) -> None:
        """A date the board can have decided on."""
        if field.data is None and field.raw_data and field.raw_data[0].strip():
            raise StopValidation(
                _l("Give the date as year-month-day, e.g. 2026-03-14.")
            )
        _rule(granting.check_decided_on, field.data)

    def validate_reference(self, field) -> None:
        """The minutes or diary number is required."""
        _rule(granting.check_reference, field.data)


def _rule(check, *args) -> None:
    """Run one of the rule's checks as a field validator."""
    try:
        check(*args)
    except RuleBroken as exc:
        raise ValidationError(str(exc.message)) from exc


def _line(value: str) -> str:
    """A filter value as the list takes it: trimmed and bounded."""
    return value.strip()[:200]


def _all(options) -> list[SelectChoice]:
    return [SelectChoice("", _l("All")), *options]


def _statuses() -> list[SelectChoice]:
    return _all(
        [SelectChoice("open", _l("To handle (open)"))]
        + [SelectChoice(s.value, label(s)) for s in Status if s != Status.DRAFT]
    )


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
    snoozed = SelectField(
        _l("Snoozed"),
        choices=[
            SelectChoice("", _l("Not snoozed")),
            SelectChoice("yes", _l("Snoozed only")),
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

    def __init__(self, status: str = "") -> None:
        """Read the address; `status` is the status shown when it names none."""
        super().__init__()
        if status and not self.status.data:
            self.status.data = status
        self.filter = InboxFilter(**self.data)
