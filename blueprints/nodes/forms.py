"""Forms for needs, initiatives and effective practices."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from models import Answer, Kind, Urgency
from models.base import local_today

from ..forms import Form
from ..validators import TOO_LONG

MAX_TEXT = 50_000
MAX_AMOUNT = 50_000_000


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def text(max_length: int, required_message=None) -> list:
    """Validators of a free-text field: presence and length (the base form adds
    the privacy guard and the control-character check)."""
    first = DataRequired(required_message) if required_message else Optional()
    return [first, Length(max=max_length, message=TOO_LONG)]


class SubmissionForm(Form):
    """What every kind of submission has."""

    title = StringField(_l("Title"), validators=text(160, _l("Give it a title.")))
    summary = TextAreaField(
        _l("Summary"), validators=text(500, _l("Write a short summary."))
    )
    body = TextAreaField(_l("Description"), validators=text(MAX_TEXT))
    target_groups = CheckboxesField(_l("Target groups"), choices=[])
    parties = CheckboxesField(_l("Member parties involved"), choices=[])
    # the draft's version when the form was read; a stale one is refused (409)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # drawn when a new form is shown: posting the same form twice makes one submission
    idempotency_key = StringField(
        widget=HiddenInput(),
        default=lambda: secrets.token_urlsafe(24),
        validators=[
            Regexp(
                r"^[A-Za-z0-9_-]{16,64}$",
                message=_l("This form is out of date. Reload the page and try again."),
            )
        ],
    )

    def set_choices(self, target_groups, members) -> None:
        """Fill the managed lists from the database."""
        self.target_groups.choices = [
            SelectChoice(t.slug, t.name) for t in target_groups
        ]
        self.parties.choices = [SelectChoice(o.slug, o.name) for o in members]


class NeedForm(SubmissionForm):
    """A need the node sees."""

    people_estimate = IntegerField(
        _l("About how many people does it concern?"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=1_000_000,
                message=_l("Give a whole number between %(min)s and %(max)s."),
            ),
        ],
    )
    urgency = SelectField(
        _l("Urgency"),
        choices=[
            SelectChoice(Urgency.LOW.value, _l("Can wait")),
            SelectChoice(Urgency.MEDIUM.value, _l("Within the year")),
            SelectChoice(Urgency.HIGH.value, _l("Urgent")),
        ],
        default=Urgency.MEDIUM.value,
    )


class InitiativeForm(SubmissionForm):
    """An initiative or proposal, optionally with a request for joint funds."""

    goal = TextAreaField(_l("Goal"), validators=text(5000, _l("Describe the goal.")))
    period_start = DateField(_l("Starts"), validators=[Optional()])
    period_end = DateField(_l("Ends"), validators=[Optional()])
    expected_results = TextAreaField(_l("Expected results"), validators=text(5000))
    funding_amount = IntegerField(
        _l("Joint funds requested (SEK)"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_AMOUNT,
                message=_l(
                    "Give the amount in whole kronor, between %(min)s and %(max)s."
                ),
            ),
        ],
    )
    budget = TextAreaField(_l("Budget breakdown"), validators=text(MAX_TEXT))

    def validate_period_end(self, field) -> None:
        """The period cannot end before it starts."""
        if (
            field.data
            and self.period_start.data
            and field.data < self.period_start.data
        ):
            raise ValidationError(_l("The period cannot end before it starts."))

    def validate(self, extra_validators=None) -> bool:
        """Besides each field: a funding request needs a budget breakdown."""
        valid = super().validate(extra_validators)
        if self.funding_amount.data and not (self.budget.data or "").strip():
            self.budget.errors = [
                *self.budget.errors,
                _l("Break down the budget for the amount requested."),
            ]
            return False
        return valid


class PracticeForm(SubmissionForm):
    """An effective practice, shaped like a method record in Metodguiden."""

    purpose = TextAreaField(
        _l("Purpose"), validators=text(5000, _l("Describe the purpose of the method."))
    )
    method_md = TextAreaField(
        _l("How it is done"),
        validators=text(MAX_TEXT, _l("Describe how the method is carried out.")),
    )
    training = TextAreaField(_l("Training needed"), validators=text(5000))
    evidence_md = TextAreaField(_l("Results and evidence"), validators=text(MAX_TEXT))
    contact = StringField(_l("Contact"), validators=text(300))
    review_date = DateField(_l("Next review"), validators=[Optional()])

    def validate_review_date(self, field) -> None:
        """A review date lies in the future."""
        if field.data and field.data <= local_today():
            raise ValidationError(_l("The next review must be a date in the future."))


class CommentForm(Form):
    """A message in the thread between the node and the county office."""

    text = TextAreaField(
        _l("Comment"), validators=text(5000, _l("Write something before you send."))
    )


FORMS = {
    Kind.NEED: NeedForm,
    Kind.INITIATIVE: InitiativeForm,
    Kind.PRACTICE: PracticeForm,
}


def form_values(form: SubmissionForm) -> dict:
    """Return the submission's own fields from a validated form."""
    skip = {
        "csrf_token",
        "version",
        "idempotency_key",
        "target_groups",
        "parties",
        "funding_amount",
        "budget",
    }
    values = {
        name: field.data for name, field in form._fields.items() if name not in skip
    }
    values["body_md"] = values.pop("body") or ""
    return values


CHOOSE_ANSWER = _l("Choose your node's answer.")


class AnswerForm(Form):
    """A receiving node's answer to a spread; no answer is chosen for the node."""

    answer = RadioField(
        _l("Our answer"),
        choices=[
            SelectChoice(Answer.INTERESTED.value, _l("Interested")),
            SelectChoice(Answer.ADOPTING.value, _l("Adopting")),
            SelectChoice(Answer.ADOPTED.value, _l("Adopted")),
            SelectChoice(Answer.NOT_RELEVANT.value, _l("Not relevant")),
        ],
        # The message below, not WTForms' "Not a valid choice", when none is chosen.
        validate_choice=False,
        validators=[
            InputRequired(CHOOSE_ANSWER),
            AnyOf([a.value for a in Answer], message=CHOOSE_ANSWER),
        ],
    )
    note = TextAreaField(_l("Note"), validators=text(2000))
