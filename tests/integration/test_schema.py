"""The migrations build the schema the models describe; the timeline is immutable;
SQLite is set up for concurrent use."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from demo.structure import seed_accounts
from models import Event, EventKind, Kind, Submission, db
from models.changelog import Change, log_change
from models.events import ImmutableEventError
from models.read.fulltext import include_object
from tests.conftest import TEST_DB


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the same kind as the test database."""
    url = make_url(TEST_DB)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path}/migrated.sqlite"
        return
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _migrated(url: str):
    """An app on the empty database, brought to the newest revision."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url}
    )
    with app.app_context():
        upgrade()
    return app


def test_migrations_match_the_models(empty_database_url):
    app = _migrated(empty_database_url)
    with app.app_context():
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": include_object}
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []


def _fulltext_shape(url: str) -> set:
    """The full-text objects the models do not describe, as the database has them."""
    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = set(
                conn.execute(
                    text(
                        "SELECT name, sql FROM sqlite_master "
                        "WHERE name LIKE 'submissions_%' OR name LIKE 'search_words%'"
                    )
                ).all()
            )
        else:
            found = set(
                conn.execute(
                    text(
                        "SELECT attname, attstorage, attgenerated FROM pg_attribute "
                        "WHERE attrelid = 'submissions'::regclass AND attnum > 0"
                    )
                ).all()
            ) | set(
                conn.scalars(
                    text(
                        "SELECT indexdef FROM pg_indexes "
                        "WHERE tablename IN ('submissions', 'search_words')"
                    )
                )
            )
    engine.dispose()
    return found


def test_migrations_build_the_full_text_search_as_the_models_do(
    app, empty_database_url
):
    with _migrated(empty_database_url).app_context():
        db.engine.dispose()
    shape = _fulltext_shape(empty_database_url)
    assert shape == _fulltext_shape(TEST_DB)
    if make_url(TEST_DB).get_backend_name() == "sqlite":  # FTS5, prefix indexes
        assert any("prefix='2 3'" in (sql or "") for _name, sql in shape)
        assert any("tokenize='trigram'" in (sql or "") for _name, sql in shape)
    else:  # PostgreSQL keeps the search vector in the row ('m')
        assert ("search_vector", "m", "s") in shape
        assert any("gin_trgm_ops" in str(row) for row in shape)


def _submission(app) -> int:
    from tests.conftest import org

    users = seed_accounts(
        {
            o: org(o)
            for o in ("koping", "fagersta", "vasteras", "region-vastmanland", "kansli")
        }
    )
    author = users["koping@samnod.test"]
    sub = Submission(
        kind=Kind.NEED, title="Behov", origin=author.organisation, author=author
    )
    db.session.add(sub)
    db.session.flush()
    db.session.add(
        Event(
            submission_id=sub.id,
            actor_id=author.id,
            kind=EventKind.CREATED,
            note="skapad",
        )
    )
    db.session.commit()
    return sub.id


def test_events_cannot_be_changed_or_deleted(app):
    with app.app_context():
        _submission(app)
        event = db.session.scalar(db.select(Event))
        event.note = "omskriven"
        with pytest.raises(ImmutableEventError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(db.select(Event)))
        with pytest.raises(ImmutableEventError):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(ImmutableEventError):
            db.session.execute(db.update(Event).values(note="x"))
        with pytest.raises(ImmutableEventError):
            db.session.execute(db.delete(Event))
        db.session.rollback()
        assert db.session.scalar(db.select(Event)).note == "skapad"


def test_logged_changes_cannot_be_changed_or_deleted(app):
    with app.app_context():
        log_change(None, "residents", "koping/2026", None, 20123)
        db.session.commit()
        change = db.session.scalar(db.select(Change))
        change.after = "1"
        with pytest.raises(ImmutableEventError):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(ImmutableEventError):
            db.session.execute(db.delete(Change))
        db.session.rollback()
        assert db.session.scalar(db.select(Change)).after == "20123"


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on SQLite whatever the suite runs on: these settings are SQLite's."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/c.sqlite",
        }
    )
    with app.app_context():
        db.create_all()
        from demo.structure import seed_structure

        seed_structure()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_sqlite_pragmas(sqlite_app):
    with sqlite_app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_concurrent_read_then_write_transactions_all_succeed(sqlite_app):
    """Without BEGIN IMMEDIATE most of these fail with 'database is locked'."""
    app = sqlite_app
    with app.app_context():
        sub_id = _submission(app)
    errors: list[Exception] = []

    def worker():
        try:
            for _ in range(25):
                with app.test_request_context(method="POST"), app.app_context():
                    sub = db.session.get(Submission, sub_id)
                    sub.summary = (sub.summary or "") + "x"
                    db.session.commit()
                    db.session.remove()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.app_context():
        assert len(db.session.get(Submission, sub_id).summary) == 200
