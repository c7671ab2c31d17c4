"""The admin log: every administrative change, filterable, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from models import Area, Change, Organisation, Role, User, db
from models.changelog import PER_PAGE, log_page
from models.labels import LABELS

from ..htmx import render
from ..policy import admin_required
from .forms import LOG_KINDS, LogFilterForm
from .routes import bp

FIELDS = {
    "name": _l("Name"),
    "role": _l("Role"),
    "organisation": _l("Organisation"),
    "active": _l("State"),
    "invited": _l("Invited"),
    "invitation": _l("Invitation sent again"),
    "short_name": _l("Short name"),
    "member": _l("Membership"),
    "members": _l("Members"),
    "mfa": _l("Two-step sign-in"),
}
VALUES = {
    "active": _l("Active account"),
    "inactive": _l("Deactivated"),
    "member": _l("Member"),
    "left": _l("Has left"),
    "retired": _l("Retired"),
    "on": _l("On"),
    "off": _l("Reset (off)"),
    **{r.value: LABELS[r] for r in Role},
}


@dataclass
class Line:
    """One change as the log shows it."""

    change: Change
    what: str
    field: str
    url: str | None
    before: str
    after: str


def _subjects(changes: list[Change]) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, key) → (name, url) for the users, organisations and areas named."""
    keys = {(c.kind, c.subject.split("/")[0]) for c in changes}
    found: dict[tuple[str, str], tuple[str, str]] = {}
    ids = [int(k) for kind, k in keys if kind == "user" and k.isdigit()]
    for u in db.session.scalars(db.select(User).where(User.id.in_(ids))):
        found["user", str(u.id)] = (u.name, url_for("admin.edit_user", user_id=u.id))
    for model, kind, endpoint, arg in (
        (Organisation, "organisation", "admin.edit_organisation", "org_id"),
        (Area, "area", "admin.edit_area", "area_id"),
    ):
        slugs = [k for kd, k in keys if kd == kind]
        for row in db.session.scalars(db.select(model).where(model.slug.in_(slugs))):
            found[kind, row.slug] = (row.name, url_for(endpoint, **{arg: row.id}))
    return found


def _value(text: str, field: str, kind: str) -> str:
    if kind == "area" and text == "active":
        return str(_l("In use"))
    if field in {"role", "active", "member", "mfa"}:
        return str(VALUES.get(text, text))
    return text


def lines(changes: list[Change]) -> list[Line]:
    """Name what each change is about, with the values in words."""
    names = _subjects(changes)
    out = []
    for c in changes:
        key, _, field = c.subject.partition("/")
        name, url = names.get((c.kind, key), (c.subject, None))
        if c.kind not in {"user", "organisation", "area"}:
            name, field = c.subject, ""
            if c.kind in {"insats", "budget"} and key.isdigit() and len(key) < 10:
                url = url_for("funds.show", insats_id=int(key))
        label_ = str(FIELDS.get(field, field))
        out.append(
            Line(
                c,
                name,
                label_,
                url,
                _value(c.before, field, c.kind),
                _value(c.after, field, c.kind),
            )
        )
    return out


@bp.route("/log")
@admin_required
def log():
    """Who changed what, when, from what to what; filtered by person and kind."""
    form = LogFilterForm()
    actor = int(form.actor.data) if form.actor.data else None
    changes, total = log_page(actor, form.kind.data or None, form.page.data)
    return render(
        "admin/log.html",
        "admin/_log.html",
        filter_form=form,
        lines=lines(changes),
        total=total,
        page=form.page.data,
        pages=max(1, -(-total // PER_PAGE)),
        kinds=LOG_KINDS,
    )
