"""Template helpers: labels for enum values and Swedish number and date formats."""

from __future__ import annotations

from datetime import date

from flask import Flask, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Backing, Decision, EventKind, Kind, Role, Status
from models.labels import day, kronor, label
from models.notices import link, sentence
from models.notification import unread_count
from models.organisation import member_count

from .policy import can_triage

EVENT_TEXTS = {
    EventKind.CREATED: _l("%(actor)s created it"),
    EventKind.ASSIGNED: _l("%(actor)s assigned it"),
    EventKind.COMMENT: _l("%(actor)s wrote in the conversation"),
    EventKind.SPREAD: _l("%(actor)s spread it"),
    EventKind.ANSWER: _l("%(actor)s answered the spread"),
    EventKind.BACKING: _l("%(actor)s confirmed the backing"),
    EventKind.FUNDING: _l("%(actor)s recorded the funding decision"),
    EventKind.MERGED: _l("%(actor)s merged it"),
    EventKind.EDITED: _l("%(actor)s edited it"),
    EventKind.NOTE: _l("%(actor)s added an internal note"),
    EventKind.PUBLISHED: _l("%(actor)s published it in the method library"),
    EventKind.UNPUBLISHED: _l("%(actor)s took it out of the method library"),
    EventKind.SNOOZED: _l("%(actor)s snoozed it until %(date)s"),
    EventKind.REVIEW_DATE: _l("%(actor)s set the next review date to %(date)s"),
    EventKind.REVIEWED_UNCHANGED: _l(
        "%(actor)s recorded a review: reviewed, unchanged"
    ),
    EventKind.REVIEWED_CHANGED: _l(
        "%(actor)s recorded a review: reviewed with changes"
    ),
}
# Events whose note is part of their sentence (a date), or is the text itself.
NOTE_IN_TEXT = frozenset(
    {EventKind.COMMENT, EventKind.SNOOZED, EventKind.WOKEN, EventKind.REVIEW_DATE}
)


def event_text(event) -> str:
    """Describe a timeline event in a sentence."""
    actor = event.actor.name if event.actor else str(_l("Samnod"))
    if event.kind == EventKind.STATUS:
        return str(
            _l(
                "%(actor)s changed the status from %(old)s to %(new)s",
                actor=actor,
                old=label(Status(event.from_status)),
                new=label(Status(event.to_status)),
            )
        )
    when = _iso_day(event.note) if event.kind in NOTE_IN_TEXT else ""
    if event.kind == EventKind.WOKEN:
        if event.actor is None:  # by date, from send-reminders
            return str(_l("Snooze ended (it was snoozed until %(date)s)", date=when))
        return str(
            _l(
                "Snooze ended: %(actor)s woke it before %(date)s",
                actor=actor,
                date=when,
            )
        )
    return EVENT_TEXTS[event.kind] % {"actor": actor, "date": when}


def _iso_day(text: str) -> str:
    """A day kept as ISO in an event's note, in the reader's format."""
    try:
        return day(date.fromisoformat(text))
    except ValueError:
        return text


def notice_url(n) -> str:
    """Link a notification to where the reader acts on it."""
    endpoint, values = link(n)
    return url_for(endpoint, **values)


def sek(amount: int | None) -> str:
    """Format whole kronor as "375 000 kr" (see `models.labels.kronor`); None as ""."""
    if amount is None:
        return ""
    return kronor(amount)


NAV = (
    # (endpoint, label, roles that see it)
    ("nodes.index", _l("Nodes"), frozenset(Role)),
    ("inbox.index", _l("Inbox"), frozenset({Role.CENTRAL})),
    ("methods.index", _l("Method library"), frozenset(Role)),
    (
        "followup.index",
        _l("Follow-up"),
        frozenset({Role.CENTRAL, Role.ADMIN, Role.COORDINATOR}),
    ),
    ("funds.index", _l("Funds"), frozenset(Role)),
    ("admin.index", _l("Administration"), frozenset({Role.ADMIN})),
)


def nav_items() -> list[dict]:
    """Return the navigation links the current user's role may use."""
    items = []
    if current_user.role == Role.COORDINATOR:
        items.append(
            {
                "url": url_for("nodes.show", slug=current_user.organisation.slug),
                "label": _l("My node"),
                "endpoint": "nodes.show",
            }
        )
    for endpoint, text, roles in NAV:
        if current_user.role in roles:
            items.append(
                {"url": url_for(endpoint), "label": text, "endpoint": endpoint}
            )
    for item in items:
        item["current"] = request.path == item["url"]
    return items


ACTION_LABELS = {
    Status.IN_REVIEW: _l("Start review"),
    Status.NEEDS_INFO: _l("Ask for more information"),
    Status.ACCEPTED: _l("Accept"),
    Status.DECLINED: _l("Decline"),
}


def action_label(status, current) -> str:
    """Name the button that moves a submission from `current` to this status."""
    if status == Status.IN_REVIEW and current != Status.SUBMITTED:
        return str(_l("Reopen"))
    return str(ACTION_LABELS.get(status, label(status)))


def register_template_helpers(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.add_template_filter(label)
    app.add_template_filter(sek)
    app.add_template_filter(event_text)
    app.add_template_filter(action_label)
    app.add_template_filter(sentence, "notice")
    app.add_template_filter(notice_url)
    app.add_template_filter(day, "date")
    app.add_template_filter(format_datetime, "datetime")
    # Templates compare with the enums, never with their values as strings.
    app.jinja_env.globals.update(
        Backing=Backing,
        Decision=Decision,
        EventKind=EventKind,
        NOTE_IN_TEXT=NOTE_IN_TEXT,
        Kind=Kind,
        Status=Status,
    )
    app.jinja_env.globals["member_count"] = member_count  # only where shown

    @app.context_processor
    def _globals():
        return {
            "unread": lambda: unread_count(current_user.id),  # only where shown
            "can_triage": can_triage(current_user),
            "today": date.today,
            "nav_items": nav_items,
            "get_locale": get_locale,
        }
