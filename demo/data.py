"""The demo's Swedish texts, read from the TOML files in demo/texts/."""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files

from models import Urgency


def load(name: str) -> dict:
    """Read one data file, `demo/texts/<name>.toml`."""
    text = files(__package__).joinpath("texts", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Item:
    """One demo submission: its text, where it comes from and how it ends."""

    kind: str
    origin: str
    status: str
    title: str
    summary: str
    body: str
    groups: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    fields: dict[str, object] = field(default_factory=dict)  # the kind's own
    note: str = ""  # decline reason or withdrawal reason
    merge_into: str = ""  # title of the accepted submission it is merged into
    amount: int = 0  # funding request in SEK (initiatives)
    funding: str = ""  # "rejected" overrides the decision an accepted item gets
    spread: tuple[tuple[str, str], ...] = ()  # (node slug, answer or "" for none)
    age: tuple[int, int] | None = None  # days before now when it was created
    published: bool = False  # an accepted initiative the office put in the library


_COMMON = frozenset(Item.__dataclass_fields__) - {"kind", "fields"}


def _item(kind: str, table: dict) -> Item:
    common = {k: v for k, v in table.items() if k in _COMMON}
    fields = {k: v for k, v in table.items() if k not in _COMMON}
    if "urgency" in fields:
        fields["urgency"] = Urgency(fields["urgency"])
    for name in ("groups", "parties", "age"):
        if name in common:
            common[name] = tuple(common[name])
    common["spread"] = tuple(tuple(pair) for pair in common.get("spread", ()))
    return Item(kind=kind, fields=fields, **common)


def items() -> list[Item]:
    """Every demo submission, in the order they are seeded."""
    return [
        _item(kind, table)
        for kind, name in (
            ("need", "needs"),
            ("initiative", "initiatives"),
            ("practice", "practices"),
        )
        for table in load(name)[kind]
    ]


def kronor(amount: int) -> str:
    """Format whole kronor the Swedish way: 1 200 000 kr."""
    return f"{amount:,} kr".replace(",", " ")


def budget(rng: random.Random, shapes: list[dict], amount: int) -> str:
    """Return a budget breakdown in Markdown that adds up to the amount."""
    shape = rng.choice(shapes)["lines"]
    lines, left = [], amount
    for label, share in shape[:-1]:
        part = int(round(amount * share, -3))
        lines.append(f"- {label}: {kronor(part)}")
        left -= part
    lines.append(f"- {shape[-1][0]}: {kronor(left)}")
    return "\n".join(lines) + f"\n\n**Summa: {kronor(amount)}**"


def body(text: str, parties: list[str]) -> str:
    """Return a submission's Markdown body: its text and the parties involved."""
    listed = "\n".join(f"- {name}" for name in parties)
    return f"{text}\n\n### Berörda parter\n\n{listed}\n"
