"""Headless Chromium over the built sites, served on 127.0.0.1 with the shipped CSP header.

Phone and desktop widths: no horizontal scrolling, no console errors (a CSP violation is one), no
request leaving 127.0.0.1. Screenshots go to ``test-artifacts/theme/`` in the checkout. (Every page
kind of the example blog, light and dark, is in test_theme_look.py.)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
)

from tests.browser import chromium
from tests.theme.theme_support import REPO, BuiltSite, serve

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts" / "theme"
WIDTHS = (320, 375, 1280)
SCREENSHOT_WIDTHS = {375, 1280}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@dataclass
class Visit:
    """What happened while a page loaded."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


class Tab:
    """One browser page, reused for several addresses (much faster than a new page each)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.visit = Visit()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.visit.errors.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.route("**/*", self._guard)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.visit.errors.append(f"console {message.type}: {message.text}")

    def _failed(self, request: Request) -> None:
        # the next navigation cancels what is still loading (the favicon): not the page's fault
        if request.failure != "net::ERR_ABORTED":
            self.visit.errors.append(f"failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.visit.errors.append(f"HTTP {response.status}: {response.url}")

    def _guard(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # tests never reach beyond 127.0.0.0/8; the theme must not need to either
            self.visit.outside.append(route.request.url)
            route.abort()

    def open(self, url: str) -> Visit:
        self.visit = Visit()
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        return self.visit


def horizontal_overflow(page: Page) -> int:
    """How many pixels the document is wider than the viewport."""
    result: int = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return result


def check_pages(
    browser: Browser, origin: str, label: str, paths: dict[str, str], screenshots: bool = True
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = Tab(context.new_page())
        page = tab.page
        for name, path in paths.items():
            visit = tab.open(origin + path)
            where = f"{label} {name} at {width}px"
            problems += [f"{where}: {e}" for e in visit.errors]
            problems += [f"{where}: requested {u}" for u in visit.outside]
            overflow = horizontal_overflow(page)
            if overflow > 0:
                problems.append(f"{where}: scrolls sideways by {overflow}px")
            if screenshots and width in SCREENSHOT_WIDTHS:
                page.screenshot(path=str(ARTIFACTS / f"{label}-{name}-{width}.png"), full_page=True)
        context.close()
    assert not problems, "\n".join(problems)


def test_scratch_blog_fits_phones_and_desktops(browser: Browser, scratch_site: BuiltSite) -> None:
    pages = {
        "post-with-code-table-figure": "/2025/03/hello/",
        "hostile-title": "/2025/05/hostile/",
        "link": "/links/2025/webmention/",
        "tag": "/tags/indieweb/",
        "archive": "/archive/",
        "tags": "/tags/",
        "404": "/404.html",
    }
    with serve(scratch_site.output) as origin:
        check_pages(browser, origin, "scratch", pages, screenshots=False)


def expect_true(page: Page, expression: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def test_subpath_site_loads_everything_under_its_path(
    browser: Browser, subpath_site: BuiltSite
) -> None:
    with serve(subpath_site.output, prefix="/blog/") as origin:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        tab = Tab(context.new_page())
        page = tab.page
        for path in ("/blog/", "/blog/2025/03/hello/", "/blog/tags/"):
            visit = tab.open(origin + path)
            assert visit.errors == [] and visit.outside == [], (path, visit)
            color = page.evaluate("getComputedStyle(document.querySelector('.site-nav a')).color")
            assert color != "rgb(0, 0, 238)", "the stylesheet did not load"
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images
            # Polled from here: wait_for_function would evaluate strings inside the page, which
            # the site's CSP (no 'unsafe-eval') reports as a console error under load.
            expect_true(page, "[...document.images].every(i => i.complete)")
            images = page.evaluate(
                "[...document.images].map(i => [i.currentSrc, i.naturalWidth > 0])"
            )
            assert all(ok for _, ok in images), images
        context.close()


def test_csp_violations_would_be_caught(browser: Browser, tmp_path: Path) -> None:
    """The check above can fail: an inline style under the shipped CSP is a console error."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>x</title><p style="color: red">x</p>'
        "<style>p { color: blue; }</style></html>"
    )
    with serve(tmp_path) as origin:
        page = browser.new_page()
        visit = Tab(page).open(origin + "/")
        page.close()
    assert any("Content Security Policy" in e for e in visit.errors), visit.errors


def test_dark_mode_print_and_skip_link(browser: Browser, scratch_site: BuiltSite) -> None:
    body = "getComputedStyle(document.body).backgroundColor"
    code = "getComputedStyle(document.querySelector('.highlight .s2')).color"
    with serve(scratch_site.output) as origin:
        screen, printed = {}, {}
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme)
            tab = Tab(context.new_page())
            page = tab.page
            assert tab.open(origin + "/2025/03/hello/").errors == []
            screen[scheme] = (page.evaluate(body), page.evaluate(code))
            if scheme == "light":
                page.keyboard.press("Tab")
                focused = page.evaluate("document.activeElement.className")
                assert focused == "skip-link"
                top = page.evaluate("document.activeElement.getBoundingClientRect().top")
                assert top >= 0, "the focused skip link must be on screen"
            page.emulate_media(media="print")
            nav = page.evaluate("getComputedStyle(document.querySelector('.site-nav')).display")
            assert nav == "none"
            printed[scheme] = (page.evaluate(body), page.evaluate(code))
            context.close()
    assert screen["light"][0] == "rgb(251, 250, 246)"
    assert screen["dark"][0] == "rgb(23, 22, 20)"
    assert screen["light"][1] != screen["dark"][1]
    # paper is white whatever the screen's colour scheme, and code keeps its light colours
    assert printed["light"] == printed["dark"] == ("rgb(255, 255, 255)", screen["light"][1])
