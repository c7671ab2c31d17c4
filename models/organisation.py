"""Member organisations (each with a node), the office, and areas that group them."""

from __future__ import annotations

import enum

from sqlalchemy import Column, ForeignKey, String, Table, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, db


class OrgKind(enum.StrEnum):
    """What sort of party an organisation is."""

    MUNICIPALITY = "municipality"
    REGION = "region"
    STATE_AGENCY = "state_agency"
    OFFICE = "office"


area_members = Table(
    "area_members",
    Base.metadata,
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class Organisation(Base):
    """A member of the association (with a node) or the central office."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(
        db.Enum(
            OrgKind,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    active: Mapped[bool] = mapped_column(default=True)

    areas: Mapped[list[Area]] = relationship(
        secondary=area_members, back_populates="members", order_by="Area.name"
    )

    @property
    def is_member(self) -> bool:
        """Members have a node; the office does not."""
        return self.kind != OrgKind.OFFICE

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Area(Base):
    """A local area of former associations, used to spread to several nodes."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    members: Mapped[list[Organisation]] = relationship(
        secondary=area_members, back_populates="areas", order_by=Organisation.name
    )


def member_organisations() -> list[Organisation]:
    """Return every active member organisation, by name."""
    return list(
        db.session.scalars(
            db.select(Organisation)
            .where(Organisation.kind != OrgKind.OFFICE, Organisation.active)
            .order_by(Organisation.name)
        )
    )


def member_count() -> int:
    """Return how many active member organisations the association has."""
    return (
        db.session.scalar(
            db.select(func.count())
            .select_from(Organisation)
            .where(Organisation.kind != OrgKind.OFFICE, Organisation.active)
        )
        or 0
    )


def get_member_by_slug(slug: str) -> Organisation | None:
    """Return the member organisation with this slug, or None."""
    return db.session.scalar(
        db.select(Organisation).where(
            Organisation.slug == slug, Organisation.kind != OrgKind.OFFICE
        )
    )
