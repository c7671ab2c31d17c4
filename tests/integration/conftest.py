"""Fixtures for the integration tests: signed-in officers, sent work, a mail server."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from models import Kind, Role, User, db, workflow
from tests.conftest import HX, csrf_token, login, org


@pytest.fixture
def office(app, client, make_user):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    make_user(Role.COORDINATOR, "fagersta", email="f@samnod.test")
    make_user(Role.CENTRAL, "kansli", email="kollega@samnod.test")
    login(client, make_user(Role.CENTRAL, "kansli", email="karin@samnod.test"))
    return client


@pytest.fixture
def admin(app, make_user):
    """An admin signed in on a client of its own."""
    client = app.test_client()
    client.user = make_user(Role.ADMIN, "kansli", email="admin@samnod.test")
    login(client, client.user)
    return client


def sent(app, node="koping", title="Behov av arbetsträning", kind=Kind.NEED) -> int:
    with app.app_context():
        author = db.session.scalar(
            db.select(User).filter_by(
                email="k@samnod.test" if node == "koping" else "f@samnod.test"
            )
        )
        sub = workflow.create(
            kind,
            org(node),
            author,
            {"title": title, "summary": "Sammanfattning"},
            [],
            [],
        )
        workflow.submit(sub, author)
        db.session.commit()
        return sub.id


def pane(client, sub_id) -> tuple[str, int]:
    body = client.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    version = int(re.search(r'name="version" value="(\d+)"', body).group(1))
    return csrf_token(body), version


def post_status(client, sub_id: int, status: str, message: str = ""):
    """Move a submission from the inbox pane, at the version the pane shows."""
    token, version = pane(client, sub_id)
    return client.post(
        f"/inbox/{sub_id}/status",
        headers=HX,
        data={"csrf_token": token, "version": version, "status": status}
        | {"message": message},
        buffered=True,  # the response is closed, as a WSGI server does
    )


class LoopbackSMTP:
    """A real SMTP server on 127.0.0.1 and a free port; keeps what it received."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.credentials = credentials
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def _authenticate(self, server, session, envelope, mechanism, data):
        given = (data.login.decode(), data.password.decode())
        return AuthResult(success=given == self.credentials)

    def start(self) -> None:
        auth = (
            {"authenticator": self._authenticate, "auth_require_tls": False}
            if self.credentials
            else {}
        )
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **auth)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages delivered to this address."""
        return [m for rcpt, m in self.received if address in rcpt]


@pytest.fixture
def smtp(app):
    """Mail from the app goes to a running loopback SMTP server."""
    server = LoopbackSMTP()
    server.start()
    app.config.update(SAMNOD_MAIL_HOST="127.0.0.1", SAMNOD_MAIL_PORT=server.port)
    yield server
    server.stop()


@pytest.fixture
def smtp_down(app):
    """Mail from the app goes to a loopback port where nothing listens (yet)."""
    server = LoopbackSMTP()
    app.config.update(SAMNOD_MAIL_HOST="127.0.0.1", SAMNOD_MAIL_PORT=server.port)
    yield server
    server.stop()
