"""The demo dataset: members, areas, accounts and two years of realistic activity."""

from __future__ import annotations

from .base import db
from .funding import Contribution
from .organisation import Area, Organisation, OrgKind
from .submission import TargetGroup
from .user import DEMO_PASSWORD, Role, User

MEMBERS = [
    ("arboga", "Arboga kommun", OrgKind.MUNICIPALITY),
    ("fagersta", "Fagersta kommun", OrgKind.MUNICIPALITY),
    ("hallstahammar", "Hallstahammars kommun", OrgKind.MUNICIPALITY),
    ("kungsor", "Kungsörs kommun", OrgKind.MUNICIPALITY),
    ("koping", "Köpings kommun", OrgKind.MUNICIPALITY),
    ("norberg", "Norbergs kommun", OrgKind.MUNICIPALITY),
    ("sala", "Sala kommun", OrgKind.MUNICIPALITY),
    ("skinnskatteberg", "Skinnskattebergs kommun", OrgKind.MUNICIPALITY),
    ("surahammar", "Surahammars kommun", OrgKind.MUNICIPALITY),
    ("vasteras", "Västerås stad", OrgKind.MUNICIPALITY),
    ("region-vastmanland", "Region Västmanland", OrgKind.REGION),
    ("arbetsformedlingen", "Arbetsförmedlingen", OrgKind.STATE_AGENCY),
    ("forsakringskassan", "Försäkringskassan", OrgKind.STATE_AGENCY),
    ("kansli", "Länssamordningsförbundet Västmanland", OrgKind.OFFICE),
]
AREAS = [
    ("vastra-malardalen", "Västra Mälardalen", ["arboga", "koping", "kungsor"]),
    (
        "norra-vastmanland",
        "Norra Västmanland",
        ["fagersta", "norberg", "skinnskatteberg"],
    ),
    ("vasteras", "Västerås", ["vasteras"]),
]
ACCOUNTS = [
    ("admin@samnod.test", "Alva Admin", Role.ADMIN, "kansli"),
    ("kansli@samnod.test", "Karin Kansli", Role.CENTRAL, "kansli"),
    ("koping@samnod.test", "Kim Köping", Role.COORDINATOR, "koping"),
    ("fagersta@samnod.test", "Fredrik Fagersta", Role.COORDINATOR, "fagersta"),
    ("vasteras@samnod.test", "Vera Västerås", Role.COORDINATOR, "vasteras"),
    ("praktiker@samnod.test", "Per Praktiker", Role.PRACTITIONER, "region-vastmanland"),
]
TARGET_GROUPS = [
    ("unga-16-29", "Unga 16–29 år"),
    ("langtidssjukskrivna", "Långtidssjukskrivna"),
    ("forsorjningsstod", "Personer med försörjningsstöd"),
    ("nyanlanda", "Nyanlända"),
    ("funktionsnedsattning", "Personer med funktionsnedsättning"),
    ("psykisk-ohalsa", "Personer med psykisk ohälsa"),
    ("missbruk", "Personer med missbruk eller beroende"),
    ("langt-fran-arbetsmarknaden", "Personer långt från arbetsmarknaden"),
]
# Annual contributions in SEK. Köping's figure comes from the founding documents;
# the others are in proportion to population, the state and region paying halves.
CONTRIBUTIONS = {
    "arboga": 300_000,
    "fagersta": 260_000,
    "hallstahammar": 340_000,
    "kungsor": 190_000,
    "koping": 375_000,
    "norberg": 130_000,
    "sala": 480_000,
    "skinnskatteberg": 100_000,
    "surahammar": 220_000,
    "vasteras": 3_050_000,
    "region-vastmanland": 5_445_000,
    "arbetsformedlingen": 5_445_000,
    "forsakringskassan": 5_445_000,
}


def _get_or_create(model, lookup: dict, **values):
    obj = db.session.scalar(db.select(model).filter_by(**lookup))
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
    return obj


def seed_structure() -> dict[str, Organisation]:
    """Create the members, the office, the areas and the managed lists."""
    orgs = {
        slug: _get_or_create(Organisation, {"slug": slug}, name=name, kind=kind)
        for slug, name, kind in MEMBERS
    }
    for slug, name, members in AREAS:
        area = _get_or_create(Area, {"slug": slug}, name=name)
        area.members = [orgs[m] for m in members]
    for slug, name in TARGET_GROUPS:
        _get_or_create(TargetGroup, {"slug": slug}, name=name)
    db.session.flush()
    return orgs


def seed_accounts(orgs: dict[str, Organisation]) -> dict[str, User]:
    """Create the six demo accounts with the demo password (only here)."""
    users = {}
    for email, name, role, org in ACCOUNTS:
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role, organisation=orgs[org])
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        users[email] = user
    db.session.flush()
    return users


def seed_contributions(orgs: dict[str, Organisation], years: list[int]) -> None:
    """Record each member's annual contribution for the given years."""
    for slug, amount in CONTRIBUTIONS.items():
        for year in years:
            _get_or_create(
                Contribution,
                {"organisation_id": orgs[slug].id, "year": year},
                amount=amount,
            )


ANSWER_TEMPLATES = [
    (
        "Komplettering: målgrupp och omfattning",
        "Tack för ert inskick! Kan ni beskriva målgruppen närmare och ungefär hur "
        "många personer det gäller per år? Skriv aldrig uppgifter om enskilda.",
    ),
    (
        "Komplettering: parter och finansiering",
        "Vilka fler medlemsparter står bakom, och hur fördelas kostnaderna mellan "
        "er? Samverkansmedel kräver att minst två parter ser behovet.",
    ),
    (
        "Avslag: ligger utanför förbundets uppdrag",
        "Förbundet kan inte gå vidare med detta eftersom det inte gäller samordnad "
        "arbetslivsinriktad rehabilitering för personer 16–64 år.",
    ),
    (
        "Avslag: finns redan i länet",
        "Ett liknande arbete pågår redan i länet. Vi kopplar ihop er med dem och "
        "sprider erfarenheterna i stället för att starta nytt.",
    ),
]


def seed_answer_templates() -> None:
    """Create the office's standard messages."""
    from .triage import AnswerTemplate

    for name, text in ANSWER_TEMPLATES:
        _get_or_create(AnswerTemplate, {"name": name}, text=text)


def seed_demo() -> int:
    """Seed everything; running it again adds nothing. Returns new submissions."""
    from .base import utcnow
    from .demo_activity import seed_activity
    from .read.counts import recount

    orgs = seed_structure()
    users = seed_accounts(orgs)
    this_year = utcnow().year
    seed_contributions(orgs, [this_year - 2, this_year - 1, this_year])
    seed_answer_templates()
    created = seed_activity(orgs, users)
    if created:  # its rows are built directly, not through the rules' events
        recount()
    return created
