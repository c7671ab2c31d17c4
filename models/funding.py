"""Joint funds (samverkansmedel): requests, decisions, contributions and residents."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .organisation import Organisation
from .user import _enum


class Decision(enum.StrEnum):
    """The office's decision on a funding request."""

    PENDING = "pending"
    GRANTED = "granted"
    REJECTED = "rejected"


class FundingRequest(Base):
    """An initiative's request for joint funds, in whole SEK."""

    __tablename__ = "funding_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id"), unique=True
    )
    amount: Mapped[int]
    budget: Mapped[str] = mapped_column(Text, default="")
    budget_html: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[Decision] = mapped_column(
        _enum(Decision), default=Decision.PENDING
    )
    granted_amount: Mapped[int | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    # The board's date of the decision and its minutes or diary number.
    decided_on: Mapped[date | None]
    reference: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # The follow-up counts grants per decision year.
        Index("ix_funding_requests_decision_decided", "decision", "decided_at"),
        # The money tallies read a month's grants again when one leaves a row.
        Index("ix_funding_requests_decision_decided_on", "decision", "decided_on"),
    )


class Contribution(Base):
    """What a member pays into the common pot in one year, in whole SEK."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int]
    # None: recorded as unknown ("saknas"), never read as 0.
    amount: Mapped[int | None]

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "year"),)


class Residents(Base):
    """A municipality's residents aged 16–64 in one year (SCB, 31 December)."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int]
    # None: recorded as unknown ("saknas"), never read as 0.
    count: Mapped[int | None]

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (UniqueConstraint("organisation_id", "year"),)
