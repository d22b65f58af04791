"""Write, save, see: a real browser beside a real ``plnpress serve``, never navigated by hand."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser import chromium
from tests.serve.support import BLOG_FILES, HELLO, ServeProcess

WAIT_MS = 10_000
CSP = "script-src 'self'"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _with_csp(route: Route) -> None:
    """Serve pages with the policy the theme targets: no inline code, scripts from the site."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": CSP}
    route.fulfill(response=response, headers=headers)


def _open(browser: Browser, url: str, violations: list[str] | None = None) -> Page:
    """Open ``url`` under the CSP; messages about the policy go to ``violations``."""
    page = browser.new_page()
    if violations is not None:
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
    page.route("**/*", _with_csp)
    page.goto(url)
    # The reload script is listening once its event stream is open.
    expect(page.locator("html")).to_have_attribute(
        "data-plnpress-live", "connected", timeout=WAIT_MS
    )
    return page


def test_saved_text_error_page_and_fix_show_up_without_navigating(
    make_site: Callable[..., Path],
    serve_process: Callable[..., ServeProcess],
    browser: Browser,
) -> None:
    root = make_site(BLOG_FILES)
    running = serve_process(root)
    violations: list[str] = []
    page = _open(browser, running.url + "2024/05/hello/", violations)
    article = page.locator("main")
    expect(article).to_contain_text("Original words.")
    post = root / HELLO
    original = post.read_text(encoding="utf-8")

    post.write_text(original.replace("Original words.", "Freshly saved words."), "utf-8")
    expect(article).to_contain_text("Freshly saved words.", timeout=WAIT_MS)

    post.write_text(original.replace("title: Hello", 'title: "Hello'), encoding="utf-8")
    problem = page.locator(".problems li").first
    expect(problem).to_have_text(re.compile(rf"^{re.escape(HELLO)}:\d+: "), timeout=WAIT_MS)
    expect(page.locator("h1")).to_contain_text("Build failed")

    post.write_text(original, encoding="utf-8")
    expect(article).to_contain_text("Original words.", timeout=WAIT_MS)
    expect(page.locator("h1")).to_contain_text("Hello")
    page.close()
    assert violations == []

    code, _, err = running.interrupt()
    assert code == 0
    assert "Traceback" not in err


def test_a_page_that_a_save_does_not_touch_is_left_alone(
    make_site: Callable[..., Path],
    serve_process: Callable[..., ServeProcess],
    browser: Browser,
) -> None:
    root = make_site(BLOG_FILES)
    running = serve_process(root)
    other = _open(browser, running.url + "2024/05/first/")
    other.evaluate("window.plnpressTestMarker = 'still the same page'")
    hello = _open(browser, running.url + "2024/05/hello/")

    post = root / HELLO
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("A second paragraph.", "Edited."), encoding="utf-8")
    expect(hello.locator("main")).to_contain_text("Edited.", timeout=WAIT_MS)
    # The save is built and the edited page has reloaded; the other one never did.
    assert other.evaluate("window.plnpressTestMarker") == "still the same page"
    running.interrupt()
