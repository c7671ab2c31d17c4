"""The method library's search form."""

from __future__ import annotations

from functools import cached_property

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectChoice, SelectField
from wtforms.validators import AnyOf

from models.organisation import member_organisations
from models.read.fulltext import search_text
from models.read.library import MAX_PAGE, SORTS, MethodQuery
from models.submission import all_target_groups

from ..forms import QueryForm, any_choice


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
