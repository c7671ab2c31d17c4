"""Seed N submissions and time the inbox's export of every row, as CSV and XLSX.

    .venv/bin/python -m bench.export --rows 100000 [--database-url URL] [--runs 3]

Each format is downloaded whole (`GET /inbox/export.csv`, `.xlsx`, no filter),
signed in as the office, through the Flask test client; the body is read chunk
by chunk as a WSGI server sends it, never joined. Printed per format: rows,
bytes, seconds (the best and the median of the runs), rows per second, the
statements sent, and the peak memory: Python's `tracemalloc` peak over one more
download (everything Python allocated during it, the query's rows and the
writer's buffers included; tracemalloc slows the run, so that run is not timed)
and the change of the process's `ru_maxrss` over the timed runs (0 when the
export stays below the peak the seeding reached). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc

from models import Status, Submission, db

from .cases import CENTRAL
from .measure import QueryCounter, sign_in
from .run import (
    _engine_name,
    _has_tables,
    _load,
    _logging,
    _machine,
    _revision,
    _safe,
    _write,
    fresh_app,
    logger,
)
from .seed import seed

PATHS = {"CSV": "/inbox/export.csv", "XLSX": "/inbox/export.xlsx"}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.export", description=__doc__)
    parser.add_argument("--rows", type=int, action="append", metavar="N")
    parser.add_argument("--database-url", help="default: SQLite file in a temp dir")
    parser.add_argument("--drop-existing", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="timed downloads each")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    args.rows = args.rows or [10_000]
    return args


def main(argv: list[str] | None = None) -> int:
    """Seed and measure the exports for every N asked for."""
    args = parse(argv)
    _logging()
    if args.database_url and not args.drop_existing and _has_tables(args):
        logger.error("%s has tables; add --drop-existing to replace them", _safe(args))
        return 2
    for n in args.rows:
        _write(run_one(args, n))
    return 0


def _download(client, path: str) -> tuple[int, int]:
    """Fetch one export as a server would send it: (status, bytes)."""
    response = client.get(path, buffered=False)
    size = 0
    for chunk in response.response:
        size += len(chunk)
    response.close()
    return response.status_code, size


def _timed(app, client, path: str, runs: int) -> dict:
    with app.app_context():
        engine = db.engine
    seconds, statements = [], 0
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(runs):
        with QueryCounter(engine) as counter:
            started = time.perf_counter()
            status, size = _download(client, path)
            seconds.append(time.perf_counter() - started)
        statements = counter.count
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    tracemalloc.start()
    _download(client, path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": status,
        "bytes": size,
        "best": min(seconds),
        "median": statistics.median(seconds),
        "statements": statements,
        "peak": peak,
        "maxrss": grown,
    }


def run_one(args: argparse.Namespace, n: int) -> str:
    """Seed n submissions, export them in both formats, return the table."""
    with fresh_app(args.database_url, "export") as (app, _url):
        logger.info("seeding %d submissions", n)
        seeded = seed(app, n, args.seed)
        with app.app_context():
            shown = db.session.scalar(
                db.select(db.func.count(Submission.id)).where(
                    Submission.status != Status.DRAFT
                )
            )
        client = sign_in(app, CENTRAL)
        load = _load()
        results = {
            name: _timed(app, client, path, args.runs) for name, path in PATHS.items()
        }
        return _table(app, seeded, shown, results, args, f"{load} → {_load()}")


def _table(app, seeded, shown: int, results: dict, args, load: str) -> str:
    lines = [
        f"### inbox export · N = {seeded.rows:,} ({shown:,} rows, drafts are not "
        f"listed) · {_engine_name(app)}",
        "",
        f"- machine: {_machine()}",
        f"- code: {_revision()}",
        f"- load average (1 min) before → after: {load}",
        f"- {args.runs} timed downloads per format; memory from one more download",
        "",
        "| format | status | MB | best s | median s | rows/s (best) | statements "
        "| tracemalloc peak MB | ru_maxrss growth MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        cells = [
            name,
            str(r["status"]),
            f"{r['bytes'] / 1e6:.1f}",
            f"{r['best']:.2f}",
            f"{r['median']:.2f}",
            f"{shown / r['best']:,.0f}",
            str(r["statements"]),
            f"{r['peak'] / 1e6:.1f}",
            f"{r['maxrss'] / 1024:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n"


if __name__ == "__main__":
    sys.exit(main())
