"""The kept counts and tallies: moved by the events alone, always what a recount gives.

`events.record()` is the one write path for the counts; each event applies its own
difference as an upsert. The money tallies move with every rule that changes a
grant, an insats's reach, a budget row or a backing party
(`money_tallies.kept()`). Two transactions that create the same counter both
commit, and after any mix of the rules' actions the kept rows equal a recount.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import text

from models import (
    Answer,
    Backing,
    BudgetType,
    Decision,
    Event,
    Insats,
    Kind,
    Organisation,
    OrgKind,
    Role,
    Spread,
    Status,
    Submission,
    User,
    db,
    funds,
    granting,
    spreading,
    triage,
    workflow,
)
from models.base import local_today
from models.money_tallies import GrantTally, PartyTally
from models.organisation import member_organisations
from models.read.counts import (
    DecisionDays,
    Measure,
    MonthTally,
    SubmissionCount,
    recount,
)
from models.submission import NOT_MERGE_TARGETS
from tests.conftest import org

LOCK_TIMEOUT = 10  # seconds for the second transaction to reach the lock


def _kept() -> dict[tuple, int]:
    """Every non-zero row of the counter tables."""
    rows = {}
    for model in (SubmissionCount, MonthTally, DecisionDays):
        keys = [c for c in model.__table__.primary_key.columns]
        for *key, n in db.session.execute(db.select(*keys, model.n)):
            if n:
                rows[(model.__tablename__, *key)] = n
    for model in (GrantTally, PartyTally):  # kronor, n and the latest day
        keys = [c for c in model.__table__.primary_key.columns]
        values = (model.kronor, model.n, model.last_day)
        for *key, kronor, n, day in db.session.execute(db.select(*keys, *values)):
            if kronor or n:
                rows[(model.__tablename__, *key)] = (kronor, n, day)
    return rows


def _recounted() -> dict[tuple, int]:
    """What `recount()` gives, in a savepoint undone afterwards."""
    savepoint = db.session.begin_nested()
    recount()
    rows = _kept()
    savepoint.rollback()
    return rows


# --- two transactions, one new counter ------------------------------------------


def _waiting_on_a_lock(watch) -> bool:
    watch.rollback()  # a fresh look at pg_stat_activity
    return bool(
        watch.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            )
        )
    )


def _create_draft(app, author_id: int, title: str, failures: list) -> None:
    with app.app_context():
        try:
            author = db.session.get(User, author_id)
            workflow.create(
                Kind.NEED, author.organisation, author, {"title": title}, [], []
            )
            db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            db.session.rollback()
            failures.append(exc)


def test_two_transactions_creating_the_same_counter_both_commit(app, make_user):
    """Two new drafts of one node and kind in a fresh database, at the same time.

    On PostgreSQL both submissions are flushed before either commits: the second
    transaction's counter write waits on the first's new counter row, and goes on
    once the first commits. (The counter used to be updated, then inserted when
    no row changed: the second insert then hit the first's key, IntegrityError.)
    SQLite lets one transaction write at a time, so there the second begins only
    once the first has committed.
    """
    author = make_user(Role.COORDINATOR, "koping")
    failures: list[Exception] = []
    second = threading.Thread(
        target=_create_draft, args=(app, author.id, "Andra utkastet", failures)
    )
    with app.app_context():
        first = db.session.get(User, author.id)
        workflow.create(
            Kind.NEED, first.organisation, first, {"title": "Första"}, [], []
        )
        assert db.session.scalar(db.select(db.func.count(SubmissionCount.n))) == 1
        second.start()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as watch:
                deadline = time.monotonic() + LOCK_TIMEOUT
                while not _waiting_on_a_lock(watch):
                    assert second.is_alive(), failures
                    assert time.monotonic() < deadline, "it never waited on the lock"
                    time.sleep(0.02)
        else:
            time.sleep(0.2)  # it waits for the write lock (busy timeout)
        db.session.commit()
    second.join(LOCK_TIMEOUT)
    assert not second.is_alive()
    assert failures == []
    with app.app_context():
        koping = org("koping").id
        assert _kept() == {("submission_counts", koping, "need", "draft"): 2}
        assert _recounted() == _kept()


# --- a random mix of every action that moves a count -----------------------------


class Mix:
    """Drives the real rules at random; each action says whether it found work."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.officer = db.session.scalar(
            db.select(User).where(User.role == Role.CENTRAL)
        )
        self.coordinators = {
            u.organisation_id: u
            for u in db.session.scalars(
                db.select(User).where(User.role == Role.COORDINATOR)
            )
        }
        self.done: dict[str, int] = {}
        self.moved: Counter = Counter()

    def subs(self, *statuses: Status, kind: Kind | None = None) -> list[Submission]:
        stmt = db.select(Submission).where(Submission.status.in_(statuses))
        if kind is not None:
            stmt = stmt.where(Submission.kind == kind)
        return list(db.session.scalars(stmt.order_by(Submission.id)))

    def pick(self, items: list):
        return self.rng.choice(items) if items else None

    def create(self) -> bool:
        node = self.rng.choice(sorted(self.coordinators))
        author = self.coordinators[node]
        kind = self.rng.choice(list(Kind))
        title = f"Inskick {self.rng.randrange(10**6)}"
        workflow.create(kind, author.organisation, author, {"title": title}, [], [])
        return True

    def submit(self) -> bool:
        sub = self.pick(self.subs(Status.DRAFT))
        if sub is None:
            return False
        workflow.submit(sub, sub.author)
        return True

    def withdraw(self) -> bool:
        sub = self.pick([s for s in self.subs(*Status) if s.can_withdraw])
        if sub is None:
            return False
        workflow.withdraw(sub, sub.author)
        return True

    def transition(self) -> bool:
        """A status change the office may make, the least made one first."""
        moves = [
            (sub, to)
            for sub in self.subs(*triage.TRANSITIONS)
            for to in sorted(triage.allowed_next(sub))
        ]
        if not moves:
            return False
        fewest = min(self.moved[sub.status, to] for sub, to in moves)
        sub, to = self.rng.choice(
            [(sub, to) for sub, to in moves if self.moved[sub.status, to] == fewest]
        )
        self.moved[sub.status, to] += 1
        message = "Berätta mer." if to in triage.NEEDS_MESSAGE else ""
        triage.transition(sub, to, self.officer, message)
        return True

    def answer_request(self) -> bool:  # the node's comment returns it to the office
        sub = self.pick(self.subs(Status.NEEDS_INFO))
        if sub is None:
            return False
        workflow.add_comment(sub, self.coordinators[sub.origin_id], "Här är svaret.")
        return True

    def merge(self) -> bool:
        sub = self.pick([s for s in self.subs(*Status) if s.can_merge])
        if sub is None:
            return False
        open_ = self.subs(*set(Status) - NOT_MERGE_TARGETS)
        target = self.pick([t for t in open_ if t.id != sub.id])
        if target is None:
            return False
        triage.merge(sub, target, self.officer)
        return True

    def bulk(self) -> bool:
        subs = self.subs(Status.SUBMITTED, Status.IN_REVIEW, Status.DECLINED)
        if not subs:
            return False
        chosen = self.rng.sample(subs, min(len(subs), self.rng.randint(2, 5)))
        action = self.rng.choice(["accepted", "in_review"])
        triage.bulk(chosen, action, self.officer)  # some may be skipped
        return True

    def spread(self) -> bool:
        sub = self.pick([s for s in self.subs(*Status) if s.can_spread])
        if sub is None:
            return False
        have = set(
            db.session.scalars(
                db.select(Spread.organisation_id).filter_by(submission_id=sub.id)
            )
        )
        free = sorted(
            o.slug
            for o in member_organisations()
            if o.id != sub.origin_id and o.id not in have
        )
        if not free:
            return False
        targets = self.rng.sample(free, min(len(free), self.rng.randint(1, 4)))
        spreading.spread_to(sub, targets, self.officer)
        return True

    def answer(self) -> bool:
        spread = self.pick(
            list(db.session.scalars(db.select(Spread).order_by(Spread.id)))
        )
        if spread is None:
            return False
        answer = self.rng.choice([*Answer, Answer.ADOPTED])
        actor = self.coordinators[spread.organisation_id]
        spreading.answer_spread(spread, actor, answer, "")
        return True

    def unadopt(self) -> bool:  # an adopted answer changed: the adoption goes again
        spread = self.pick(
            list(
                db.session.scalars(
                    db.select(Spread)
                    .where(Spread.answer == Answer.ADOPTED)
                    .order_by(Spread.id)
                )
            )
        )
        if spread is None:
            return False
        answer = self.rng.choice([a for a in Answer if a != Answer.ADOPTED])
        actor = self.coordinators[spread.organisation_id]
        spreading.answer_spread(spread, actor, answer, "")
        return True

    def publish(self) -> bool:  # moves no count; in the mix to show it
        sub = self.pick([s for s in self.subs(*Status) if s.can_publish])
        if sub is None:
            return False
        triage.publish(sub, self.officer, not sub.is_method, None)
        return True

    def fund(self) -> bool:
        """The board decides on an accepted initiative's funds, or changes it: a
        grant, another amount or day, or a reversal moves the money tallies."""
        sub = self.pick(self.subs(Status.ACCEPTED, kind=Kind.INITIATIVE))
        if sub is None:
            return False
        if workflow.funding_of(sub) is None:
            workflow.set_funding(sub, 200_000, "- Personal: 200 000 kr")
        if len(sub.parties) < 2:  # a second member party, which confirms
            other = self.rng.choice(
                sorted(o for o in self.coordinators if o != sub.origin_id)
            )
            workflow.set_parties(sub, [db.session.get(Organisation, other)])
            workflow.confirm_backing(sub, self.coordinators[other])
        grant = self.rng.random() < 0.7
        # a few months, so grants share a month and reach (and its latest day)
        day = local_today() - timedelta(days=self.rng.randint(0, 75))
        granting.decide(
            sub,
            self.officer,
            Decision.GRANTED if grant else Decision.REJECTED,
            self.rng.randrange(50_000, 200_001, 1000) if grant else None,
            max(day, granting.EARLIEST),
            f"§ {self.rng.randint(1, 30)}",
        )
        return True

    def insatser(self) -> list[Insats]:
        return list(db.session.scalars(db.select(Insats).order_by(Insats.id)))

    def granted(self) -> list[Submission]:
        return [
            s
            for s in self.subs(Status.ACCEPTED, Status.IN_REVIEW, kind=Kind.INITIATIVE)
            if (f := workflow.funding_of(s)) and f.decision == Decision.GRANTED
        ]

    def serve(self) -> bool:
        """Whom an insats serves changes: its money moves to the new reach."""
        insats = self.pick(self.insatser())
        if insats is None:
            return False
        munis = [o for o in member_organisations() if o.kind == OrgKind.MUNICIPALITY]
        county = self.rng.random() < 0.25
        chosen = self.rng.sample(munis, self.rng.randint(0, 3))
        funds.serve(insats, self.officer, chosen, county)
        return True

    def budget(self) -> bool:
        """A budget row's utfall is set, changed or cleared."""
        insats = self.pick(self.insatser())
        if insats is None:
            return False
        year = local_today().year
        if not funds.period_years(insats):
            funds.edit_insats(
                insats,
                self.officer,
                insats.version,
                name=insats.name,
                description=insats.description,
                starts_on=date(year - 1, 1, 1),
                ends_on=date(year, 12, 31),
                inriktning=insats.inriktning,
                preciserad_inriktning=insats.preciserad_inriktning,
            )
        years = funds.period_years(insats)
        utfall = self.rng.choice([None, 0, self.rng.randrange(1000, 90_000, 1000)])
        funds.set_budget_row(
            insats,
            self.officer,
            self.rng.choice(years),
            self.rng.choice(list(BudgetType)),
            100_000,
            utfall,
            "",
        )
        return True

    def back(self) -> bool:
        """A party named after the grant confirms its backing."""
        sub = self.pick(self.granted())
        if sub is None:
            return False
        named = {p.organisation_id for p in sub.parties}
        free = sorted(o for o in self.coordinators if o not in named)
        if not free:
            return False
        other = self.rng.choice(free)
        orgs = [p.organisation for p in sub.parties]
        workflow.set_parties(sub, [*orgs, db.session.get(Organisation, other)])
        workflow.confirm_backing(sub, self.coordinators[other])
        return True

    def unback(self) -> bool:
        """A confirmed backer is dropped from a granted initiative."""
        sub = self.pick(self.granted())
        if sub is None:
            return False
        backers = [
            p.organisation
            for p in sub.parties
            if p.backing == Backing.CONFIRMED and p.organisation_id != sub.origin_id
        ]
        if not backers:
            return False
        gone = self.rng.choice(backers)
        workflow.set_parties(
            sub, [p.organisation for p in sub.parties if p.organisation != gone]
        )
        return True

    ACTIONS = (
        "create",
        "submit",
        "withdraw",
        "transition",
        "answer_request",
        "merge",
        "bulk",
        "spread",
        "answer",
        "unadopt",
        "publish",
        "fund",
        "serve",
        "budget",
        "back",
        "unback",
    )
    # creating and sending more often than the rest keeps work in every status
    WEIGHTS = (3, 4, 1, 6, 3, 2, 1, 2, 3, 1, 2, 3, 1, 1, 1, 1)

    def draw(self) -> str:
        """An action at random, or half the time one of those done least so far."""
        if self.rng.random() < 0.5:
            return self.rng.choices(self.ACTIONS, self.WEIGHTS)[0]
        fewest = min(self.done.get(name, 0) for name in self.ACTIONS)
        return self.rng.choice(
            [name for name in self.ACTIONS if self.done.get(name, 0) == fewest]
        )

    def step(self) -> None:
        """One action that finds work (drawn again until one does), then commit."""
        undo = self.rng.random() < 0.05  # now and then, a change rolled back
        found = None
        while not found:
            name = self.draw()
            try:
                found = getattr(self, name)()
            except workflow.RuleBroken:
                db.session.rollback()
                return
        if undo:
            db.session.rollback()
        else:
            db.session.commit()
            self.done[name] = self.done.get(name, 0) + 1


def test_a_recount_gives_what_was_kept_after_a_random_mix_of_every_action(
    app, make_user
):
    with app.app_context():
        slugs = [o.slug for o in member_organisations()]
    for slug in slugs:
        make_user(Role.COORDINATOR, slug)
    make_user(Role.CENTRAL, "kansli")
    with app.app_context():
        mix = Mix(random.Random(9))
        seen = set()  # the tables and measures that held something
        for n in range(1, 161):
            mix.step()
            if n % 20 == 0:
                kept = _kept()
                assert kept == _recounted(), f"after {n} actions: {mix.done}"
                seen |= {
                    (key[0], key[3])
                    if key[0] == "grant_tallies"
                    else key[:2]
                    if key[0] == "month_tallies"
                    else key[:1]
                    for key in kept
                }
        assert set(mix.done) == set(Mix.ACTIONS), mix.done
        moves = db.session.execute(
            db.select(Event.from_status, Event.to_status).where(
                Event.to_status.is_not(None)
            )
        ).all()
        # every status entered and every one that can be left, left (the counts'
        # and the status-bound tallies' +1 and -1)
        assert {Status(b) for _a, b in moves} == set(Status) - {Status.DRAFT}
        assert {Status(a) for a, _b in moves} == {Status.DRAFT, *triage.TRANSITIONS}
        assert seen == {
            ("submission_counts",),
            ("decision_days",),
            *(("month_tallies", m.value) for m in Measure),
            ("grant_tallies", "granted"),
            ("grant_tallies", "utfall"),
            ("party_tallies",),
        }
        kept = _kept()
        recount()
        db.session.commit()
        assert _kept() == kept
