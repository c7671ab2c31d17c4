"""The sentence of each kind of notification, rendered for the one who reads it.

Parameters are stored as plain strings; enum values (`status`, `answer`) and
dates (`deadline`) are turned into words in the reader's language at render time.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from .funding import Decision
from .labels import day, kronor, label
from .notification import Notification
from .spread import Answer
from .submission import Status

SENTENCES = {
    "submitted": _l("New from %(node)s: %(title)s"),
    "backing": _l("%(node)s asks your organisation to stand behind: %(title)s"),
    "answered": _l("%(node)s has answered: %(title)s"),
    "status": _l("“%(title)s” is now: %(status)s"),
    "decision": _l("“%(title)s” is now: %(status)s"),
    "needs_info": _l("The county office asks for more information on “%(title)s”"),
    "assigned": _l("%(actor)s assigned “%(title)s” to you"),
    "mention": _l("%(actor)s mentioned you on “%(title)s”"),
    "merged": _l("“%(source)s” was merged into “%(target)s”"),
    "spread": _l("The county office spread “%(title)s” to your node"),
    "answer": _l("%(node)s answered “%(answer)s” on “%(title)s”"),
    "funding": _l("The board's decision on joint funds for “%(title)s”: %(decision)s"),
    "reminder": _l(
        "Reminder: your node has not answered on “%(title)s” (answer by %(deadline)s)"
    ),
    "woken": _l("“%(title)s” is back in the inbox: it was snoozed until %(until)s"),
    "review_due": _l(
        "Reminder: your node's method “%(title)s” is due for review on %(review_date)s"
    ),
}

# Parameters that are days (ISO), shown in the reader's format.
_DAYS = ("deadline", "until", "review_date")

_WORDS = {"status": Status, "answer": Answer}


def _words(params: dict) -> dict:
    values = dict(params)
    for key, kind in _WORDS.items():
        if key in values:
            values[key] = label(kind(values[key]))
    for key in _DAYS:
        if values.get(key):
            values[key] = day(date.fromisoformat(values[key]))
    if values.get("decision"):
        values["decision"] = _decision(values["decision"], values.get("amount"))
    return values


def _decision(decision: str, amount: str | None) -> str:
    """A funding decision in words: "granted 250 000 kr", or "rejected"."""
    if Decision(decision) == Decision.GRANTED and amount:
        return str(_l("granted %(amount)s", amount=kronor(int(amount))))
    return str(_l("rejected"))


def sentence(n: Notification) -> str:
    """Return what happened, in the current (the reader's) language."""
    if n.kind not in SENTENCES or not n.params:
        return n.text  # a row from before notifications stored their parameters
    try:
        return str(SENTENCES[n.kind]) % _words(n.params)
    except (KeyError, ValueError):
        return n.text or n.kind


def deadline_of(n: Notification) -> str:
    """Return the answer date in the reader's format, or an empty string."""
    if not n.params or n.kind == "reminder":  # a reminder's sentence names it
        return ""
    return _words(n.params).get("deadline", "")


def link(n: Notification) -> tuple[str, dict]:
    """Return where the reader acts on it: endpoint and values (`_anchor` too)."""
    params = n.params or {}
    if params.get("spread") and params.get("node_slug"):
        # A spread is answered on the node's page, at the spread's card.
        anchor = f"spread-{params['spread']}"
        return "nodes.show", {"slug": params["node_slug"], "_anchor": anchor}
    if n.kind == "woken" and n.submission_id:  # to the office's pane
        return "inbox.show", {"sub_id": n.submission_id}
    if n.kind == "review_due" and n.submission_id:  # where the review is recorded
        return "methods.show", {"method_id": n.submission_id, "_anchor": "review"}
    if n.kind == "mention" and n.submission_id:
        # An internal note: in the inbox's pane, at the note on the timeline.
        anchor = f"event-{params['event']}" if params.get("event") else None
        return "inbox.show", {"sub_id": n.submission_id, "_anchor": anchor}
    if n.submission_id:
        return "nodes.show_submission", {"sub_id": n.submission_id}
    return "auth.notifications", {}
