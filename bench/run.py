"""Seed N submissions, time Samnod's pages and print a table per N.

    .venv/bin/python -m bench.run --rows 10000 [--rows 100000]
        [--database-url URL] [--http] [--requests 200] [--warmup 5]
        [--case "GET /followup/"]

Nothing is asserted: this is a measuring tool (STYLE: speed is measured here,
never with timed assertions in tests).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask import Flask
from sqlalchemy import inspect

from app import create_app
from models import db

from . import cases, measure, served
from .seed import Seeded, recounted, seed

logger = logging.getLogger("bench")


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--rows", type=int, action="append", metavar="N")
    parser.add_argument("--database-url", help="default: SQLite file in a temp dir")
    parser.add_argument(
        "--drop-existing",
        action="store_true",
        help="allow dropping the tables of a --database-url that has some",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a --database-url seeded by an earlier run, without seeding"
        " (its kept counters are counted afresh first); one --rows, as seeded",
    )
    parser.add_argument("--http", action="store_true", help="also time gunicorn")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="ANALYZE SQLite after seeding (PostgreSQL always is)",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024, help="random seed")
    parser.add_argument(
        "--case",
        action="append",
        metavar="TEXT",
        help="only the cases whose name contains TEXT (repeatable; default: all)",
    )
    args = parser.parse_args(argv)
    args.rows = args.rows or [10_000]
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for every N asked for."""
    args = parse(argv)
    # A plain SIGTERM would skip the `finally` blocks that stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    _logging()
    if args.reuse and (not args.database_url or len(args.rows) != 1):
        logger.error("--reuse needs --database-url and one --rows (as seeded)")
        return 2
    reuse = args.reuse and _has_tables(args)
    if reuse:
        _write(run_one(args, args.rows[0], reuse=True))
        return 0
    if args.database_url and not args.drop_existing and _has_tables(args):
        logger.error("%s has tables; add --drop-existing to replace them", _safe(args))
        return 2
    for n in args.rows:
        _write(run_one(args, n))
    return 0


def run_one(args: argparse.Namespace, n: int, reuse: bool = False) -> str:
    """Seed a fresh database with n submissions (or reuse one), measure, return
    the table."""
    with fresh_app(args.database_url, "bench") as (app, url):
        if reuse:
            logger.info("reusing %s, counting its counters afresh", _safe(args))
            seeded = recounted(app, n)
        else:
            logger.info("seeding %d submissions into %s", n, _engine_name(app))
            seeded = seed(app, n, args.seed, analyze=args.analyze)
        logger.info("seeded in %.1f s; measuring", seeded.seconds)
        load = _load()
        results = _measure(app, url, args)
        return table(app, seeded, results, args, f"{load} → {_load()}")


@contextmanager
def fresh_app(database_url: str | None, name: str) -> Iterator[tuple[Flask, str]]:
    """An app on the given database, or on a SQLite file removed afterwards."""
    folder = None if database_url else tempfile.mkdtemp(prefix=f"samnod-{name}-")
    url = database_url or f"sqlite:///{folder}/{name}.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets.token_hex(24),
            "SESSION_COOKIE_SECURE": False,
        }
    )
    try:
        yield app, url
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _measure(app, url: str, args: argparse.Namespace) -> list[measure.Result]:
    rng = random.Random(args.seed)
    with app.app_context():
        targets = cases.read_targets()
        db.session.remove()
    todo = [c for c in cases.build(targets, rng) if _chosen(c.name, args.case)]
    results = measure.in_process(app, todo, args.requests, args.warmup)
    if args.http:
        with app.app_context():
            db.engine.dispose()  # let gunicorn's workers open their own
        results += served.over_http(url, todo, args.requests, args.warmup)
    return results


def _chosen(name: str, wanted: list[str] | None) -> bool:
    return not wanted or any(text in name for text in wanted)


def table(app, seeded: Seeded, results: list[measure.Result], args, load: str) -> str:
    """Return the Markdown table with its header lines."""
    counts = ", ".join(f"{name} {n:,}" for name, n in seeded.counts.items())
    stats = "with" if seeded.analyzed else "without"
    how = "reused, seeded earlier; recounted in" if seeded.reused else "seeded in"
    lines = [
        f"### N = {seeded.rows:,} · {_engine_name(app)} · {date.today():%Y-%m-%d}",
        "",
        f"- machine: {_machine()}",
        f"- code: {_revision()}",
        f"- load average (1 min) before → after measuring: {load}",
        f"- {how} {seeded.seconds:.1f} s ({stats} ANALYZE): {counts}",
        f"- {args.requests} timed requests per case after {args.warmup} warm-up; "
        "in-process = Flask test client, http = gunicorn 2 sync workers",
        "",
        "| case | p50 ms | p95 ms | max ms | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for result in results:
        lines.append("| " + " | ".join([result.name, *result.cells()]) + " |")
        if result.odd_statuses():
            notes.append(f"- {result.name}: statuses {result.odd_statuses()}")
    return "\n".join(lines + ["", *notes]).rstrip() + "\n\n"


def _engine_name(app) -> str:
    with app.app_context():
        engine = db.engine
        with engine.connect() as conn:
            version = ".".join(map(str, conn.dialect.server_version_info or ()))
    if engine.dialect.name == "sqlite":
        return f"SQLite {version} (file, WAL)"
    return f"PostgreSQL {version}"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            models = [ln.split(":", 1)[1].strip() for ln in info if "model name" in ln]
            cpu = models[0] if models else cpu
    except OSError:
        pass
    return (
        f"nproc {os.cpu_count()} · {cpu} · Python {platform.python_version()} · "
        f"{platform.system()} {platform.release()}"
    )


def _revision() -> str:
    """The commit measured, and whether the working tree differs from it."""
    if os.environ.get("BENCH_REVISION"):  # a `git archive` snapshot has no .git
        return os.environ["BENCH_REVISION"]
    git = ["git", "-C", str(served.ROOT)]
    try:
        head = subprocess.run(  # noqa: S603 - fixed argv
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603 - fixed argv
            [*git, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes' if dirty else ''}"


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def _has_tables(args: argparse.Namespace) -> bool:
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "x"})
    with app.app_context():
        names = inspect(db.engine).get_table_names()
        db.engine.dispose()
    return bool(names)


def _safe(args: argparse.Namespace) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(args.database_url).render_as_string(hide_password=True)


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("bench: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
