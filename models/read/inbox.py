"""Read model of the central inbox: filters that combine, counts, sorting."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from urllib.parse import urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ForeignKey,
    String,
    func,
    literal_column,
    or_,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Mapped, joinedload, load_only, mapped_column

from ..base import Base, db, local_today
from ..funding import FundingRequest
from ..organisation import Area, Organisation, area_members
from ..submission import (
    LIST_COLUMNS,
    Status,
    Submission,
    TargetGroup,
    submission_target_groups,
)
from ..tallies import SubmissionCount
from ..user import User
from . import fulltext

INBOX_PAGE_SIZE = 50
COUNT_CAP = 1000  # as many as a bulk action on "all that match" takes
SORTS = {
    "newest": (Submission.created_at.desc(), Submission.id.desc()),
    "waiting": (Submission.created_at.asc(), Submission.id.asc()),
    "activity": (Submission.last_activity_at.desc(), Submission.id.desc()),
}


@dataclass
class InboxFilter:
    """What the officer filters on; every field is optional and they combine.

    Read from the address by `blueprints.inbox.forms.InboxFilterForm`."""

    status: str = ""
    kind: str = ""
    node: str = ""
    area: str = ""
    group: str = ""
    assignee: str = ""  # "me", "none" or ""
    funding: str = ""  # "yes" or ""
    since: date | None = None
    until: date | None = None
    q: str = ""
    sort: str = "newest"
    snoozed: str = ""  # "yes": only what is snoozed; else only what is not

    @property
    def snoozed_view(self) -> bool:
        """Whether this is the "Snoozed" view (only what is snoozed)."""
        return self.snoozed == "yes"

    @property
    def oldest_first(self) -> bool:
        """Whether the list runs from the oldest: then "Older" is the way back."""
        _column, descending = SORT_KEYS[self.sort]
        return not descending

    def query_args(self, **override) -> dict:
        """Return the non-empty parts, for links that keep the filter."""
        # Not dataclasses.asdict: its deep copy showed up in profiles (per row).
        values = {k.name: getattr(self, k.name) for k in fields(self)} | override
        return {k: v for k, v in values.items() if v and v != "newest"}


# A status filter names one status or a group of them: "open" is what still
# needs handling, the inbox's default view.
STATUS_GROUPS = {"open": (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO)}


def statuses_of(status: str) -> tuple[str, ...]:
    """Return the statuses a status filter value stands for."""
    return STATUS_GROUPS.get(status, (status,))


def _conditions(
    f: InboxFilter, user_id: int, with_status: bool = True, dense: bool = False
) -> list:
    where = [Submission.status != Status.DRAFT, _snoozed(f.snoozed_view)]
    if with_status and f.status in STATUS_GROUPS:
        where.append(Submission.status.in_(STATUS_GROUPS[f.status]))
    elif with_status and f.status:
        where.append(Submission.status == f.status)
    if f.kind:
        where.append(Submission.kind == f.kind)
    if f.node:  # a scalar subquery, not EXISTS, so (origin_id, …) indexes serve
        where.append(Submission.origin_id == _node_id(f.node))
    if f.area:
        where.append(
            Submission.origin_id.in_(
                db.select(area_members.c.organisation_id)
                .join(Area)
                .where(Area.slug == f.area)
            )
        )
    if f.group:
        where.append(
            Submission.id.in_(
                db.select(submission_target_groups.c.submission_id)
                .join(TargetGroup)
                .where(TargetGroup.slug == f.group)
            )
        )
    if f.assignee == "me":
        where.append(Submission.assignee_id == user_id)
    elif f.assignee == "none":
        where.append(Submission.assignee_id.is_(None))
    if f.funding:
        where.append(Submission.id.in_(db.select(FundingRequest.submission_id)))
    if f.since:
        where.append(Submission.created_at >= f.since)
    if f.until:
        where.append(func.date(Submission.created_at) <= f.until)
    where.extend(_text_conditions(f.q, dense))
    return where


def _snoozed(wanted: bool):
    """Snoozed until a day still to come (Swedish time), or not: a snooze ends
    on its day whether or not `send-reminders` has recorded the wake yet."""
    today = local_today()
    if wanted:
        return Submission.snoozed_until > today
    return or_(Submission.snoozed_until.is_(None), Submission.snoozed_until <= today)


def _text_conditions(q: str, dense: bool = False) -> list:
    condition = fulltext.matches(q, db.session.get_bind().dialect.name, dense)
    return [] if condition is None else [condition]


@dataclass
class InboxPage:
    """One page of the inbox with the count per status under the other filters.

    Pages are keyset pages, as in a mail client: `prev_cursor` and `next_cursor`
    point at the pages on either side (None at an end), never at page numbers,
    so the cost of a page does not grow with how far down it lies.
    """

    items: list[Submission]
    counts: dict[Status, int]
    total: int
    capped: bool = False
    prev_cursor: str | None = None
    next_cursor: str | None = None


def _kept(f: InboxFilter) -> bool:
    """Whether the kept counters can answer: filters on status, node, kind only."""
    return f == InboxFilter(status=f.status, kind=f.kind, node=f.node, sort=f.sort)


def _node_id(slug: str):
    return db.select(Organisation.id).where(Organisation.slug == slug).scalar_subquery()


def inbox_counts(f: InboxFilter, user_id: int) -> tuple[dict[Status, int], int, bool]:
    """Return the count per status under the other filters, the total, and
    whether a text search matched more than is counted (then counts are empty).

    Without other filters the kept counters answer (no scan of the table);
    with them, a GROUP BY over what the filter's index narrows down. A text
    search counts at most COUNT_CAP matches, as a mail client says "many".
    """
    if f.q and f == InboxFilter(q=f.q, sort=f.sort):  # words alone: ask the index
        dialect = db.session.get_bind().dialect.name
        if fulltext.count_up_to(f.q, dialect, COUNT_CAP) > COUNT_CAP:
            return {}, COUNT_CAP, True
    if _kept(f):
        origin = _node_id(f.node) if f.node else None
        counts = _kept_counts(origin, f.kind)
    else:
        matching = db.select(Submission.status).where(
            *_conditions(f, user_id, with_status=False)
        )
        if f.q:
            matching = matching.limit(COUNT_CAP + 1)
        found = matching.subquery()
        counts = dict(
            db.session.execute(
                db.select(found.c.status, func.count()).group_by(found.c.status)
            ).all()
        )
        if f.q and sum(counts.values()) > COUNT_CAP:
            return {}, COUNT_CAP, True
    chosen = statuses_of(f.status) if f.status else counts
    total = sum(counts.get(s, 0) for s in chosen)
    return counts, total, False


def _kept_counts(origin, kind: str) -> dict[Status, int]:
    """The kept counters less what is snoozed now, per status, in one statement
    (the snoozed are few, read by their index)."""
    kept = db.select(
        SubmissionCount.status.label("status"), SubmissionCount.n.label("n")
    ).where(SubmissionCount.status != Status.DRAFT.value)
    snoozed = db.select(
        Submission.status.label("status"), literal_column("-1").label("n")
    ).where(_snoozed(True), Submission.status != Status.DRAFT)
    if origin is not None:
        kept = kept.where(SubmissionCount.origin_id == origin)
        snoozed = snoozed.where(Submission.origin_id == origin)
    if kind:
        kept = kept.where(SubmissionCount.kind == kind)
        snoozed = snoozed.where(Submission.kind == kind)
    both = union_all(kept, snoozed).subquery()
    rows = db.session.execute(
        db.select(both.c.status, func.sum(both.c.n)).group_by(both.c.status)
    )
    return {Status(status): int(n) for status, n in rows if n}


def cursor_of(f: InboxFilter, sub: Submission) -> str:
    """Return the cursor that points at this row in the filter's order."""
    column, _descending = SORT_KEYS[f.sort]
    return f"{getattr(sub, column.key).isoformat()}_{sub.id}"


def _parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    at, _sep, sub_id = (value or "").rpartition("_")
    try:
        return datetime.fromisoformat(at), int(sub_id)
    except ValueError:
        return None


def _keyset(
    f: InboxFilter, user_id: int, cursor, forward: bool, dense: bool = False
) -> list:
    """Up to a page and one more row past the cursor, in list order.

    `dense`: the text search matched more than COUNT_CAP rows (see matches()).
    """
    column, descending = SORT_KEYS[f.sort]
    stmt = (
        db.select(Submission)
        .where(*_conditions(f, user_id, dense=dense))
        .options(
            load_only(*LIST_COLUMNS),
            # in the same statement: a second one cost more than the join
            joinedload(Submission.assignee).load_only(User.name),
        )
    )
    down = descending == forward  # walking towards smaller keys
    if cursor is not None:
        here = tuple_(column, Submission.id)
        stmt = stmt.where(here < tuple_(*cursor) if down else here > tuple_(*cursor))
    order = (column.desc(), Submission.id.desc()) if down else (column, Submission.id)
    rows = list(db.session.scalars(stmt.order_by(*order).limit(INBOX_PAGE_SIZE + 1)))
    return rows if forward else rows[::-1]


def inbox_page(
    f: InboxFilter, user_id: int, after: str | None = None, before: str | None = None
) -> InboxPage:
    """Return the page after (or before) a cursor, or the first page (never drafts)."""
    counts, total, capped = inbox_counts(f, user_id)
    back, ahead = _parse_cursor(before), _parse_cursor(after)
    if back is not None:
        rows = _keyset(f, user_id, back, forward=False, dense=capped)
        if len(rows) > INBOX_PAGE_SIZE:
            items = rows[1:]
            return _page(f, items, (counts, total, capped), prev=True, next_=True)
        ahead = None  # reached the top: show the first page, full
    rows = _keyset(f, user_id, ahead, forward=True, dense=capped)
    items = rows[:INBOX_PAGE_SIZE]
    more = len(rows) > INBOX_PAGE_SIZE
    return _page(f, items, (counts, total, capped), prev=ahead is not None, next_=more)


def _page(f, items, counted: tuple, prev: bool, next_: bool) -> InboxPage:
    return InboxPage(
        items,
        *counted,
        prev_cursor=cursor_of(f, items[0]) if prev and items else None,
        next_cursor=cursor_of(f, items[-1]) if next_ and items else None,
    )


SORT_KEYS = {
    "newest": (Submission.created_at, True),
    "waiting": (Submission.created_at, False),
    "activity": (Submission.last_activity_at, True),
}


def neighbours(
    f: InboxFilter, user_id: int, sub: Submission
) -> tuple[int | None, int | None]:
    """Return the ids before and after this one in the filtered, sorted list.

    Two keyset queries on (sort column, id): the cost does not grow with the list.
    """
    column, descending = SORT_KEYS[f.sort]
    here = tuple_(column, Submission.id)
    mine = tuple_(getattr(sub, column.key), sub.id)
    where = _conditions(f, user_id)
    after = here < mine if descending else here > mine
    before = here > mine if descending else here < mine
    order = (
        (column.desc(), Submission.id.desc())
        if descending
        else (column.asc(), Submission.id.asc())
    )
    reverse = (
        (column.asc(), Submission.id.asc())
        if descending
        else (column.desc(), Submission.id.desc())
    )
    next_id = db.session.scalar(
        db.select(Submission.id).where(*where, after).order_by(*order).limit(1)
    )
    prev_id = db.session.scalar(
        db.select(Submission.id).where(*where, before).order_by(*reverse).limit(1)
    )
    return prev_id, next_id


class SavedView(Base):
    """A named inbox filter an officer keeps; retired, never deleted."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(default=True)


BUILT_IN_VIEWS = (
    (_l("To handle"), "status=open"),
    (_l("Mine"), "assignee=me"),
    (_l("All unassigned"), "assignee=none"),
    (_l("Waiting for more information"), "status=needs_info"),
    (_l("Snoozed"), "snoozed=yes"),
)


def saved_views(user_id: int) -> list[SavedView]:
    """Return the officer's own views, by name."""
    return list(
        db.session.scalars(
            db.select(SavedView)
            .where(SavedView.user_id == user_id, SavedView.active)
            .order_by(SavedView.name)
        )
    )


def save_view(user_id: int, name: str, f: InboxFilter) -> SavedView:
    """Keep the current filter under a name."""
    view = SavedView(
        user_id=user_id, name=name.strip(), query=urlencode(f.query_args())
    )
    db.session.add(view)
    db.session.flush()
    return view


BULK_LIMIT = COUNT_CAP


def matching_ids(f: InboxFilter, user_id: int) -> list[int]:
    """Return the ids of everything the filter matches (at most BULK_LIMIT)."""
    return list(
        db.session.scalars(
            db.select(Submission.id)
            .where(*_conditions(f, user_id))
            .order_by(*SORTS[f.sort])
            .limit(BULK_LIMIT)
        )
    )


def matching(f: InboxFilter, user_id: int) -> list:
    """Return the filter's conditions, as the list applies them (for exports)."""
    return _conditions(f, user_id)
