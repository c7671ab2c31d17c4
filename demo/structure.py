"""The county as the demo sets it up: members, areas, accounts, templates."""

from __future__ import annotations

from models import (
    Area,
    Organisation,
    OrgKind,
    Role,
    TargetGroup,
    User,
    db,
)
from models.triage import AnswerTemplate
from models.user import DEMO_PASSWORD

from .data import load

STRUCTURE = load("structure")
# (email, name, role, organisation slug) of the accounts one signs in with.
ACCOUNTS = [
    (a["email"], a["name"], Role(a["role"]), a["organisation"])
    for a in STRUCTURE["account"]
]


def _get_or_create(model, lookup: dict, **values):
    obj = db.session.scalar(db.select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
    return obj


def seed_structure() -> dict[str, Organisation]:
    """Create the members, the office, the areas and the managed lists."""
    orgs = {
        m["slug"]: _get_or_create(
            Organisation, {"slug": m["slug"]}, name=m["name"], kind=OrgKind(m["kind"])
        )
        for m in STRUCTURE["member"]
    }
    for a in STRUCTURE["area"]:
        area = _get_or_create(Area, {"slug": a["slug"]}, name=a["name"])
        area.members = [orgs[m] for m in a["members"]]
    for g in STRUCTURE["target_group"]:
        _get_or_create(TargetGroup, {"slug": g["slug"]}, name=g["name"])
    db.session.flush()
    return orgs


def seed_accounts(orgs: dict[str, Organisation]) -> dict[str, User]:
    """Create the demo accounts with the demo password, exempt from two-step
    sign-in (both only here)."""
    users = {}
    for email, name, role, org in ACCOUNTS:
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role, organisation=orgs[org])
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        # Everyone signs in to the demo with the public password alone.
        user.mfa_exempt = True
        users[email] = user
    db.session.flush()
    return users


def seed_coordinators(
    orgs: dict[str, Organisation], users: dict[str, User]
) -> dict[str, User]:
    """Return one coordinator per member: a demo account, or one nobody signs in as."""
    coordinators = {
        slug: users[email]
        for email, _name, role, slug in ACCOUNTS
        if role == Role.COORDINATOR
    }
    for slug, name in STRUCTURE["coordinators"].items():
        email = f"{slug}.samordnare@samnod.test"
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                name=name,
                role=Role.COORDINATOR,
                organisation=orgs[slug],
                password_hash="!",  # noqa: S106 - matches no password
            )
            db.session.add(user)
        coordinators[slug] = user
    db.session.flush()
    return coordinators


def seed_answer_templates() -> None:
    """Create the office's standard messages."""
    for t in STRUCTURE["answer_template"]:
        _get_or_create(AnswerTemplate, {"name": t["name"]}, text=t["text"])
