"""A small Swedish vocabulary and cheap text generators for the bench data."""

from __future__ import annotations

import functools
import random
from html import escape
from itertools import accumulate

# (word, weight): function words are common, domain words and compounds rarer,
# so LIKE searches hit anything from most rows to a handful.
_FUNCTION = {
    word: int(weight)
    for word, weight in (
        pair.split(":")
        for pair in (
            "och:40 att:30 för:30 med:25 som:25 i:30 på:20 till:20 av:18 inom:8 "
            "genom:6 utan:4 efter:5 vi:12 de:10 det:15 är:18 har:12 kan:10 ska:8 "
            "behöver:6 saknas:4 fungerar:4 mer:6 fler:5 alla:5"
        ).split()
    )
}
_DOMAIN = (
    "arbetsträning arbetsträningsplatser försörjningsstöd långtidssjukskrivna "
    "samordning samverkan rehabilitering arbetslivsinriktad handläggare "
    "arbetsförmedlingen försäkringskassan kommunen regionen socialtjänsten "
    "vårdcentralen psykiatrin arbetsmarknadsenheten arbetsgivare företag "
    "praktikplatser sysselsättning vägledning stödsamtal motivation hälsa "
    "psykisk ohälsa ungdomar unga nyanlända funktionsnedsättning insats "
    "insatser deltagare kartläggning kartläggningssamtal arbetsförmåga "
    "arbetsprövning återgång sjukskrivning sjukersättning aktivitetsersättning "
    "samordnare samordningsteam metod metoder uppföljning individuellt stöd "
    "studier språkstöd vardagsrutiner friskvård ekonomi bostad kontaktperson "
    "beroende missbruk behandling lönebidrag nystartsjobb yrkesutbildning "
    "vuxenutbildning svenskundervisning handledning gruppverksamhet "
    "lösningsfokus motiverande samtal introduktion matchning kompetens "
    "välmående långsiktig tidig gemensam lokal regional länsövergripande "
    "effektiv strukturerad flexibel tillgänglig behov målgrupp utveckla "
    "erbjuda samordna förbättra minska öka stärka följa pröva genomföra "
    "sprida arbetar träffar stödinsatser jobbcoacher arbetsmarknaden "
    "försörjning egenförsörjning utanförskap trygghet delaktighet "
    "hälsofrämjande förebyggande verksamhet verksamheter projekt förstudie "
    "processledare kommunerna parterna länet närområdet Köping Västerås "
    "Fagersta Sala Arboga Kungsör Norberg Hallstahammar Surahammar"
).split()
WORDS = list(_FUNCTION) + _DOMAIN
_CUM = list(accumulate([*_FUNCTION.values(), *([3] * len(_DOMAIN))]))
POOL_SIZE, POOL_SEED = 50_000, 1210
SEARCH_WORDS = (
    "arbetsträning", "arbetsträningsplatser", "försörjningsstöd",
    "långtidssjukskrivna", "lösningsfokus", "samverkan", "ungdomar",
    "kartläggning", "nystartsjobb", "psykisk", "motiverande samtal",
    "jobbcoacher", "friskvård", "handledning", "matchning", "ips",
    "egenförsörjning", "västerås", "språkstöd", "supported employment",
)  # fmt: skip
TITLE_HEADS = (
    "Arbetsträning för", "Samordnat stöd till", "Tidiga insatser för",
    "Kartläggning av behov hos", "Gemensam vägledning för", "Metod för",
    "Stödsamtal med", "Praktikplatser för", "Friskvård för", "Matchning av",
)  # fmt: skip
TITLE_TAILS = (
    "långtidssjukskrivna", "unga med försörjningsstöd", "nyanlända kvinnor",
    "personer med psykisk ohälsa", "deltagare i arbetsträning",
    "unga utanför arbetsmarknaden", "personer med funktionsnedsättning",
    "sjukskrivna i återgång", "personer med beroende", "arbetsgivare i länet",
)  # fmt: skip


def typed(rng: random.Random) -> str:
    """A search word as the active search sends it while it is being typed:
    its first two letters or more (a request per pause in typing)."""
    word = rng.choice(SEARCH_WORDS).split()[0]
    return word[: rng.randint(2, len(word))]


def words(rng: random.Random, n: int) -> list[str]:
    """Return n words drawn with realistic weights."""
    return rng.choices(WORDS, cum_weights=_CUM, k=n)


@functools.cache
def _pool() -> list[tuple[str, int]]:
    """Sentences of 6-13 words, made once: drawing per word costs half the seed."""
    rng, pool = random.Random(POOL_SEED), []
    for _ in range(POOL_SIZE):
        chunk = words(rng, rng.randint(6, 13))
        pool.append((" ".join([chunk[0].capitalize(), *chunk[1:]]) + ".", len(chunk)))
    return pool


def _picked(rng: random.Random, n: int) -> list[str]:
    """Return whole sentences from the pool, n to n + 12 words in all."""
    pool, out, count = _pool(), [], 0
    while count < n:
        sentence, length = rng.choice(pool)
        out.append(sentence)
        count += length
    return out


def sentences(rng: random.Random, n: int) -> str:
    """Return n to n + 12 words as whole sentences."""
    return " ".join(_picked(rng, n))


def clipped(text: str, limit: int) -> str:
    """Cut text at a word boundary so it fits a column of `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit - 1)].rstrip(".,") + "."


def title(rng: random.Random) -> str:
    """Return a plausible submission title."""
    extra = " ".join(words(rng, rng.randint(0, 3)))
    return clipped(
        f"{rng.choice(TITLE_HEADS)} {rng.choice(TITLE_TAILS)} {extra}".strip(), 160
    ).rstrip(".")


def markdown(rng: random.Random, lo: int, hi: int) -> tuple[str, str]:
    """Return (Markdown, HTML) of about lo-hi words in one to three paragraphs.

    The HTML is built directly: running Markdown and nh3 over 10^5 rows would
    cost more than the whole insert, and these texts hold no markup.
    """
    picked = _picked(rng, rng.randint(lo, max(lo, hi - 12)))
    k = min(len(picked), rng.randint(1, 3))
    cuts = [0, *sorted(rng.sample(range(1, len(picked)), k - 1)), len(picked)]
    paras = [" ".join(picked[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    html = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    return "\n\n".join(paras), html
