"""The method library's search form, and the forms that keep a method current."""

from __future__ import annotations

from functools import cached_property

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import AnyOf, Length, StopValidation, ValidationError

from models import reviews
from models.organisation import member_organisations
from models.read.fulltext import search_text
from models.read.library import MAX_PAGE, SORTS, MethodQuery
from models.submission import all_target_groups
from models.workflow import RuleBroken

from ..forms import Form, QueryForm, any_choice
from ..inbox.forms import IsoDateField
from ..validators import TOO_LONG


def _slug(value: str) -> str:
    return value[:60]


def _page(number: int | None) -> int:
    return min(max(number or 1, 1), MAX_PAGE)


def _groups() -> list[SelectChoice]:
    return [
        SelectChoice("", _l("All")),
        *(SelectChoice(g.slug, g.name) for g in all_target_groups()),
    ]


def _members(form: MethodSearchForm, _field) -> list[SelectChoice]:
    return form.member_choices


class MethodSearchForm(QueryForm):
    """Words, filters and order; `query` is what the read side takes.

    A filter is any slug (one that names nothing finds nothing), and the
    options are read only when the form is drawn: three selects, one query.
    """

    q = SearchField(_l("Search methods"), default="", filters=[search_text])
    target_group = any_choice(_l("Target group"), _groups, [_slug])
    party = any_choice(_l("Party involved"), _members, [_slug])
    origin = any_choice(_l("From node"), _members, [_slug])
    adopted_by = any_choice(_l("Used by"), _members, [_slug])
    review = SelectField(
        _l("Review"),
        choices=[SelectChoice("", _l("Any")), SelectChoice("due", _l("Needs review"))],
        default="",
    )
    # Any order the library knows; "relevance" is asked for by links, not offered.
    sort = SelectField(
        _l("Sort"),
        choices=[
            SelectChoice("", _l("Best match, or newest")),
            SelectChoice("newest", _l("Newest")),
            SelectChoice("title", _l("Title A–Ö")),
            SelectChoice("adopted", _l("Most used")),
        ],
        validate_choice=False,
        validators=[AnyOf(("", *SORTS))],
        default="",
    )
    page = IntegerField(default=1, filters=[_page])

    def __init__(self) -> None:
        super().__init__()
        self.query = MethodQuery(
            q=self.q.data,
            target_group=self.target_group.data,
            party=self.party.data,
            origin=self.origin.data,
            adopted_by=self.adopted_by.data,
            review_due=self.review.data == "due",
            sort=self.sort.data,
            page=self.page.data,
        )

    @cached_property
    def member_choices(self) -> list[SelectChoice]:
        """The member nodes, for the three selects that name one."""
        return [
            SelectChoice("", _l("Any")),
            *(SelectChoice(o.slug, o.name) for o in member_organisations()),
        ]


class TypedDateField(IsoDateField):
    """A day as year-month-day; what was typed is shown again when refused."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return super()._value()


class ReviewDateForm(Form):
    """Move a method's next review to another day."""

    review_date = TypedDateField(_l("Next review"), id="next-review-date")

    def validate_review_date(self, field) -> None:
        """A readable day after today."""
        _day(field)
        _rule(reviews.check_next_review, field.data)


class ReviewForm(Form):
    """Record a review of a method, and the day of the next one."""

    outcome = RadioField(
        _l("The review found"),
        choices=[
            SelectChoice(reviews.Outcome.UNCHANGED.value, _l("Reviewed, unchanged")),
            SelectChoice(reviews.Outcome.CHANGED.value, _l("Reviewed with changes")),
        ],
        validate_choice=False,
    )
    # no Optional(): an empty note is still checked against the outcome
    note = TextAreaField(
        _l("Note on the review"), validators=[Length(max=2000, message=TOO_LONG)]
    )
    next_review = TypedDateField(_l("Next review after this one"))

    def validate_outcome(self, field) -> None:
        """Unchanged or changed, nothing else."""
        if field.data not in {o.value for o in reviews.Outcome}:
            _rule(reviews.check_outcome, field.data, "")

    def validate_note(self, field) -> None:
        """A change is described."""
        if self.outcome.data == reviews.Outcome.CHANGED:
            _rule(reviews.check_outcome, self.outcome.data, field.data or "")

    def validate_next_review(self, field) -> None:
        """A readable day after today."""
        _day(field)
        _rule(reviews.check_next_review, field.data, "next_review")


def _day(field) -> None:
    if field.data is None and field.raw_data and field.raw_data[0].strip():
        raise StopValidation(_l("Give the date as year-month-day, e.g. 2026-03-14."))


def _rule(check, *args) -> None:
    """Run one of the rule's checks as a field validator (at this field only)."""
    try:
        check(*args)
    except RuleBroken as exc:
        raise ValidationError(str(exc.message)) from exc
