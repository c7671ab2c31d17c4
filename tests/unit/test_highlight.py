"""Highlighted search results: only <mark> is ever added to the user's text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from models.read.fulltext import highlight, words
from tests.unit.test_rendering import CORPUS, OWN_VECTORS


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(f"<{tag} {attrs}>" if attrs else tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append(f"<{tag}/>")

    def handle_comment(self, data) -> None:
        self.tags.append("comment")


def tags(markup: str) -> set[str]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return set(parser.tags)


@pytest.mark.parametrize("payload", CORPUS + list(OWN_VECTORS))
def test_a_hostile_text_gets_nothing_but_marks(payload: str) -> None:
    for word in words(payload)[:3] or ["x"]:
        marked = highlight(word, payload, [payload, ""])
        assert tags(marked.title) <= {"mark"}, word
        assert tags(marked.snippet) <= {"mark"}, word
        shown = html.unescape(re.sub("</?mark>", "", str(marked.title)))
        assert shown == payload  # the title is shown as typed, only marked


def test_a_word_marks_its_compounds_and_keeps_letters_distinct() -> None:
    marked = highlight(
        "arbetsträning hälsa",
        "Hälsa & arbetsträning",
        ["Om halsa.", "Vi har arbetsträningsplatserna & mer."],
    )
    assert marked.title == "<mark>Hälsa</mark> &amp; <mark>arbetsträning</mark>"
    assert marked.snippet == "Vi har <mark>arbetsträningsplatserna</mark> &amp; mer."


def test_a_long_passage_is_cut_around_the_first_match() -> None:
    text = " ".join(f"ord{n}" for n in range(100)) + " samverkan " + "slut " * 50
    snippet = str(highlight("samverkan", "Titel", [text]).snippet)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>samverkan</mark>" in snippet
    assert len(snippet.split()) < 40


def test_forms_and_compound_ends_are_marked_as_the_search_finds_them() -> None:
    marked = highlight(
        "kvinnor träning",
        "En kvinna och yrkeskvinnorna",
        ["Om hälsa.", "Arbetsträningen och träningsskolan, inte tränare."],
    )
    assert marked.title == ("En <mark>kvinna</mark> och <mark>yrkeskvinnorna</mark>")
    assert marked.snippet == (
        "<mark>Arbetsträningen</mark> och <mark>träningsskolan</mark>, inte tränare."
    )
    # a short stem only at a word's start: "ung" is not marked in "Kungsör"
    assert (
        highlight("unga", "Unga i Kungsör", []).title == "<mark>Unga</mark> i Kungsör"
    )
