"""Spreading a submission to other nodes, and each node's answer."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .organisation import Organisation
from .submission import Submission
from .user import _enum


class Answer(enum.StrEnum):
    """How a receiving node answers a spread."""

    INTERESTED = "interested"
    ADOPTING = "adopting"
    ADOPTED = "adopted"
    NOT_RELEVANT = "not_relevant"


class Spread(Base):
    """A submission spread to one receiving node."""

    __tablename__ = "spreads"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    spread_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[Answer | None] = mapped_column(_enum(Answer))
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    submission: Mapped[Submission] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("submission_id", "organisation_id"),
        Index("ix_spreads_organisation_created", "organisation_id", "created_at"),
        # Cover the node list's adoptions and the follow-up's per-year counts.
        Index("ix_spreads_organisation_answer", "organisation_id", "answer"),
        Index(
            "ix_spreads_created_org_answer", "created_at", "organisation_id", "answer"
        ),
    )
