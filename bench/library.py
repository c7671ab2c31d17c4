"""Seed a method library of N accepted practices and time searching it.

    .venv/bin/python -m bench.library --methods 100000 [--database-url URL]

Every seeded submission is an accepted practice, so every one is in the library
(the hardest case for a search: the most matches to rank). The cases are the
ones a practitioner makes: the library's first page, a search for one word and
for two (ranked, with highlighted snippets), a search narrowed by a filter, a
search ordered by title, a method page, the Atom feed, and the unread badge
that every page polls. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
from unittest import mock
from urllib.parse import quote_plus

from models import Kind, Status, Submission, User, db

from . import measure, rows, words
from .cases import PRACTITIONER, TYPED_SEED, Case
from .run import (
    _has_tables,
    _load,
    _logging,
    _safe,
    _write,
    fresh_app,
    logger,
    table,
)
from .seed import seed

LIBRARY_MIX = {"KINDS": {Kind.PRACTICE: 1}, "STATUSES": {Status.ACCEPTED: 1}}
POLL_ENDPOINT = "auth.notifications_badge"


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.library", description=__doc__
    )
    parser.add_argument("--methods", type=int, action="append", metavar="N")
    parser.add_argument("--database-url", help="default: SQLite file in a temp dir")
    parser.add_argument("--drop-existing", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    args.methods = args.methods or [10_000]
    args.analyze = False
    return args


def main(argv: list[str] | None = None) -> int:
    """Seed and measure the library for every N asked for."""
    args = parse(argv)
    _logging()
    if args.database_url and not args.drop_existing and _has_tables(args):
        logger.error("%s has tables; add --drop-existing to replace them", _safe(args))
        return 2
    for n in args.methods:
        _write(run_one(args, n))
    return 0


def run_one(args: argparse.Namespace, n: int) -> str:
    """Seed n methods, measure the library's requests, return the table."""
    with fresh_app(args.database_url, "library") as (app, _url):
        logger.info("seeding %d methods", n)
        with mock.patch.multiple(rows, **LIBRARY_MIX):
            seeded = seed(app, n, args.seed)
        load = _load()
        todo = _cases(app, random.Random(args.seed))
        results = measure.in_process(app, todo, args.requests, args.warmup)
        return table(app, seeded, results, args, f"{load} → {_load()}")


def _cases(app, rng: random.Random) -> list[Case]:
    with app.app_context():
        ids = list(db.session.scalars(db.select(Submission.id).limit(5000)))
        reader = db.session.scalar(db.select(User).filter_by(email=PRACTITIONER))
        token = reader.issue_feed_token()
        db.session.commit()
        poll = _poll_path(app)

    def word() -> str:
        return quote_plus(rng.choice(words.SEARCH_WORDS))

    typing = random.Random(TYPED_SEED)

    found = [
        Case("GET /methods/", PRACTITIONER, lambda: "/methods/"),
        Case("GET /methods/?q=<word>", PRACTITIONER, lambda: f"/methods/?q={word()}"),
        Case(
            "GET /methods/?q=<word being typed>",
            PRACTITIONER,
            lambda: f"/methods/?q={quote_plus(words.typed(typing))}",
        ),
        Case(
            "GET /methods/?q=<two words>",
            PRACTITIONER,
            lambda: f"/methods/?q={word()}+{word()}",
        ),
        Case(
            "GET /methods/?q=<word>&target_group=<g>",
            PRACTITIONER,
            lambda: f"/methods/?q={word()}&target_group=unga-16-29",
        ),
        Case(
            "GET /methods/?q=<word>&sort=title",
            PRACTITIONER,
            lambda: f"/methods/?q={word()}&sort=title",
        ),
        Case("GET /methods/<id>", PRACTITIONER, lambda: f"/methods/{rng.choice(ids)}"),
        Case("GET /methods/feed.atom", PRACTITIONER, lambda: feed),
    ]
    feed = f"/methods/feed.atom?token={token}"
    if poll:
        found.append(Case(f"GET {poll} (poll)", PRACTITIONER, lambda: poll))
    return found


def _poll_path(app) -> str | None:
    """The unread badge's polling URL, when the app has one."""
    with app.test_request_context():
        from flask import url_for

        try:
            return url_for(POLL_ENDPOINT)
        except Exception:  # noqa: BLE001 - a werkzeug BuildError: not there yet
            return None


if __name__ == "__main__":
    sys.exit(main())
