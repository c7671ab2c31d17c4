"""Shared fixtures: a fresh app per test on SQLite or PostgreSQL, and factories."""

from __future__ import annotations

import os
import re
import tempfile
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from app import create_app
from demo.structure import seed_structure
from models import Organisation, OrgKind, Role, User, db

HX = {"HX-Request": "true"}
# The control characters a text field refuses (tab and line breaks are text).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
PASSWORD = "correct horse battery staple"
ON_CI = os.environ.get("CI") == "true"
_SQLITE_DIR = tempfile.mkdtemp(prefix="samnod-test-")
TEST_DB = os.environ.get("DATABASE_URL") or f"sqlite:///{_SQLITE_DIR}/test.sqlite"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a skipped test is a failed test: browser and database tests must run."""
    outcome = yield
    report = outcome.get_result()
    if ON_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


def _config(**extra) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": TEST_DB,
        "SECRET_KEY": "test",
        "SESSION_COOKIE_SECURE": False,
        # scrypt is the production default; a cheap hash keeps tests quick.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        **extra,
    }


@pytest.fixture(scope="session")
def _schema():
    app = create_app(_config())
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    # Core statements on a raw connection: the ORM guard that keeps events
    # immutable is for the application, not for wiping the test database.
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(_schema):
    """A fresh application with empty tables and the 14 organisations.

    No application context stays pushed during the test, so each request gets its
    own context, session and `g`, as in production. Tests that read the database
    directly open `with app.app_context():`.
    """
    app = create_app(_config())
    with app.app_context():
        _empty_tables()
        seed_structure()
        db.session.commit()
    yield app
    with app.app_context():
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def org(slug: str) -> Organisation:
    """Return a seeded organisation by slug."""
    return db.session.scalar(db.select(Organisation).filter_by(slug=slug))


def snapshot(obj) -> SimpleNamespace:
    """Copy a row's column values so tests can use them outside the session."""
    return SimpleNamespace(
        **{c.key: getattr(obj, c.key) for c in obj.__mapper__.column_attrs}
    )


@pytest.fixture
def make_org(app):
    """Create an extra organisation."""

    def make(slug="testkommun", name="Testkommun", kind=OrgKind.MUNICIPALITY):
        with app.app_context():
            o = Organisation(slug=slug, name=name, kind=kind)
            db.session.add(o)
            db.session.commit()
            return snapshot(o)

    return make


@pytest.fixture
def make_user(app):
    """Create a user with a role in an organisation (slug), password PASSWORD."""
    counter = iter(range(1, 10_000))

    def make(role=Role.COORDINATOR, org_slug="koping", email=None, **kw):
        n = next(counter)
        # Like the demo's, the tests' accounts need no second factor unless a
        # test asks for the requirement (mfa_exempt=False, tests of MFA).
        kw.setdefault("mfa_exempt", True)
        with app.app_context():
            user = User(
                email=email or f"user{n}@samnod.test",
                name=f"Användare {n}",
                role=role,
                organisation=org(org_slug),
                **kw,
            )
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            return snapshot(user)

    return make


def csrf_token(html: str) -> str:
    """Read the CSRF token from a rendered form."""
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html
    ) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client, user_or_email, password=PASSWORD):
    """Sign in through the real form; return the response."""
    email = getattr(user_or_email, "email", user_or_email)
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )


def page_token(client, path="/account") -> str:
    """Return a CSRF token valid for the client's current session."""
    return csrf_token(client.get(path).get_data(as_text=True))


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside the `with` block."""
    with app.app_context():
        engine = db.engine

    class Counter:
        def __init__(self):
            self.count = 0
            self.statements: list[str] = []

        def __enter__(self):
            event.listen(engine, "before_cursor_execute", self._tick)
            return self

        def __exit__(self, *exc):
            event.remove(engine, "before_cursor_execute", self._tick)

        def _tick(self, _conn, _cursor, statement, *args):
            self.count += 1
            self.statements.append(statement)

        @property
        def queries(self) -> list[str]:
            """The statements without SQLite's own BEGIN (PostgreSQL has none)."""
            return [s for s in self.statements if not s.startswith("BEGIN")]

    return Counter
