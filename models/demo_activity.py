"""Two years of demo activity (filled in by the demo-data work)."""

from __future__ import annotations


def seed_activity(orgs, users) -> int:
    """Create demo submissions, events, comments, spreads and answers."""
    return 0
