"""Mixed load over gunicorn: the office and the nodes at once, for a fixed time.

    .venv/bin/python -m bench.mixed --rows 100000 --seconds 60 [--scale 2]
        [--workers 4] [--database-url URL [--drop-existing]]

Seeds N submissions (bench/seed.py), makes the peak's accounts, serves
`gunicorn 'app:create_app()'` and lets every virtual user click for the given
time; prints requests, 5xx and p50/p95/p99 per kind and overall. Nothing is
asserted: a measuring tool (bench/README.md defines the peak).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
from datetime import date

from models import Role, db

from . import served
from .mixed_users import (
    ACTIONS,
    EXPECTED,
    OK,
    Crowd,
    Recorder,
    make_accounts,
    read_pools,
    sign_in,
)
from .run import (
    _engine_name,
    _has_tables,
    _load,
    _logging,
    _machine,
    _revision,
    fresh_app,
)
from .seed import NODE_WEIGHTS, seed

logger = logging.getLogger("bench")
MEMBERS = tuple(NODE_WEIGHTS)
# A busy day's peak hour (bench/README.md, "Mixed load"): who is active at
# once and the mean seconds between one answer and their next click.
PEAK = [
    Crowd(Role.CENTRAL, ("kansli",), active=8, think=6.0),
    Crowd(Role.COORDINATOR, MEMBERS, active=13, think=15.0),
    Crowd(Role.PRACTITIONER, MEMBERS, active=40, think=10.0),
]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.mixed", description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--scale", type=float, default=2.0, help="× the peak's users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--database-url", help="default: SQLite file in a temp dir")
    parser.add_argument("--drop-existing", action="store_true")
    parser.add_argument("--seed", type=int, default=2024, help="random seed")
    parser.add_argument("--server-log", help="keep gunicorn's output in this file")
    return parser.parse_args(argv)


def crowds(scale: float) -> list[Crowd]:
    """The peak's crowds with `scale` times as many people in each."""
    return [
        Crowd(c.role, c.org_slugs, max(1, round(c.active * scale)), c.think)
        for c in PEAK
    ]


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, load, print."""
    args = parse(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks
    _logging()
    if args.database_url and not args.drop_existing and _has_tables(args):
        logger.error("the database has tables; add --drop-existing to replace them")
        return 2
    people = crowds(args.scale)
    with fresh_app(args.database_url, "mixed") as (app, url):
        logger.info("seeding %d submissions into %s", args.rows, _engine_name(app))
        seed(app, args.rows, args.seed)
        with app.app_context():
            accounts = make_accounts(people)
            pools = read_pools(random.Random(args.seed))
            db.session.remove()
            db.engine.dispose()  # let gunicorn's workers open their own
        load_before = _load()
        recorder = Recorder()
        log = (
            open(args.server_log, "w+b")
            if args.server_log
            else tempfile.TemporaryFile()
        )
        env = {"DATABASE_URL": url, "SECRET_KEY": os.urandom(24).hex()}
        env["SAMNOD_COOKIE_SECURE"] = "0"
        serving = served.gunicorn(
            "app:create_app()", env, "/healthz", args.workers, log
        )
        with log, serving as port:
            elapsed = run_load(port, people, accounts, pools, recorder, args)
            errors = _server_errors(log)
        header = _header(app, args, people, elapsed, f"{load_before} → {_load()}")
    sys.stdout.write(report(header, recorder, elapsed, errors))
    return 0


def run_load(port, people, accounts, pools, recorder, args) -> float:
    """Sign everyone in, then let them click until the time is up; the seconds."""
    logger.info("signing in %d virtual users", sum(c.active for c in people))
    users = [
        (crowd, sign_in(port, email, slug, pools, recorder, args.seed + n))
        for crowd in people
        for n, (email, slug) in enumerate(accounts[crowd.role])
    ]
    started = time.monotonic()
    end = started + args.seconds
    threads = [
        threading.Thread(target=_click, args=(user, crowd, end), daemon=True)
        for crowd, user in users
    ]
    logger.info("loading for %.0f s", args.seconds)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _click(user, crowd: Crowd, end: float) -> None:
    """One person: start at a random moment of a think time, then act and think."""
    weights, actions = zip(*ACTIONS[crowd.role], strict=True)
    pause = user.rng.uniform(0, crowd.think)
    while time.monotonic() + pause < end:
        time.sleep(pause)
        user.rng.choices(actions, weights)[0](user)
        pause = user.rng.expovariate(1 / crowd.think)
    user.browser.close()


def _server_errors(log) -> dict[str, int]:
    """Count Flask's "Exception on <path> [<method>]" lines (ids and queries
    folded) and the final lines of the tracebacks in gunicorn's output."""
    log.seek(0)
    lines = log.read().decode(errors="replace").splitlines()
    found: dict[str, int] = {}
    for before, line in zip(lines, [*lines[1:], ""], strict=True):
        where = re.search(r"Exception on (\S+) \[(\w+)\]", line)
        if where:
            path = re.sub(r"/\d+", "/<id>", where[1].split("?")[0])
            key = f"exception on {where[2]} {path}"
        elif before.startswith(" ") and re.match(r"[\w.]+(Error|Exception): ", line):
            key = line[:120]
        else:
            continue
        found[key] = found.get(key, 0) + 1
    return found


def _percentile(ordered: list[float], q: float) -> float:
    """Nearest rank."""
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered)) - 1))]


def _row(kind: str, samples: list[tuple[float, int]], expected) -> str:
    seconds = sorted(s for s, _ in samples)
    statuses = [status for _, status in samples]
    fives = sum(1 for s in statuses if s >= 500)
    odd = sum(1 for s in statuses if s < 500 and s not in expected)
    ms = [f"{_percentile(seconds, q) * 1000:.0f}" for q in (0.5, 0.95, 0.99, 1.0)]
    return f"| {kind} | {len(samples)} | {fives} | {odd} | " + " | ".join(ms) + " |"


def report(header: list[str], recorder: Recorder, elapsed: float, errors) -> str:
    """The Markdown table: one row per kind of request, and all of them."""
    lines = [
        *header,
        "",
        "| request | n | 5xx | other unexpected | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    every, statuses = [], {}
    for kind in sorted(recorder.samples):
        samples = recorder.samples[kind]
        every += samples
        lines.append(_row(kind, samples, EXPECTED.get(kind, OK)))
        for _, status in samples:
            statuses[status] = statuses.get(status, 0) + 1
    lines.append(_row("**all**", every, {s for s in statuses if s < 500}))
    lines += [
        "",
        f"- {len(every)} requests in {elapsed:.1f} s = {len(every) / elapsed:.1f}/s;"
        f" statuses {dict(sorted(statuses.items()))}",
    ]
    for line, n in sorted(errors.items(), key=lambda item: -item[1]):
        lines.append(f"- server log: {n} × `{line}`")
    return "\n".join(lines) + "\n\n"


def _header(app, args, people, elapsed: float, load: str) -> list[str]:
    who = ", ".join(f"{c.active} {c.role.value} (think {c.think:g} s)" for c in people)
    target = sum(c.active / c.think for c in people)
    return [
        f"### mixed load · N = {args.rows:,} · {_engine_name(app)} · "
        f"{date.today():%Y-%m-%d}",
        "",
        f"- machine: {_machine()}",
        f"- code: {_revision()}",
        f"- gunicorn {args.workers} sync workers; load average (1 min) "
        f"before → after: {load}",
        f"- {args.scale:g} × the peak for {elapsed:.0f} s: {who}; "
        f"offered ≈ {target:.1f} clicks/s before response times",
    ]


if __name__ == "__main__":
    sys.exit(main())
