"""The privacy guard finds personal identity numbers in every way they are written."""

from __future__ import annotations

from datetime import date

import flask
import flask_babel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wtforms import Form, TextAreaField

from blueprints.validators import NoPersonalNumber
from models.privacy import (
    Finding,
    PersonalNumberFound,
    find_personal_numbers,
    guard_text,
)

WIDE = "\uff03"  # a fullwidth digit goes here; "#" is an ASCII digit
# How a number can be written: "#" is a digit of the 10- or 12-digit form.
TEMPLATES = (
    "##########",  # YYMMDDNNNC, the ambiguous form
    "######-####",  # YYMMDD-NNNC
    "######+####",  # YYMMDD+NNNC, a hundred years or older
    "############",  # YYYYMMDDNNNC
    "########-####",  # YYYYMMDD-NNNC
    "######\u2013####",  # en dash
    "######\u2014####",  # em dash
    "######\u2011####",  # non-breaking hyphen
    "######\u2010####",  # hyphen
    "######\u2012####",  # figure dash
    "######\u2212####",  # minus sign
    "########\u2013####",  # YYYYMMDD–NNNC
    "########\u2212####",  # YYYYMMDD−NNNC
    "###### ####",  # YYMMDD NNNC
    "######\u00a0####",  # no-break space
    "######\u2009####",  # thin space
    "######\u202f####",  # narrow no-break space
    "###### - ####",  # YYMMDD - NNNC
    "######\u00a0\u2013\u00a0####",  # typeset dash between no-break spaces
    "######## ####",  # YYYYMMDD NNNC
    "#### ####-####",  # YYYY MMDD-NNNC
    "####\u00a0####\u2011####",  # YYYY MMDD‑NNNC with no-break characters
    "## ## ##-####",  # YY MM DD-NNNC
    "## ### ###-####",  # CC YYM MDD-NNNC, as in "19 850 101-1234"
    "## ######-####",  # CC YYMMDD-NNNC
    "######\u200b-####",  # a zero-width space before the dash
    "#####\u00ad#####",  # a soft hyphen inside the plain form
    WIDE * 6 + "\uff0d" + WIDE * 4,  # fullwidth digits and hyphen
)
FORMATS = len(TEMPLATES)
INVISIBLE = "\u200b\u00ad"

SENTENCES = (
    "Vi träffades på Arbetsförmedlingen i Köping för att diskutera samverkan.",
    "Region Västmanland och Försäkringskassan har tagit fram ett nytt arbetssätt.",
    "Målgruppen är unga vuxna som står långt från arbetsmarknaden.",
    "Handläggaren skrev: ”Deltagaren önskar stöd med ansökan”.",
    "Metoden bygger på lösningsfokus – och på IPS i Fagersta, Sala och Norberg.",
    "Åtgärden följs upp av förbundskansliet; år efter år, kvartal för kvartal!",
)
BEFORE = ("", " ", "(", "«", "”", ":", "pnr ", "nr:", "\u00a0", "\n", "–", "/", "#")
AFTER = ("", ".", ",", ")", "!", "?", ";", "»", "”", ":", " ", "\n", "-", ":s")
PROPERTY = settings(max_examples=40, database=None, deadline=None)

NORMAL = (
    "Summary contains what looks like a personal identity number or coordination "
    "number. Samnod is for structural collaboration only: never write information "
    "about individuals."
)
AMBIGUOUS = (
    "Summary contains a ten-digit number that is also a valid personal identity "
    "number. If it is a phone number, write it with spaces or a dash after the "
    "area code (070-123 45 67)."
)


def check_digit(nine: str) -> str:
    """Return the Luhn check digit, written independently of the code under test."""
    doubled = [int(d) * 2 if i % 2 == 0 else int(d) for i, d in enumerate(nine)]
    return str(-sum(sum(divmod(n, 10)) for n in doubled) % 10)


def fill(template: str, digits: str) -> str:
    """Put the digits in the template's digit slots, in order."""
    it = iter(digits)
    slot = {"#": lambda: next(it), WIDE: lambda: chr(0xFF10 + int(next(it)))}
    return "".join(slot[c]() if c in slot else c for c in template)


def write(template: str, ten: str, century: str) -> str:
    """Fill a template with the 10-digit number, or the 12-digit one if it asks."""
    slots = template.count("#") + template.count(WIDE)
    return fill(template, century + ten if slots == 12 else ten)


def is_ambiguous(template: str) -> bool:
    """Return whether the written form is ten digits and nothing else."""
    return template.translate(dict.fromkeys(map(ord, INVISIBLE))) == "#" * 10


@st.composite
def numbers(draw: st.DrawFn, valid: bool = True) -> tuple[str, str, str]:
    """Draw (ten digits, century, kind) for someone born 1900–2025."""
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    coordination = draw(st.booleans())
    day = born.day + 60 if coordination else born.day
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    check = int(check_digit(nine))
    if not valid:
        check = (check + draw(st.integers(1, 9))) % 10
    kind = "samordningsnummer" if coordination else "personnummer"
    return nine + str(check), str(born.year // 100), kind


@st.composite
def organisation_numbers(draw: st.DrawFn) -> str:
    """Draw a ten-digit organisation number: its month digits are 20 or more."""
    nine = f"{draw(st.integers(0, 99)):02d}{draw(st.integers(20, 99)):02d}"
    nine += f"{draw(st.integers(0, 99_999)):05d}"
    return nine + check_digit(nine)


@st.composite
def in_swedish_text(draw: st.DrawFn, number: str) -> str:
    """Put the number at a random place in Swedish prose, punctuation around it."""
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), max_size=3)))
    at = draw(st.integers(0, len(text)))
    before, after = draw(st.sampled_from(BEFORE)), draw(st.sampled_from(AFTER))
    return text[:at] + before + number + after + text[at:]


@pytest.mark.parametrize("template", TEMPLATES)
@PROPERTY
@given(data=st.data())
def test_every_format_is_caught(template: str, data: st.DataObject) -> None:
    ten, century, kind = data.draw(numbers())
    written = write(template, ten, century)
    text = data.draw(in_swedish_text(written))
    [finding] = find_personal_numbers(text)
    assert finding.kind == kind
    assert finding.matched == written
    assert finding.ambiguous is is_ambiguous(template)


@PROPERTY
@given(data=st.data())
def test_several_numbers_are_all_found(data: st.DataObject) -> None:
    drawn = data.draw(
        st.lists(
            st.tuples(numbers(), st.sampled_from(TEMPLATES)), min_size=1, max_size=4
        )
    )
    written = [write(template, ten, c) for (ten, c, _), template in drawn]
    findings = find_personal_numbers(" och ".join(written))
    assert [f.matched for f in findings] == written
    assert [f.kind for f in findings] == [kind for (*_, kind), _ in drawn]


@pytest.mark.parametrize("template", TEMPLATES)
@PROPERTY
@given(data=st.data())
def test_a_wrong_check_digit_is_never_caught(
    template: str, data: st.DataObject
) -> None:
    ten, century, _ = data.draw(numbers(valid=False))
    text = data.draw(in_swedish_text(write(template, ten, century)))
    assert find_personal_numbers(text) == []


@pytest.mark.parametrize("template", TEMPLATES)
@PROPERTY
@given(number=organisation_numbers())
def test_organisation_numbers_are_never_caught(template: str, number: str) -> None:
    assert find_personal_numbers(write(template, number, "16")) == []


def _grouped(amount: int, space: str) -> str:
    """Write an amount with a space between thousands, as Swedish does."""
    return f"{amount:,}".replace(",", space)


# Phone numbers as Swedes write them, and a postcode; "#" is any digit.
WRITTEN_WITH_GROUPS = ("07#-### ## ##", "+46 7# ### ## ##", "0##-## ## ##")
WRITTEN_WITH_GROUPS += ("0###-## ## ##", "08-### ### ##", "0##-### ## ##")
WRITTEN_WITH_GROUPS += ("### ## Västerås",)
HARMLESS = st.one_of(
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda d: f"{d:%Y-%m-%d %H:%M}"),
    st.builds(_grouped, st.integers(0, 10**13), st.sampled_from(" \u00a0\u202f")),
    st.builds(
        fill,
        st.sampled_from(WRITTEN_WITH_GROUPS),
        st.text("0123456789", min_size=10, max_size=10),
    ),
)


@PROPERTY
@given(parts=st.lists(HARMLESS, min_size=1, max_size=6))
def test_dates_amounts_postcodes_and_phone_numbers_pass(parts: list[str]) -> None:
    assert find_personal_numbers("Vi ses " + ", ".join(parts) + ".") == []


@pytest.mark.parametrize(
    "text",
    [
        "Västerås stad, 212000-2080, och Region Västmanland, 232100-0172.",
        "Möte 2024-01-15 kl. 13.00, 2025-02-28 och 2024-02-29.",
        "Köping betalar 375 000 kr om året; potten är 1 250 000 kr.",
        "Skicka till Box 123, 721 87 Västerås.",
        "Ring 021-39 10 00, 070-123 45 67 eller +46 70 123 45 67.",
        "Ring 070 123 45 67 eller 070 1234567 eller 070-1234567.",
        "Ring +46701234569 eller 0046701234569.",
        "Kontonummer 12345678112189876 och 811218987612345.",
        "IBAN SE45 5000 0081 1218 9876 0000 och SE4550000081121898760000.",
        "Ärende 811218-9875 har fel kontrollsiffra.",
        "Datum 811318-9875 finns inte, inte heller 810230-9872.",
        "",
    ],
)
def test_known_harmless_text_passes(text: str) -> None:
    assert find_personal_numbers(text) == []
    guard_text("Summary", text)


@pytest.mark.parametrize(
    ("text", "kind", "matched", "ambiguous"),
    [
        ("Deltagaren 811218-9876 kom.", "personnummer", "811218-9876", False),
        ("född 19811218-9876.", "personnummer", "19811218-9876", False),
        ("(19 811 218-9876)", "personnummer", "19 811 218-9876", False),
        ("Samordningsnr 811278-9873", "samordningsnummer", "811278-9873", False),
        ("ring 0701234569", "personnummer", "0701234569", True),
        ("pnr8112189876x", "personnummer", "8112189876", True),
        ("Skottdag 000229-1235", "personnummer", "000229-1235", False),
        ("Skottdag 20000229-1235", "personnummer", "20000229-1235", False),
        ("Skottdag 19840229-1234", "personnummer", "19840229-1234", False),
    ],
)
def test_known_numbers_are_caught(
    text: str, kind: str, matched: str, ambiguous: bool
) -> None:
    assert find_personal_numbers(text) == [Finding(kind, matched, ambiguous)]


@pytest.mark.parametrize("text", ["19000229-1235", "19850229-1233", "010229-1234"])
def test_the_29th_of_february_outside_leap_years_passes(text: str) -> None:
    assert find_personal_numbers(text) == []


def test_a_long_text_is_scanned_to_the_end() -> None:
    filler = " ".join(SENTENCES) * 200
    text = "811218-9876 " + filler[:50_000] + " 811278-9873"
    assert len(text) > 50_000
    assert [f.kind for f in find_personal_numbers(text)] == [
        "personnummer",
        "samordningsnummer",
    ]


@pytest.fixture
def babel_app() -> flask.Flask:
    """A bare Flask app with Flask-Babel, enough to translate messages."""
    app = flask.Flask(__name__)
    flask_babel.Babel(app)
    return app


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Born 811218-9876", NORMAL),
        ("Coordination 811278-9873", NORMAL),
        ("Year 19811218-9876", NORMAL),
        ("Call 0701234569", AMBIGUOUS),
    ],
)
def test_the_message_says_what_to_do(
    babel_app: flask.Flask, text: str, message: str
) -> None:
    with pytest.raises(PersonalNumberFound) as caught:
        guard_text("Summary", text)
    assert caught.value.field_label == "Summary"
    with babel_app.test_request_context():
        assert caught.value.message == message


def test_the_suggested_phone_format_passes_the_guard() -> None:
    assert "(070-123 45 67)" in AMBIGUOUS
    guard_text("Summary", "Ring 070-123 45 67")


def test_str_works_outside_a_request_and_none_passes() -> None:
    with pytest.raises(PersonalNumberFound) as caught:
        guard_text("Summary", "811218-9876")
    assert str(caught.value) == NORMAL
    assert caught.value.finding.matched == "811218-9876"
    guard_text("Summary", None)


class _SummaryForm(Form):
    summary = TextAreaField("Summary", validators=[NoPersonalNumber()])


@pytest.mark.parametrize(
    ("text", "error"), [("Ring 0701234569", AMBIGUOUS), ("Nr 811218-9876", NORMAL)]
)
def test_the_validator_puts_the_message_at_the_field(
    babel_app: flask.Flask, text: str, error: str
) -> None:
    with babel_app.test_request_context():
        form = _SummaryForm(data={"summary": text})
        assert not form.validate()
    assert form.summary.errors == [error]
    assert form.summary.data == text


def test_the_validator_lets_clean_text_through(babel_app: flask.Flask) -> None:
    with babel_app.test_request_context():
        assert _SummaryForm(data={"summary": "Ring 070-123 45 67"}).validate()
