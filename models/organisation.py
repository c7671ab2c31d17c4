"""Member organisations (each with a node), the office, and areas that group them."""

from __future__ import annotations

import enum

from sqlalchemy import Column, ForeignKey, String, Table, func, true
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
    # How lists and tables name it when space is short ("Köping"); "" = the name.
    short_name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    kind: Mapped[OrgKind] = mapped_column(
        db.Enum(
            OrgKind,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        )
    )
    # False once a member has left the association: kept with its history,
    # but no longer offered for new work.
    active: Mapped[bool] = mapped_column(default=True)

    areas: Mapped[list[Area]] = relationship(
        secondary=area_members, back_populates="members", order_by="Area.name"
    )

    @property
    def is_member(self) -> bool:
        """Members have a node; the office does not."""
        return self.kind != OrgKind.OFFICE

    @property
    def has_left(self) -> bool:
        """True for a member that has left the association."""
        return self.is_member and not self.active

    @property
    def short(self) -> str:
        """The short name, or the name when none is set."""
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Area(Base):
    """A local area of former associations, used to spread to several nodes."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # A retired area is no longer offered as a spread target; its history stays.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    members: Mapped[list[Organisation]] = relationship(
        secondary=area_members, back_populates="areas", order_by=Organisation.name
    )

    @property
    def current_members(self) -> list[Organisation]:
        """The members a spread to this area reaches: those that have not left."""
        return [o for o in self.members if o.active]


def active_areas() -> list[Area]:
    """Return the areas in use (not retired), by name."""
    return list(
        db.session.scalars(db.select(Area).where(Area.active).order_by(Area.name))
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
