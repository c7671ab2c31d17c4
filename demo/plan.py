"""What planning the demo's two years shares, and one submission's timeline."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from models import Organisation, Submission, TargetGroup, User

from .clock import Clock
from .data import Item


@dataclass
class Demo:
    """The county, the seeded random generator, and what is planned so far."""

    rng: random.Random
    now: datetime
    orgs: dict[str, Organisation]
    central: User  # the office's officer who triages, decides and spreads
    coordinators: dict[str, User]  # one per member, by slug
    groups: dict[str, TargetGroup]
    phrases: dict  # demo/texts/phrases.toml
    clock: Clock
    subs: dict[str, Submission] = field(default_factory=dict)  # by title, once made
    decided: dict[str, datetime] = field(default_factory=dict)  # when, by title
    reminder_days: set[date] = field(default_factory=set)
    minutes: Counter[int] = field(default_factory=Counter)  # board decisions a year


@dataclass
class Timeline:
    """One submission's history, planned forward in time."""

    demo: Demo
    item: Item
    t: datetime

    @property
    def sub(self) -> Submission:
        """The submission, once its first step has made it."""
        return self.demo.subs[self.item.title]

    @property
    def author(self) -> User:
        """The coordinator of the node it comes from."""
        return self.demo.coordinators[self.item.origin]

    def wait(self, lo: float, hi: float) -> None:
        """Move lo to hi days forward, into office hours, never past now."""
        rng = self.demo.rng
        t = self.t + timedelta(days=rng.uniform(lo, hi))
        t = t.replace(hour=rng.randint(6, 14), minute=rng.randint(0, 59), microsecond=0)
        t = max(t, self.t + timedelta(minutes=rng.randint(5, 90)))
        self.t = min(t, self.demo.now - timedelta(minutes=1))

    def then(self, actor: User, action: Callable[[], object]) -> None:
        """Plan a step at the current time."""
        self.demo.clock.at(self.t, actor, action)
