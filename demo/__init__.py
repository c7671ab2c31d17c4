"""The demo: the county, its accounts and two years of work done through the rules.

`seed_demo()` is what `flask --app app seed-demo` (and `make run` on an empty
database) calls. Every submission's history is planned first, with a seeded
random generator so that each run plans the same; then the whole county's steps
are taken in time order, each at its own past date (demo/clock.py): coordinators
create and send, partners back, the office triages, asks, decides and spreads,
the nodes answer. The rules write the timeline, the thread, the counters and the
notifications, as they do for a person. The Swedish texts are data files in
`demo/texts/`; SCB's residents 16–64 and the contributions derived from them are in
`demo/data/` (demo/figures.py); every insats gets its SUS record (demo/insatser.py).
"""

from __future__ import annotations

import random
from datetime import timedelta

from models import Organisation, Role, Submission, TargetGroup, User, db, utcnow

from .clock import Clock
from .data import items, load
from .figures import seed_figures
from .insatser import seed_insatser
from .plan import Demo
from .spreads import plan_spread
from .structure import (
    seed_accounts,
    seed_answer_templates,
    seed_coordinators,
    seed_structure,
)
from .submissions import plan_submission

# What the people were told in the last weeks is left unread.
UNREAD = timedelta(days=30)


def seed_demo() -> int:
    """Seed everything; running it again adds nothing. Returns new submissions."""
    orgs = seed_structure()
    users = seed_accounts(orgs)
    central = users["kansli@samnod.test"]
    this_year = utcnow().year
    seed_figures(orgs, central, [this_year - 2, this_year - 1, this_year])
    seed_answer_templates()
    colleagues = [u for u in users.values() if u.role == Role.CENTRAL and u != central]
    created = seed_activity(orgs, central, seed_coordinators(orgs, users), colleagues)
    seed_insatser(central, utcnow().date())
    return created


def seed_activity(
    orgs: dict[str, Organisation],
    central: User,
    coordinators: dict[str, User],
    colleagues: list[User] = (),
) -> int:
    """Create the demo activity once; return how many submissions were created."""
    if db.session.scalar(db.select(Submission.id).limit(1)) is not None:
        return 0
    groups = {g.slug: g for g in db.session.scalars(db.select(TargetGroup))}
    rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not security
    now = utcnow().replace(microsecond=0)
    clock = Clock(read_until=now - UNREAD)
    demo = Demo(rng, now, orgs, central, coordinators, groups, load("phrases"), clock)
    timelines = [plan_submission(demo, item) for item in items()]
    for tl in timelines:
        plan_spread(demo, tl)
    for colleague in colleagues:  # they too have read all but the last weeks' news
        clock.at(clock.read_until - timedelta(minutes=1), colleague, lambda: None)
    clock.run()
    return len(timelines)
