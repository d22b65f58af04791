"""In Chromium, under the Content-Security-Policy the site ships: search finds a post by a word
in it, and never a draft or a post not yet published; at the site's root and under a sub-path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import chromium
from tests.conftest import REPO
from tests.theme.theme_support import build_pinned, serve

pytestmark = pytest.mark.browser

NOTEBOOK = "A plain-text notebook for a working teacher"
"""The one post of the example blog with the word "seedlings"."""


@pytest.fixture(scope="module")
def example_blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    blog = tmp_path_factory.mktemp("search") / "blog"
    blog.mkdir()
    shutil.copy(REPO / "plnpress.yaml", blog / "plnpress.yaml")
    shutil.copytree(REPO / "content", blog / "content")
    return blog


@pytest.fixture(scope="module", params=["/", "/blog/"], ids=["root", "sub-path"])
def search_page(example_blog: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The search page's address, the example blog built for and served under the prefix."""
    prefix: str = request.param
    output = example_blog.parent / f"site-{prefix.strip('/') or 'root'}"
    build_pinned(example_blog, output, base_url=f"https://fieldnotes.example.org{prefix}")
    with serve(output, prefix) as origin:
        yield f"{origin}{prefix}search/"


def results(page: Page) -> list[str]:
    return page.locator(".search-results .search-title").all_inner_texts()


def test_a_word_from_one_post_finds_that_post_first(search_page: str) -> None:
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(search_page)
        page.locator("#search-query").press_sequentially("seedlings", delay=20)
        # Pagefind fetches and starts its WebAssembly first: slow on a loaded machine.
        expect(page.locator(".search-status")).to_contain_text(
            "found for “seedlings”", timeout=15_000
        )
        assert results(page)[0] == NOTEBOOK
        first = page.locator(".search-result").first
        expect(first.locator(".search-date")).to_have_text("14 March 2025")
        expect(first.locator(".search-excerpt mark").first).to_contain_text("seedling")
        first.locator("a").click()
        page.wait_for_url("**/2025/03/a-plain-text-notebook/")
        assert page.url.endswith("/2025/03/a-plain-text-notebook/")
        assert search_page.removesuffix("search/") in page.url
        assert errors == []


@pytest.mark.parametrize(
    "word",
    ["criteria", "eavesdrop"],
    ids=["only-in-a-draft", "only-in-a-post-dated-in-the-future"],
)
def test_a_word_only_in_an_unpublished_post_finds_nothing(search_page: str, word: str) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{search_page}?q={word}")
        # Pagefind fetches and starts its WebAssembly first: slow on a loaded machine.
        expect(page.locator(".search-status")).to_have_text(
            f"Nothing found for “{word}”.", timeout=15_000
        )
        assert results(page) == []


def test_the_header_box_on_a_wide_screen_leads_to_the_results(search_page: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(search_page.removesuffix("search/"))
        box = page.locator(".site-search input[type=search]")
        expect(box).to_be_visible()
        box.fill("seedlings")
        box.press("Enter")
        # Pagefind fetches and starts its WebAssembly first: slow on a loaded machine.
        expect(page.locator(".search-status")).to_contain_text(
            "found for “seedlings”", timeout=15_000
        )
        assert results(page)[0] == NOTEBOOK
        phone = browser.new_page(viewport={"width": 375, "height": 700})
        phone.goto(search_page.removesuffix("search/"))
        expect(phone.locator(".site-search")).to_be_hidden()
        phone.locator(".site-menu-button").click()
        expect(phone.locator(".site-nav a", has_text="Search")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_are_readable_in_both_colour_modes(search_page: str, scheme: str) -> None:
    with chromium() as browser:
        page = browser.new_page(color_scheme=scheme)  # type: ignore[arg-type]
        page.goto(f"{search_page}?q=seedlings")
        mark = page.locator(".search-excerpt mark").first
        expect(mark).to_be_visible()
        colours = mark.evaluate(
            "(m) => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor,"
            " getComputedStyle(document.body).backgroundColor]"
        )
        text, mark_background, page_background = (brightness(c) for c in colours)
        assert (page_background > 128) == (scheme == "light"), colours
        assert abs(text - mark_background) > 100, colours  # the match stands out, readable


def brightness(colour: str) -> float:
    """0 (black) to 255 (white), from ``rgb(r, g, b)``."""
    red, green, blue = (float(part) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue
