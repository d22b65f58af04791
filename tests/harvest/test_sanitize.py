"""Hostile strings from source pages, case by case (cases/xss.md and cases/urls.md)."""

from __future__ import annotations

import re

import pytest

from plnpress.mentions.sanitize import clean_html, clean_text, clean_url, excerpt, text_as_html
from tests.harvest.casefiles import read_blocks

PAGE = "https://evil.example.net/post/1"
DANGER = re.compile(r"<script|<style|<iframe|<img|<svg|\son\w+\s*=|style=|javascript:|data:", re.I)


@pytest.mark.parametrize(("given", "expected"), read_blocks("xss.md"))
def test_content_is_reduced_to_the_allowlist(given: str, expected: str) -> None:
    cleaned = clean_html(given, PAGE)
    assert cleaned == expected
    assert not DANGER.search(cleaned)


@pytest.mark.parametrize(("given", "expected"), read_blocks("urls.md"))
def test_urls_are_http_or_https_or_nothing(given: str, expected: str) -> None:
    assert (clean_url(given, "https://jo.example.net/notes/1") or "(refused)") == expected


def test_cleaning_twice_changes_nothing() -> None:
    once = clean_html('<p>a <a href="/x" onclick="1">b</a><script>c</script></p>', PAGE)
    assert clean_html(once, PAGE) == once


def test_long_content_becomes_a_short_plain_excerpt() -> None:
    cleaned = clean_html("<p>" + "word " * 5000 + "</p><script>x</script>", PAGE)
    assert cleaned.startswith("<p>word word") and cleaned.endswith("…</p>")
    assert len(cleaned) < 1100


def test_text_loses_controls_and_direction_overrides() -> None:
    assert clean_text("Jo\u202e Okafor\x00\x07\n\n  the\tsecond") == "Jo Okafor the second"
    assert clean_text(["not", "text"]) == ""
    assert clean_text("x" * 500, 20) == "x" * 19 + "…"


def test_plain_text_content_is_escaped_into_paragraphs() -> None:
    assert (
        text_as_html("<b>hi</b> & bye\n\nsecond")
        == "<p>&lt;b&gt;hi&lt;/b&gt; &amp; bye</p><p>second</p>"
    )


def test_an_excerpt_marks_where_it_was_cut() -> None:
    text = " ".join(f"w{i}" for i in range(200))
    start = text.index("w100")
    cut = excerpt(text, start, start + 4, radius=30)
    assert cut.startswith("[…] ") and cut.endswith(" […]") and "w100" in cut
    assert excerpt("short LINK text", 6, 10) == "short LINK text"
