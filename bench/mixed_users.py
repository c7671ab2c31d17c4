"""Who makes the mixed load: accounts per role, and what each of them clicks.

Each virtual user is one signed-in browser (`served.Browser`) that picks an
action by weight, sends it, then thinks for an exponentially distributed while
(a closed loop: a person waits for the page before the next click).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import cycle
from urllib.parse import quote_plus

from werkzeug.security import generate_password_hash

from models import Organisation, Role, Spread, Status, Submission, User, db
from models.user import DEMO_PASSWORD

from . import words
from .measure import csrf_token
from .served import Browser

ANSWERS = ("interested", "adopting", "adopted", "not_relevant")


@dataclass(frozen=True)
class Crowd:
    """One role at the peak: how many are active at once and how often they click."""

    role: Role
    org_slugs: tuple[str, ...]
    active: int
    think: float  # mean seconds between one answer and the next click


@dataclass
class Pools:
    """Ids to vary requests over, read once from the seeded data (thread-safe)."""

    visible: list[int]
    methods: list[int]
    node_subs: dict[str, list[int]]
    spreads: dict[str, list[int]]
    submitted: Iterator[int]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_submitted(self) -> int:
        """A submitted one no other officer has been handed by the benchmark."""
        with self.lock:
            return next(self.submitted)


def read_pools(rng: random.Random, sample: int = 2000) -> Pools:
    """Pick the ids the virtual users work on."""
    shuffled = db.select(Submission.id).order_by(db.func.random()).limit(sample)
    orgs = {o.id: o.slug for o in db.session.scalars(db.select(Organisation))}
    node_subs, spreads = {}, {}
    for org_id, slug in orgs.items():
        mine = shuffled.where(
            Submission.origin_id == org_id, Submission.status != Status.DRAFT
        )
        node_subs[slug] = list(db.session.scalars(mine.limit(200)))
        spreads[slug] = list(
            db.session.scalars(
                db.select(Spread.id).where(Spread.organisation_id == org_id).limit(200)
            )
        )
    submitted = list(
        db.session.scalars(shuffled.where(Submission.status == Status.SUBMITTED))
    )
    rng.shuffle(submitted)
    return Pools(
        visible=list(db.session.scalars(shuffled.where(Submission.status != "draft"))),
        methods=list(db.session.scalars(shuffled.where(Submission.in_library))),
        node_subs=node_subs,
        spreads=spreads,
        submitted=iter(submitted),
    )


def make_accounts(crowds: list[Crowd]) -> dict[Role, list[tuple[str, str]]]:
    """Create the benchmark's accounts; return (email, node slug) per role."""
    orgs = {o.slug: o for o in db.session.scalars(db.select(Organisation))}
    hashed = generate_password_hash(DEMO_PASSWORD)  # one scrypt for all of them
    accounts: dict[Role, list[tuple[str, str]]] = {}
    for crowd in crowds:
        slugs = cycle(crowd.org_slugs)
        for n in range(crowd.active):
            slug = next(slugs)
            email = f"last.{crowd.role.value}.{n}@samnod.test"
            # load accounts with the public demo password, exempt from MFA
            # as the demo's are
            user = User(email=email, name=f"Last {n}", role=crowd.role, mfa_exempt=True)
            user.organisation, user.password_hash = orgs[slug], hashed
            db.session.add(user)
            accounts.setdefault(crowd.role, []).append((email, slug))
    db.session.commit()
    return accounts


# What each kind of request should answer; anything else is counted as odd.
EXPECTED = {
    "office: status change (HX)": frozenset({200, 409}),  # 409: a colleague won
    "node: create submission": frozenset({303}),
    "node: answer a spread": frozenset({303}),
}
OK = frozenset({200})


class Recorder:
    """Latencies and statuses per kind of request, from every thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[tuple[float, int]]] = {}

    def add(self, kind: str, seconds: float, status: int) -> None:
        """Keep one answered request."""
        with self.lock:
            self.samples.setdefault(kind, []).append((seconds, status))


@dataclass
class VirtualUser:
    """A signed-in person of one role at one node; times each request it sends."""

    browser: Browser
    slug: str
    pools: Pools
    rng: random.Random
    recorder: Recorder
    token: str = ""

    def send(self, kind: str, method: str, path: str, form=None, hx=False):
        """Send one request and record it under `kind`; return (status, body)."""
        if form is not None:
            form = {**form, "csrf_token": self.token}
        started = time.perf_counter()
        try:
            status, body = self.browser.request(method, path, form, hx=hx)
        except OSError:  # a dropped or timed-out connection counts as a failure
            status, body = 599, b""
        self.recorder.add(kind, time.perf_counter() - started, status)
        return status, body

    def word(self) -> str:
        """A search word or phrase, URL-quoted."""
        return quote_plus(self.rng.choice(words.SEARCH_WORDS))

    def anyone(self) -> int:
        """A random non-draft submission."""
        return self.rng.choice(self.pools.visible)


def _status_change(u: VirtualUser) -> None:
    """Open a submitted one in the pane, then take it into review at its version."""
    sub_id = u.pools.next_submitted()
    status, body = u.send("office: pane (HX)", "GET", f"/inbox/{sub_id}", hx=True)
    if status != 200:
        return
    version = body.decode().split('name="version" value="', 1)[1].split('"', 1)[0]
    form = {"version": version, "status": "in_review", "message": ""}
    kind = "office: status change (HX)"
    u.send(kind, "POST", f"/inbox/{sub_id}/status", form, hx=True)


def _note(u: VirtualUser) -> None:
    form = {"text": words.sentences(u.rng, 15)}
    u.send(
        "office: internal note (HX)", "POST", f"/inbox/{u.anyone()}/notes", form, True
    )


def _inbox(u: VirtualUser) -> None:
    u.send("office: inbox list", "GET", "/inbox/?clear=1")


def _filtered(u: VirtualUser) -> None:
    node = u.rng.choice(list(u.pools.node_subs))
    u.send("office: inbox filtered", "GET", f"/inbox/?status=submitted&node={node}")


def _inbox_search(u: VirtualUser) -> None:
    u.send("office: inbox search (HX)", "GET", f"/inbox/?q={u.word()}", hx=True)


def _pane(u: VirtualUser) -> None:
    u.send("office: pane (HX)", "GET", f"/inbox/{u.anyone()}", hx=True)


def _node_page(u: VirtualUser) -> None:
    u.send("node: own node page", "GET", f"/nodes/{u.slug}/")


def _own_submission(u: VirtualUser) -> None:
    sub_id = u.rng.choice(u.pools.node_subs[u.slug])
    u.send("node: a submission", "GET", f"/submissions/{sub_id}")


def _create(u: VirtualUser) -> None:
    form = {
        "title": words.sentences(u.rng, 5)[:150],
        "summary": words.sentences(u.rng, 30)[:490],
        "body": words.sentences(u.rng, 60),
        "urgency": "medium",
        "action": "submit",
    }
    path = f"/nodes/{u.slug}/submissions/new?kind=need"
    u.send("node: create submission", "POST", path, form)


def _answer(u: VirtualUser) -> None:
    if not u.pools.spreads[u.slug]:
        return _own_submission(u)
    spread_id = u.rng.choice(u.pools.spreads[u.slug])
    form = {"answer": u.rng.choice(ANSWERS), "note": words.sentences(u.rng, 12)}
    u.send("node: answer a spread", "POST", f"/spreads/{spread_id}/answer", form)


def _library_search(u: VirtualUser) -> None:
    u.send("library: search (HX)", "GET", f"/methods/?q={u.word()}", hx=True)


def _library(u: VirtualUser) -> None:
    u.send("library: first page", "GET", "/methods/")


def _method(u: VirtualUser) -> None:
    u.send("library: a method", "GET", f"/methods/{u.rng.choice(u.pools.methods)}")


# What each role clicks, with weights (a pane is opened twice as often as the
# list; a search in the library five times as often as its first page).
ACTIONS: dict[Role, list[tuple[float, Callable[[VirtualUser], None]]]] = {
    Role.CENTRAL: [
        (3, _inbox),
        (2, _filtered),
        (2, _inbox_search),
        (4, _pane),
        (1, _status_change),
        (1, _note),
    ],
    Role.COORDINATOR: [
        (4, _node_page),
        (2, _own_submission),
        (1, _create),
        (1, _answer),
    ],
    Role.PRACTITIONER: [(5, _library_search), (1, _library), (2, _method)],
}


def sign_in(
    port: int, email: str, slug: str, pools: Pools, recorder: Recorder, seed: int
) -> VirtualUser:
    """Sign a virtual user in over HTTP and read its CSRF token."""
    browser = Browser(port).sign_in(email)
    token = csrf_token(browser.request("GET", "/account")[1].decode())
    return VirtualUser(browser, slug, pools, random.Random(seed), recorder, token)
