"""The method library: accepted practices and initiatives published as methods."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from ..base import db, local_today
from ..organisation import Organisation
from ..spread import Answer, Spread
from ..submission import (
    Submission,
    SubmissionParty,
    TargetGroup,
    submission_target_groups,
)
from . import fulltext

PAGE_SIZE = 20
MAX_PAGE = 500
# A search ranks the newest WINDOW matches by relevance (the rest follow newest
# first); counts stop at COUNT_CAP. Both keep a search at about one index scan
# of that many rows however common the word is.
WINDOW = 200
COUNT_CAP = 1000
RELATED_LIMIT = 5
RELATED_CANDIDATES = 50
FEED_LIMIT = 50
SORTS = ("relevance", "newest", "title", "adopted")
USED = (Answer.ADOPTING, Answer.ADOPTED)


@dataclass(frozen=True)
class MethodQuery:
    """What a reader of the library asks for: words, filters, order and page.

    Read from the address by `blueprints.methods.forms.MethodSearchForm`."""

    q: str = ""
    target_group: str = ""
    party: str = ""
    origin: str = ""
    adopted_by: str = ""
    review_due: bool = False
    sort: str = ""
    page: int = 1

    @property
    def order(self) -> str:
        """The order used: relevance when there are words, else newest."""
        if self.sort == "relevance" and not fulltext.words(self.q):
            return "newest"
        return self.sort or ("relevance" if fulltext.words(self.q) else "newest")

    @property
    def ranked(self) -> bool:
        """Whether the hits come best match first."""
        return self.order == "relevance"

    def args(self, **override) -> dict:
        """Return the query as URL arguments, leaving out empty ones."""
        values = {
            "q": self.q,
            "target_group": self.target_group,
            "party": self.party,
            "origin": self.origin,
            "adopted_by": self.adopted_by,
            "review": "due" if self.review_due else "",
            "sort": self.sort,
            "page": self.page if self.page > 1 else "",
        }
        values.update(override)
        return {k: v for k, v in values.items() if v not in ("", None, 1)}

    @property
    def filtered(self) -> bool:
        """True when any filter (not counting words or order) is set."""
        chosen = (self.target_group, self.party, self.origin, self.adopted_by)
        return any(chosen) or self.review_due


@dataclass
class MethodHit:
    """One method in a result list, with its words marked when searched."""

    method: Submission
    title: Markup
    snippet: Markup | str
    adopted: int = 0


@dataclass
class MethodPage:
    """One page of the library, and how many matched (counted up to a cap)."""

    query: MethodQuery
    hits: list[MethodHit]
    total: int
    capped: bool = False  # more than `total` matched; they were not all counted
    has_next: bool = False

    @property
    def pages(self) -> int | None:
        """How many pages there are, when every match was counted."""
        return None if self.capped else max(1, -(-self.total // PAGE_SIZE))

    def link(self, page: int) -> dict:
        """URL arguments for another page of the same search."""
        return replace(self.query, page=page).args()


def _org_id(slug: str):
    return db.select(Organisation.id).where(Organisation.slug == slug).scalar_subquery()


def _filters(q: MethodQuery, today: date) -> list:
    """Conditions on Submission; each filter is a lookup per row, never a list."""
    conditions = [Submission.in_library]
    if q.target_group:
        conditions.append(
            db.select(submission_target_groups.c.submission_id)
            .join(TargetGroup)
            .where(
                submission_target_groups.c.submission_id == Submission.id,
                TargetGroup.slug == q.target_group,
            )
            .exists()
        )
    if q.party:
        conditions.append(
            db.select(SubmissionParty.submission_id)
            .where(
                SubmissionParty.submission_id == Submission.id,
                SubmissionParty.organisation_id == _org_id(q.party),
            )
            .exists()
        )
    if q.origin:
        conditions.append(Submission.origin_id == _org_id(q.origin))
    if q.adopted_by:
        conditions.append(
            db.select(Spread.id)
            .where(
                Spread.submission_id == Submission.id,
                Spread.organisation_id == _org_id(q.adopted_by),
                Spread.answer.in_(USED),
            )
            .exists()
        )
    if q.review_due:
        conditions.append(Submission.review_date < today)
    return conditions


def _adoptions():
    return (
        db.select(func.count())
        .where(Spread.submission_id == Submission.id, Spread.answer.in_(USED))
        .correlate(Submission)
        .scalar_subquery()
    )


def search_library(q: MethodQuery, today: date | None = None) -> MethodPage:
    """Return one page of methods matching the query, best or newest first."""
    dialect = db.session.get_bind().dialect.name
    conditions = _filters(q, today or local_today())
    if q.order == "relevance":
        ids, total, capped, has_next = _best_first(conditions, q, dialect)
    else:
        ids, total, capped, has_next = _ordered(conditions, q, dialect)
    found = {m.id: m for m in db.session.scalars(_select(ids))}
    rows = [found[i] for i in ids if i in found]
    return MethodPage(q, _hits(rows, q.q), total, capped, has_next)


def _select(ids: list[int]):
    return db.select(Submission).where(Submission.id.in_(ids))


def _best_first(conditions: list, q: MethodQuery, dialect: str):
    """The newest WINDOW matches ranked by relevance, then the rest newest first."""
    scored = fulltext.newest_scored(conditions, q.q, dialect, WINDOW)
    capped = len(scored) > WINDOW
    window = sorted(scored[:WINDOW], key=lambda row: (row[1], -row[0]))
    start = (q.page - 1) * PAGE_SIZE
    total = len(window)
    if start < WINDOW:
        ids = [i for i, _ in window[start : start + PAGE_SIZE]]
        return ids, total, capped, start + PAGE_SIZE < total or capped
    if not capped:
        return [], total, capped, False
    lowest = scored[WINDOW - 1][0]
    stmt = (
        db.select(Submission.id)
        .where(
            *conditions,
            fulltext.matches(q.q, dialect),
            Submission.id < lowest,
        )
        .order_by(Submission.id.desc())
        .limit(PAGE_SIZE + 1)
        .offset(start - -(-WINDOW // PAGE_SIZE) * PAGE_SIZE)  # after the window's pages
    )
    ids = list(db.session.scalars(stmt))
    return ids[:PAGE_SIZE], total, capped, len(ids) > PAGE_SIZE


def _ordered(conditions: list, q: MethodQuery, dialect: str):
    """A page in a fixed order (newest, title, most used) and a capped count."""
    if fulltext.words(q.q):
        conditions = [*conditions, fulltext.matches(q.q, dialect)]
    order = {
        "newest": [Submission.created_at.desc(), Submission.id.desc()],
        "title": [Submission.title, Submission.id],
        "adopted": [_adoptions().desc(), Submission.id.desc()],
    }[q.order]
    start = (q.page - 1) * PAGE_SIZE
    ids = list(
        db.session.scalars(
            db.select(Submission.id)
            .where(*conditions)
            .order_by(*order)
            .limit(PAGE_SIZE + 1)
            .offset(start)
        )
    )
    counted = db.session.scalar(
        db.select(func.count()).select_from(
            db.select(Submission.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
        )
    )
    capped = counted > COUNT_CAP
    return ids[:PAGE_SIZE], min(counted, COUNT_CAP), capped, len(ids) > PAGE_SIZE


def _hits(rows: list[Submission], query: str) -> list[MethodHit]:
    adopted = adoption_counts([m.id for m in rows])
    hits = []
    for m in rows:
        passages = [m.summary, m.body_md, m.purpose, m.method_md]
        mark = fulltext.highlight(query, m.title, passages)
        hits.append(
            MethodHit(
                m,
                mark.title if mark else Markup.escape(m.title),
                mark.snippet if mark else m.summary,
                adopted.get(m.id, 0),
            )
        )
    return hits


def adoption_counts(ids: list[int]) -> dict[int, int]:
    """Return how many nodes use (adopting or adopted) each of these methods."""
    if not ids:
        return {}
    return dict(
        db.session.execute(
            db.select(Spread.submission_id, func.count())
            .where(Spread.submission_id.in_(ids), Spread.answer.in_(USED))
            .group_by(Spread.submission_id)
        ).all()
    )


def get_method(method_id: int) -> Submission | None:
    """Return the method with this id, or None when it is not in the library."""
    return db.session.scalar(
        db.select(Submission).where(Submission.id == method_id, Submission.in_library)
    )


def adopters(method: Submission) -> list[Spread]:
    """Return the nodes that have taken the method up or are doing so, with notes."""
    return list(
        db.session.scalars(
            db.select(Spread)
            .join(Organisation, Spread.organisation_id == Organisation.id)
            .where(Spread.submission_id == method.id, Spread.answer.in_(USED))
            .order_by(Spread.answer.desc(), Organisation.name)
        )
    )


def related_methods(method: Submission, limit: int = RELATED_LIMIT) -> list[Submission]:
    """Return other methods for the same target groups, most shared groups first.

    Candidates are the newest methods of each group, so a group with thousands
    of methods costs one short index scan, not a count over all of them.
    """
    shared: dict[int, int] = {}
    for group in method.target_groups:
        newest = db.session.scalars(
            db.select(submission_target_groups.c.submission_id)
            .join(Submission, Submission.id == submission_target_groups.c.submission_id)
            .where(
                submission_target_groups.c.target_group_id == group.id,
                Submission.id != method.id,
                Submission.in_library,
            )
            .order_by(submission_target_groups.c.submission_id.desc())
            .limit(RELATED_CANDIDATES)
        )
        for ident in newest:
            shared[ident] = shared.get(ident, 0) + 1
    order = sorted(shared, key=lambda i: (-shared[i], -i))[:limit]
    found = {m.id: m for m in db.session.scalars(_select(order))}
    return [found[i] for i in order if i in found]


def review_due_count(today: date | None = None) -> int:
    """Return how many methods are past their review date."""
    return (
        db.session.scalar(
            db.select(func.count())
            .select_from(Submission)
            .where(
                Submission.in_library, Submission.review_date < (today or local_today())
            )
        )
        or 0
    )


def feed_methods(limit: int = FEED_LIMIT) -> list[Submission]:
    """Return the most recently published or changed methods for the Atom feed."""
    return list(
        db.session.scalars(
            db.select(Submission)
            .options(selectinload(Submission.target_groups))
            .where(Submission.in_library)
            .order_by(Submission.updated_at.desc(), Submission.id.desc())
            .limit(limit)
        )
    )
