"""How long each write request holds SQLite's write lock (issue #14 item 4).

    .venv/bin/python -m bench.write_lock --rows 100000 [--requests 200]

A POST begins its transactions with BEGIN IMMEDIATE (`models/base.py`), so the
write lock is taken at that BEGIN and given back at its COMMIT or ROLLBACK;
every other writer waits meanwhile. Engine events note both ends of each such
transaction, and the first INSERT/UPDATE/DELETE in it, for the bench's write
cases (the same requests as `bench.run`). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time

from sqlalchemy import event

from models import db

from . import cases, measure
from .run import _engine_name, _revision, fresh_app
from .seed import seed

_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class LockClock:
    """Per request: time inside BEGIN IMMEDIATE transactions, and from the
    first write statement to the end of the transaction that made it."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.first_write: float | None = None
        self.held = self.writing = 0.0
        self.transactions = 0

    def reset(self) -> None:
        """Start counting a new request."""
        self.__init__()

    def statement(self, _conn, _cursor, statement: str, *_args) -> None:
        """Note the lock taken (after BEGIN IMMEDIATE ran) and the first write."""
        if statement == "BEGIN IMMEDIATE":
            self.started = time.perf_counter()
            self.transactions += 1
        elif self.started is not None and self.first_write is None:
            if _WRITE.match(statement):
                self.first_write = time.perf_counter()

    def end(self, *_args) -> None:
        """Note the lock given back (COMMIT or ROLLBACK about to run)."""
        if self.started is None:
            return
        now = time.perf_counter()
        self.held += now - self.started
        if self.first_write is not None:
            self.writing += now - self.first_write
        self.started = self.first_write = None


def main(argv: list[str] | None = None) -> int:
    """Seed, then time the write lock of the bench's write cases."""
    parser = argparse.ArgumentParser(prog="python -m bench.write_lock")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    with fresh_app(None, "lock") as (app, _url):
        seed(app, args.rows, args.seed)
        with app.app_context():
            targets = cases.read_targets()
            db.session.remove()
            engine = db.engine
        rng = random.Random(args.seed)
        todo = [c for c in cases.build(targets, rng) if c.post]
        clients = {role: measure.sign_in(app, role) for role in cases.ROLES}
        tokens = {
            role: measure.csrf_token(c.get("/account").get_data(True))
            for role, c in clients.items()
        }
        clock = LockClock()
        event.listen(engine, "after_cursor_execute", clock.statement)
        event.listen(engine, "commit", clock.end)
        event.listen(engine, "rollback", clock.end)
        lines = [
            f"write lock · N = {args.rows:,} · {_engine_name(app)} · {_revision()}",
            "",
            "| case | request p50 / p95 ms | lock held p50 / p95 ms "
            "| first write → end p50 / p95 ms | IMMEDIATE transactions |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for case in todo:
            lines.append(_row(case, clients, tokens, clock, args))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _row(case, clients, tokens, clock: LockClock, args) -> str:
    send = measure._sender(clients[case.role], case, tokens[case.role])
    took, held, writing, transactions = [], [], [], set()
    for n in range(args.warmup + args.requests):
        path = case.path()
        clock.reset()
        started = time.perf_counter()
        status = send(path)
        elapsed = time.perf_counter() - started
        if case.answered is not None:
            case.answered(path, status)
        if status != 200:
            raise RuntimeError(f"{case.name}: {path} answered {status}")
        if n >= args.warmup:
            took.append(elapsed)
            held.append(clock.held)
            writing.append(clock.writing)
            transactions.add(clock.transactions)
    return (
        f"| {case.name} | {_p(took)} | {_p(held)} | {_p(writing)} "
        f"| {'–'.join(map(str, sorted(transactions)))} |"
    )


def _p(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    rank = measure._nearest_rank
    return f"{rank(ordered, 0.5) * 1000:.1f} / {rank(ordered, 0.95) * 1000:.1f}"


if __name__ == "__main__":
    sys.exit(main())
