"""Submissions from the nodes: needs, initiatives and effective practices."""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date, datetime

from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    and_,
    false,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, db, local_today, utcnow
from .organisation import Organisation
from .user import User, _enum


class Kind(enum.StrEnum):
    """The three kinds of submission."""

    NEED = "need"
    INITIATIVE = "initiative"
    PRACTICE = "practice"


class Status(enum.StrEnum):
    """Where a submission is in the central workflow."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_INFO = "needs_info"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


# What a status allows; asked through Submission's properties, never compared again.
WITHDRAWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_INFO})
IN_TRIAGE = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO})
NOT_MERGE_TARGETS = frozenset({Status.DRAFT, Status.MERGED, Status.WITHDRAWN})


class Urgency(enum.StrEnum):
    """How soon a need must be met."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Backing(enum.StrEnum):
    """Whether a named member party stands behind a submission."""

    PENDING = "pending"
    CONFIRMED = "confirmed"


submission_target_groups = Table(
    "submission_target_groups",
    Base.metadata,
    Column("submission_id", ForeignKey("submissions.id"), primary_key=True),
    Column("target_group_id", ForeignKey("target_groups.id"), primary_key=True),
    Index("ix_submission_target_groups_group", "target_group_id", "submission_id"),
)


class TargetGroup(Base):
    """A managed list entry: who a submission is for."""

    __tablename__ = "target_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class SubmissionParty(Base):
    """A member party named on a submission, and whether it has confirmed."""

    __tablename__ = "submission_parties"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), primary_key=True
    )
    backing: Mapped[Backing] = mapped_column(_enum(Backing), default=Backing.PENDING)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Submission(Base):
    """What a node sends to the county."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column(_enum(Kind))
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.DRAFT)
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    origin_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    snoozed_until: Mapped[date | None]
    # when the node answered the office's request for more information; cleared
    # when the office next acts on the submission (events.record)
    info_answered_at: Mapped[datetime | None]
    # need
    people_estimate: Mapped[int | None]
    urgency: Mapped[Urgency | None] = mapped_column(_enum(Urgency))
    # initiative
    goal: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    expected_results: Mapped[str] = mapped_column(Text, default="")
    # practice (a method record shaped like Socialstyrelsen's Metodguiden)
    purpose: Mapped[str] = mapped_column(Text, default="")
    method_md: Mapped[str] = mapped_column(Text, default="")
    method_html: Mapped[str] = mapped_column(Text, default="")
    training: Mapped[str] = mapped_column(Text, default="")
    evidence_md: Mapped[str] = mapped_column(Text, default="")
    evidence_html: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    review_date: Mapped[date | None]
    # the review date the origin node was reminded of (send-reminders, once per date)
    review_reminded_for: Mapped[date | None]
    # the office published this (accepted) initiative: see in_library
    is_method: Mapped[bool] = mapped_column(default=False, server_default=false())

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # the new-submission form it was made from; a second post of that form finds it
    idempotency_key: Mapped[str | None] = mapped_column(String(64))

    origin: Mapped[Organisation] = relationship(lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    merged_into: Mapped[Submission | None] = relationship(remote_side=[id])
    target_groups: Mapped[list[TargetGroup]] = relationship(
        secondary=submission_target_groups, order_by=TargetGroup.name
    )
    parties: Mapped[list[SubmissionParty]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_submissions_status_created", "status", "created_at"),
        Index("ix_submissions_idempotency_key", "idempotency_key", unique=True),
        # A node and a status, newest first: the inbox walks it in order.
        Index(
            "ix_submissions_origin_status_created",
            "origin_id",
            "status",
            "created_at",
            "id",
        ),
        Index("ix_submissions_kind_status", "kind", "status"),
        Index("ix_submissions_assignee_status", "assignee_id", "status"),
        Index("ix_submissions_last_activity", "last_activity_at"),
        Index("ix_submissions_created", "created_at", "id"),
        # the method library's feed and its title order
        Index("ix_submissions_status_updated", "status", "updated_at"),
        Index("ix_submissions_status_title", "status", "title"),
        # Node list counts, the node page's listing, the follow-up's year counts
        # and its newest accepted initiative per member (one step down).
        Index(
            "ix_submissions_origin_kind_status",
            "origin_id",
            "kind",
            "status",
            "created_at",
        ),
        Index("ix_submissions_origin_created", "origin_id", "created_at", "id"),
        Index(
            "ix_submissions_kind_created",
            "kind",
            "created_at",
            "status",
            "origin_id",
        ),
        # the office's "needs review" count on every library page, from the index
        Index(
            "ix_submissions_status_review",
            "status",
            "review_date",
            "kind",
            "is_method",
        ),
        # the few snoozed ones, subtracted from the kept counts and woken by date
        Index("ix_submissions_snoozed_until", "snoozed_until"),
    )

    @property
    def is_draft(self) -> bool:
        """Drafts are seen, changed and sent by their own node only."""
        return self.status == Status.DRAFT

    @property
    def info_answered(self) -> bool:
        """The node has answered a request for more information; the office has
        not acted on it since (the inbox marks it "Svar på komplettering")."""
        return self.info_answered_at is not None

    @property
    def can_withdraw(self) -> bool:
        """The node may withdraw it until the office has started on it."""
        return self.status in WITHDRAWABLE

    @property
    def is_snoozed(self) -> bool:
        """Snoozed until a day still to come (Swedish time); it comes back that day."""
        return self.snoozed_until is not None and self.snoozed_until > local_today()

    @property
    def can_merge(self) -> bool:
        """Only a submission in triage can be merged into another."""
        return self.status in IN_TRIAGE

    @property
    def can_spread(self) -> bool:
        """Only an accepted submission is spread to other nodes."""
        return self.status == Status.ACCEPTED

    @property
    def can_publish(self) -> bool:
        """Only an accepted initiative can be published in the method library."""
        return self.kind == Kind.INITIATIVE and self.status == Status.ACCEPTED

    @hybrid_property
    def in_library(self) -> bool:
        """A method: an accepted practice, or an accepted initiative published."""
        return self.status == Status.ACCEPTED and (
            self.kind == Kind.PRACTICE or self.is_method
        )

    @in_library.inplace.expression
    @classmethod
    def _in_library_expression(cls) -> ColumnElement[bool]:
        return and_(
            cls.status == Status.ACCEPTED,
            or_(cls.kind == Kind.PRACTICE, cls.is_method),
        )

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.kind} {self.status}>"


def all_target_groups() -> list[TargetGroup]:
    """Return every target group, active ones first, by name."""
    return list(
        db.session.scalars(
            db.select(TargetGroup).order_by(TargetGroup.active.desc(), TargetGroup.name)
        )
    )


def add_target_group(name: str) -> TargetGroup:
    """Add a target group with a URL-safe slug made from its name."""
    base = slugify(name) or "malgrupp"
    slug, n = base, 1
    while db.session.scalar(db.select(TargetGroup.id).filter_by(slug=slug)):
        n += 1
        slug = f"{base}-{n}"
    group = TargetGroup(slug=slug, name=name.strip())
    db.session.add(group)
    db.session.flush()
    return group


def slugify(text: str) -> str:
    """Make a lower-case ASCII slug: 'Unga 16–29 år' -> 'unga-16-29-ar'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


# What lists show: loading only these keeps large text columns out of sorts.
LIST_COLUMNS = (
    Submission.id,
    Submission.kind,
    Submission.status,
    Submission.title,
    Submission.summary,
    Submission.origin_id,
    Submission.assignee_id,
    Submission.created_at,
    Submission.last_activity_at,
    Submission.version,
    Submission.info_answered_at,
    Submission.snoozed_until,
)


class SearchWord(Base):
    """A word of five letters or more that some submission's searched text holds.

    The search's vocabulary: a query word's stem is looked up here as a later
    part of a compound ("träning" in "arbetsträning") through a trigram index
    (FTS5's trigram tokenizer on SQLite, `pg_trgm` on PostgreSQL; see
    `models.read.fulltext`). Words are only ever added: one no row holds any
    more finds nothing. `workflow.fill()` adds a submission's words as it
    writes its text.
    """

    __tablename__ = "search_words"

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_search_words_word", "word", unique=True),)
