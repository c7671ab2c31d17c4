"""An insats: a granted joint initiative, recorded with the fields SUS asks for.

Försäkringskassan's follow-up system for Finsam (SUS / Uppföljning Finsam) keeps,
per insats: name, description, start and end date, inriktning, preciserad
inriktning, target groups, budget and utfall per budget year and budget type, and
the planned number of participants per year (a count, never data on people).
The insats shares its id with the initiative it was granted for.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .organisation import Organisation
from .submission import Submission
from .user import _enum


class Inriktning(enum.StrEnum):
    """Whom the insats works with (SUS): people, or the structures around them."""

    INDIVIDUAL = "individual"  # individinriktad
    STRUCTURAL = "structural"  # strukturövergripande


class BudgetType(enum.StrEnum):
    """SUS's budget types."""

    INSATS = "insats"  # insatskostnad
    ESF = "esf"  # ESF-insatskostnad


insats_municipalities = Table(
    "insats_municipalities",
    Base.metadata,
    Column("insats_id", ForeignKey("insatser.id"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class Insats(Base):
    """A granted joint initiative and what SUS records about it."""

    __tablename__ = "insatser"

    # The id of the initiative it was granted for: /funds/<id> and /inbox/<id> agree.
    id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    inriktning: Mapped[Inriktning | None] = mapped_column(_enum(Inriktning))
    preciserad_inriktning: Mapped[str] = mapped_column(String(200), default="")
    # True: it serves the whole county (every member municipality).
    serves_county: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship()
    served: Mapped[list[Organisation]] = relationship(
        secondary=insats_municipalities, order_by=Organisation.name
    )
    budget_rows: Mapped[list[BudgetRow]] = relationship(
        back_populates="insats", order_by="(BudgetRow.year, BudgetRow.type)"
    )
    years: Mapped[list[InsatsYear]] = relationship(order_by="InsatsYear.year")

    __mapper_args__ = {"version_id_col": version}


class BudgetRow(Base):
    """Budget and utfall of one insats for one budget year and budget type (SEK)."""

    __tablename__ = "budget_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    insats_id: Mapped[int] = mapped_column(ForeignKey("insatser.id"))
    year: Mapped[int]
    type: Mapped[BudgetType] = mapped_column(_enum(BudgetType))
    budget: Mapped[int] = mapped_column(default=0)
    # None: no outcome reported yet (not the same as 0 kr spent).
    utfall: Mapped[int | None]
    description: Mapped[str] = mapped_column(String(500), default="")

    insats: Mapped[Insats] = relationship(back_populates="budget_rows")

    __table_args__ = (UniqueConstraint("insats_id", "year", "type"),)


class InsatsYear(Base):
    """The planned number of participants of one insats in one year (a count)."""

    __tablename__ = "insats_years"

    insats_id: Mapped[int] = mapped_column(ForeignKey("insatser.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    planned_participants: Mapped[int | None]
