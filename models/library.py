"""The method library: accepted practices and initiatives published as methods."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import and_, func, or_

from . import fulltext
from .base import db
from .events import EventKind
from .organisation import Organisation
from .spread import Answer, Spread
from .submission import (
    Kind,
    Status,
    Submission,
    SubmissionParty,
    TargetGroup,
    submission_target_groups,
)
from .user import User
from .workflow import RuleBroken, check_version, record

PAGE_SIZE = 20
MAX_PAGE = 500
RELATED_LIMIT = 5
FEED_LIMIT = 50
SORTS = ("relevance", "newest", "title", "adopted")
USED = (Answer.ADOPTING, Answer.ADOPTED)

IS_METHOD = and_(
    Submission.status == Status.ACCEPTED,
    or_(Submission.kind == Kind.PRACTICE, Submission.is_method),
)


@dataclass(frozen=True)
class MethodQuery:
    """What a reader of the library asks for: words, filters, order and page."""

    q: str = ""
    target_group: str = ""
    party: str = ""
    origin: str = ""
    adopted_by: str = ""
    review_due: bool = False
    sort: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> MethodQuery:
        """Read the query from request arguments, ignoring what cannot be used."""
        sort = args.get("sort", "")
        page = args.get("page", 1, type=int) or 1
        return cls(
            q=args.get("q", "").strip()[:200],
            target_group=args.get("target_group", "")[:60],
            party=args.get("party", "")[:60],
            origin=args.get("origin", "")[:60],
            adopted_by=args.get("adopted_by", "")[:60],
            review_due=args.get("review") == "due",
            sort=sort if sort in SORTS else "",
            page=min(max(page, 1), MAX_PAGE),
        )

    @property
    def order(self) -> str:
        """The order used: relevance when there are words, else newest."""
        if self.sort == "relevance" and not fulltext.words(self.q):
            return "newest"
        return self.sort or ("relevance" if fulltext.words(self.q) else "newest")

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
    """One page of the library."""

    query: MethodQuery
    hits: list[MethodHit]
    total: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, -(-self.total // PAGE_SIZE))

    def link(self, page: int) -> dict:
        """URL arguments for another page of the same search."""
        return replace(self.query, page=page).args()


def _org_id(slug: str):
    return db.select(Organisation.id).where(Organisation.slug == slug).scalar_subquery()


def _filters(q: MethodQuery, today: date) -> list:
    conditions = [IS_METHOD]
    if q.target_group:
        conditions.append(
            Submission.id.in_(
                db.select(submission_target_groups.c.submission_id)
                .join(TargetGroup)
                .where(TargetGroup.slug == q.target_group)
            )
        )
    if q.party:
        conditions.append(
            Submission.id.in_(
                db.select(SubmissionParty.submission_id).where(
                    SubmissionParty.organisation_id == _org_id(q.party)
                )
            )
        )
    if q.origin:
        conditions.append(Submission.origin_id == _org_id(q.origin))
    if q.adopted_by:
        conditions.append(
            Submission.id.in_(
                db.select(Spread.submission_id).where(
                    Spread.organisation_id == _org_id(q.adopted_by),
                    Spread.answer.in_(USED),
                )
            )
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
    stmt = db.select(Submission).where(*_filters(q, today or date.today()))
    count_stmt = db.select(func.count()).select_from(Submission)
    score = None
    if fulltext.words(q.q):
        stmt, score = fulltext.search(stmt, q.q, dialect)
        count_stmt, _ = fulltext.search(count_stmt, q.q, dialect)
    order = {
        "relevance": [score, Submission.id.desc()],
        "newest": [Submission.created_at.desc(), Submission.id.desc()],
        "title": [Submission.title, Submission.id],
        "adopted": [_adoptions().desc(), Submission.id.desc()],
    }[q.order]
    total = db.session.scalar(count_stmt.where(*_filters(q, today or date.today())))
    rows = list(
        db.session.scalars(
            stmt.order_by(*order).limit(PAGE_SIZE).offset((q.page - 1) * PAGE_SIZE)
        )
    )
    return MethodPage(q, _hits(rows, q.q, dialect), total or 0)


def _hits(rows: list[Submission], query: str, dialect: str) -> list[MethodHit]:
    ids = [m.id for m in rows]
    marks = fulltext.highlights(ids, query, dialect)
    adopted = adoption_counts(ids)
    hits = []
    for m in rows:
        mark = marks.get(m.id)
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
        db.select(Submission).where(Submission.id == method_id, IS_METHOD)
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
    """Return other methods for the same target groups, most shared groups first."""
    groups = [g.id for g in method.target_groups]
    if not groups:
        return []
    shared = func.count(submission_target_groups.c.target_group_id)
    ids = (
        db.select(submission_target_groups.c.submission_id)
        .join(Submission, Submission.id == submission_target_groups.c.submission_id)
        .where(
            submission_target_groups.c.target_group_id.in_(groups),
            Submission.id != method.id,
            IS_METHOD,
        )
        .group_by(submission_target_groups.c.submission_id)
        .order_by(shared.desc(), submission_target_groups.c.submission_id.desc())
        .limit(limit)
    )
    order = list(db.session.scalars(ids))
    rows = db.session.scalars(db.select(Submission).where(Submission.id.in_(order)))
    found = {m.id: m for m in rows}
    return [found[i] for i in order if i in found]


def review_due_count(today: date | None = None) -> int:
    """Return how many methods are past their review date."""
    return (
        db.session.scalar(
            db.select(func.count())
            .select_from(Submission)
            .where(IS_METHOD, Submission.review_date < (today or date.today()))
        )
        or 0
    )


def feed_methods(limit: int = FEED_LIMIT) -> list[Submission]:
    """Return the most recently published or changed methods for the Atom feed."""
    return list(
        db.session.scalars(
            db.select(Submission)
            .where(IS_METHOD)
            .order_by(Submission.updated_at.desc(), Submission.id.desc())
            .limit(limit)
        )
    )


def publish_as_method(
    sub: Submission, actor: User, publish: bool, version: int | None
) -> None:
    """Put an accepted initiative in the method library, or take it out."""
    check_version(sub, version)
    if sub.kind != Kind.INITIATIVE or sub.status != Status.ACCEPTED:
        raise RuleBroken(
            _l("Only an accepted initiative can be published as a method."),
            field="publish",
        )
    if sub.is_method == publish:
        return
    sub.is_method = publish
    record(sub, actor, EventKind.PUBLISHED if publish else EventKind.UNPUBLISHED)
