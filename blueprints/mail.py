"""Notification e-mail: composing it in the reader's language and sending it.

Mail leaves after the request's transaction has committed and after the response
has gone to the browser (`response.call_on_close`), so a slow or dead SMTP server
never fails or delays the action; what could not be sent stays in the outbox
(models/outbox) for `flask send-mail` to retry.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import partial
from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from flask_babel import force_locale, gettext, ngettext

from models import NotifyPreference, User, db, outbox, utcnow
from models.notices import deadline_of, link, sentence
from models.notification import MailStatus, Notification

logger = logging.getLogger("samnod")
SEND_ERRORS = (OSError, smtplib.SMTPException)
# Python's header folding drops the space between two encoded words (a Swedish
# subject loses spaces in every mail client); a header is folded only past 998.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def absolute_url(endpoint: str, **values) -> str:
    """Build a link for a mail from SAMNOD_BASE_URL, outside any request."""
    anchor = values.pop("_anchor", None)
    url = external_urls()(endpoint, values)
    return f"{url}#{anchor}" if anchor else url


def external_urls() -> Callable[[str, dict], str]:
    """Return a builder of links at SAMNOD_BASE_URL, for many links at once."""
    base = urlsplit(current_app.config["SAMNOD_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "http"
    )
    return partial(adapter.build, force_external=True)


def _entry(n: Notification) -> dict:
    endpoint, values = link(n)
    return {
        "sentence": sentence(n),
        "url": absolute_url(endpoint, **values),
        "note": (n.params or {}).get("note", ""),
        "deadline": deadline_of(n),
    }


def _template(name: str):
    # Straight from the Jinja environment: the page context processors need a
    # signed-in request, and a mail is rendered outside any request.
    return current_app.jinja_env.get_template(name)


def compose(user: User, items: list[Notification], digest: bool) -> EmailMessage:
    """Write one message (one notification, or a digest) in the user's language."""
    with force_locale(str(user.locale)):
        entries = [_entry(n) for n in items]
        if digest:
            subject = ngettext(
                "Samnod: %(num)d new notification",
                "Samnod: %(num)d new notifications",
                len(entries),
            )
        else:
            subject = gettext("Samnod: %(what)s", what=entries[0]["sentence"])
        ctx = {
            "user": user,
            "entries": entries,
            "digest": digest,
            "subject": subject,
            "lang": str(user.locale),
            "account_url": absolute_url("auth.account"),
        }
        text = _template("mail/notification.txt").render(ctx)
        html = _template("mail/notification.html").render(ctx)
    return _message(user.email, subject, text, html)


def _message(to: str, subject: str, text: str, html: str) -> EmailMessage:
    host = urlsplit(current_app.config["SAMNOD_BASE_URL"]).hostname or "samnod"
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = " ".join(subject.split())
    message["From"] = current_app.config["SAMNOD_MAIL_FROM"]
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=host)
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    return message


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class Transport:
    """One SMTP connection for a batch; without SAMNOD_MAIL_HOST, the log."""

    def __init__(self, config) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Transport:
        c = self.config
        if not c["SAMNOD_MAIL_HOST"]:
            return self
        timeout = float(c["SAMNOD_MAIL_TIMEOUT"])
        port = int(c["SAMNOD_MAIL_PORT"])
        if _flag(c["SAMNOD_MAIL_USE_SSL"]):
            self.smtp = smtplib.SMTP_SSL(c["SAMNOD_MAIL_HOST"], port, timeout=timeout)
        else:
            self.smtp = smtplib.SMTP(c["SAMNOD_MAIL_HOST"], port, timeout=timeout)
            if _flag(c["SAMNOD_MAIL_USE_TLS"]):
                self.smtp.starttls()
        if c["SAMNOD_MAIL_USERNAME"]:
            self.smtp.login(c["SAMNOD_MAIL_USERNAME"], c["SAMNOD_MAIL_PASSWORD"])
        return self

    def send(self, message: EmailMessage) -> None:
        """Send, or in development write the message to the log."""
        if self.smtp is None:
            body = message.get_body(("plain",)).get_content()
            logger.info(
                "Mail (no SAMNOD_MAIL_HOST, not sent) to %s: %s\n%s",
                message["To"],
                message["Subject"],
                body,
            )
            return
        self.smtp.send_message(message)

    def __exit__(self, *exc) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except SEND_ERRORS:
                self.smtp.close()


def _send_batches(batches: list[list[Notification]], digest: bool) -> int:
    """Send one message per batch, record each result; return how many went.

    The claim is already committed, so no transaction is open while the SMTP
    server is talked to; the results are committed together at the end.
    """
    now, sent, done = utcnow(), 0, 0
    if not batches:
        return 0
    try:
        with Transport(current_app.config) as transport:
            for rows in batches:
                try:
                    transport.send(compose(rows[0].user, rows, digest))
                except SEND_ERRORS as exc:
                    outbox.record_failure(rows, exc, now)
                else:
                    outbox.record_sent(rows, now)
                    sent += 1
                done += 1
    except SEND_ERRORS as exc:  # no connection at all: every batch left waits
        for rows in batches[done:]:
            outbox.record_failure(rows, exc, now)
    db.session.commit()
    return sent


def _claim(preference: NotifyPreference, ids: set[int] | None = None):
    outbox.skip_unwanted()
    now = utcnow()
    claimed = outbox.claim(outbox.due(preference, now, ids), now)
    db.session.commit()
    return outbox.load(claimed)


def send_immediate(ids: set[int] | None = None) -> int:
    """Mail what is due to users who want mail at once; return how many went."""
    rows = _claim(NotifyPreference.IMMEDIATELY, ids)
    return _send_batches([[row] for row in rows], digest=False)


def send_digests() -> int:
    """Mail each digest user one message with everything pending; return how many."""
    per_user: dict[int, list[Notification]] = defaultdict(list)
    for row in _claim(NotifyPreference.DIGEST):
        per_user[row.user_id].append(row)
    return _send_batches(list(per_user.values()), digest=True)


# After the commit of a request: hand the new rows to a sender. The three
# session listeners below are registered in app.py.
_NEW, _COMMITTED = "outbox_new", "outbox_committed"


def remember_new(session, _context) -> None:
    """After a flush: note the pending mail the flush inserted."""
    for obj in session.new:
        if isinstance(obj, Notification) and obj.mail_status == MailStatus.PENDING:
            session.info.setdefault(_NEW, set()).add(obj.id)


def committed(session) -> None:
    """After a commit: what was noted is now committed and may be sent."""
    if session.info.get(_NEW):
        session.info.setdefault(_COMMITTED, set()).update(session.info.pop(_NEW))


def rolled_back(session, _previous) -> None:
    """After a rollback: what was noted will never be committed."""
    session.info.pop(_NEW, None)


def committed_mail() -> set[int]:
    """Take the ids of pending notifications committed in this context."""
    return db.session.info.pop(_COMMITTED, set())


def send_after_response(response: Response) -> Response:
    """After-request hook: mail what the request committed once the response is out."""
    ids = committed_mail()
    if ids:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _send_in_context(app, ids))
    return response


def _send_in_context(app: Flask, ids: set[int]) -> None:
    with app.app_context():
        try:
            send_immediate(ids)
        except Exception:  # never let mail break the response; the cron retries
            logger.exception("Sending notification mail failed; send-mail retries")
            db.session.rollback()
