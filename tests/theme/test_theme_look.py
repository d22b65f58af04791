"""The default theme as a reader sees it: every page kind of the example blog in Chromium, at phone,
tablet and desktop widths, light and dark, served on 127.0.0.1 with the shipped CSP header.

Each page is screenshotted (the folder is printed; it is git-ignored) and must: load without console
errors or CSP violations, never scroll sideways, and put its h1 at the same height as every other
page kind. On /network/ no domain name breaks inside a label.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.browser import chromium
from tests.conftest import MakeSite
from tests.theme.test_theme_browser import Tab, horizontal_overflow
from tests.theme.theme_support import REPO, BuiltSite, build_site, serve

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "test-artifacts" / "theme" / "look"
WIDTHS = (320, 375, 768, 1280)
SCHEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
PAGE_KINDS = {
    "home": "/",
    "home-page-2": "/page/2/",
    "post-with-cover-and-table": "/2025/02/drawing-my-learning-network/",
    "post-with-tasks-and-code": "/2025/03/a-plain-text-notebook/",
    "post-with-responses": "/2025/12/a-year-in-the-open/",
    "reply": "/2025/05/what-a-free-textbook-costs/",
    "link": "/links/2025/webmention-on-the-indieweb-wiki/",
    "link-with-responses": "/links/2025/small-trusted-networks/",
    "links": "/links/",
    "tag": "/tags/indieweb/",
    "tags": "/tags/",
    "category": "/categories/essays/",
    "categories": "/categories/",
    "archive": "/archive/",
    "network": "/network/",
    "blogroll": "/blogroll/",
    "follow": "/follow/",
    "page": "/about/",
    "now": "/now/",
    "tombstone": "/2025/07/live-notes-from-the-summer-conference/",
    "404": "/404.html",
}

H1_TOP = "(() => { const h = document.querySelectorAll('main h1');"
H1_TOP += (
    " return h.length === 1 ? h[0].getBoundingClientRect().top + window.scrollY : -h.length; })()"
)

SPLIT_DOMAINS = """() => {
  const lines = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    rects.sort((a, b) => a.top - b.top);
    let count = 0, top = -Infinity;
    for (const r of rects) {  // a rect more than half a line below the last line starts a new one
      if (r.top > top + r.height / 2) { count += 1; top = r.top; }
    }
    return count;
  };
  const found = [];
  for (const domain of document.querySelectorAll('.sites .domain')) {
    const walker = document.createTreeWalker(domain, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.textContent.trim() && lines(node) > 1) found.push('label ' + node.textContent);
    }
    if (lines(domain) > 1) found.push('domain ' + domain.textContent);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_every_page_kind_at_every_width_light_and_dark(
    browser: Browser, example: BuiltSite, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in PAGE_KINDS.values():
        file = path.lstrip("/") if path.endswith(".html") else path.lstrip("/") + "index.html"
        assert (example.output / file).is_file(), f"the example blog has no {path}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with capsys.disabled():
        print(f"\nscreenshots of the example blog: {SCREENSHOTS}")
    problems: list[str] = []
    with serve(example.output) as origin:
        for scheme in SCHEMES:
            for width in WIDTHS:
                problems += _check_width(browser, origin, scheme, width)
    assert not problems, "\n".join(problems)


def _check_width(
    browser: Browser, origin: str, scheme: Literal["light", "dark"], width: int
) -> list[str]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    tab = Tab(context.new_page())
    page = tab.page
    problems: list[str] = []
    h1_tops: dict[str, float] = {}
    for name, path in PAGE_KINDS.items():
        where = f"{name} at {width}px ({scheme})"
        visit = tab.open(origin + path)
        page.evaluate("document.fonts.ready.then(() => true)")
        problems += [f"{where}: {e}" for e in visit.errors]
        problems += [f"{where}: requested {u}" for u in visit.outside]
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"{where}: scrolls sideways by {overflow}px")
        h1_tops[name] = page.evaluate(H1_TOP)
        if name == "network":
            problems += [f"{where}: {split} breaks across lines" for split in _split(page)]
        page.screenshot(path=str(SCREENSHOTS / f"{scheme}-{width}-{name}.png"), full_page=True)
    context.close()
    first = h1_tops["home"]
    problems += [
        f"h1 at {width}px ({scheme}): {name} has {-top:.0f} h1s in <main>"
        if top <= 0
        else f"h1 at {width}px ({scheme}): {name} at {top:.1f}px, home at {first:.1f}px"
        for name, top in h1_tops.items()
        if top <= 0 or abs(top - first) > 0.5
    ]
    return problems


def _split(page: Page) -> list[str]:
    found: list[str] = page.evaluate(SPLIT_DOMAINS)
    clipped = page.evaluate(
        "[...document.querySelectorAll('.sites')].some(t => t.scrollWidth > t.clientWidth + 1)"
    )
    return found + (["the sites table (clipped)"] if clipped else [])


LONG_DOMAIN = "teaching-and-learning-centre.university-of-somewhere.ac.uk"


def test_a_long_domain_breaks_only_between_labels(browser: Browser, make_site: MakeSite) -> None:
    """The check above can fail: a domain too long for a phone breaks after a dot, never inside
    a label, and the page still fits."""
    post = (
        f"---\ntitle: A long address\ndate: 2025-03-01\n---\nSee [this](https://{LONG_DOMAIN}/a).\n"
    )
    config = "title: Long\nbase_url: https://blog.example.org/\nauthor: {name: Ada}\n"
    files = {"plnpress.yaml": config, "content/posts/2025-03-01-long.md": post}
    site = build_site(make_site(files))
    with serve(site.output) as origin:
        context = browser.new_context(viewport={"width": 320, "height": 800})
        tab = Tab(context.new_page())
        visit = tab.open(origin + "/network/")
        found = tab.page.evaluate(SPLIT_DOMAINS)
        overflow = horizontal_overflow(tab.page)
        context.close()
    assert visit.errors == []
    assert found == [f"domain {LONG_DOMAIN}"]  # on two lines, split after a dot
    assert overflow == 0


def test_the_menu_is_a_button_on_phones_and_a_row_on_desktops(
    browser: Browser, example: BuiltSite
) -> None:
    visible = (
        "[...document.querySelectorAll('.site-nav a')].filter(a => a.checkVisibility()).length"
    )
    with serve(example.output) as origin:
        phone = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
        phone.goto(origin + "/archive/")
        assert phone.evaluate(visible) == 0
        phone.get_by_text("Menu", exact=True).click()
        assert phone.evaluate(visible) == len(phone.query_selector_all(".site-nav a")) > 5
        phone.get_by_role("link", name="Follow", exact=True).click()
        phone.wait_for_url("**/follow/")
        desktop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        desktop.goto(origin + "/archive/")
        assert not desktop.get_by_text("Menu", exact=True).is_visible()
        assert desktop.evaluate(visible) == len(desktop.query_selector_all(".site-nav a"))
        current = desktop.locator('.site-nav a[aria-current="page"]')
        assert current.inner_text() == "Archive"


def test_the_footer_feed_link_leads_to_the_follow_page(
    browser: Browser, example: BuiltSite
) -> None:
    with serve(example.output) as origin:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        tab = Tab(context.new_page())
        page = tab.page
        tab.open(origin + "/2025/03/a-plain-text-notebook/")
        page.locator(".site-footer").get_by_role("link", name="Follow this blog").click()
        page.wait_for_url(origin + "/follow/")
        text = page.locator("main").inner_text()
        for feed in ("feed.xml", "rss.xml", "feed.json", "tags/indieweb/feed.xml"):
            assert f"{example.base_url}{feed}" in text, feed
        assert page.locator(".copy-button").count() >= 4  # the site's own script ran
        channels = page.locator(".follow-channels")
        assert "@maren@social.example.net" in channels.inner_text()
        newsletter = channels.get_by_role("link", name="sign up for the newsletter")
        assert newsletter.get_attribute("href") == "https://newsletter.example.net/fieldnotes"
        assert tab.visit.errors == [] and tab.visit.outside == []
        context.close()


def test_share_on_mastodon_asks_for_the_readers_server_and_the_form_reads_at_body_size(
    browser: Browser, example: BuiltSite
) -> None:
    opened: list[str] = []

    def mastodon(route: Route) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>shared</title>")

    post = "/2025/03/a-plain-text-notebook/"
    with serve(example.output) as origin:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        context.route("https://mastodon.example/**", mastodon)
        tab = Tab(context.new_page())
        page = tab.page
        tab.open(origin + post)
        size = "(s) => getComputedStyle(document.querySelector(s)).fontSize"
        body = page.evaluate(size, "body")
        assert page.evaluate(size, ".respond p") == page.evaluate(size, "#respond-source") == body
        page.get_by_text("On Mastodon", exact=True).click()
        page.get_by_label("Your Mastodon server").fill("  @reader@Mastodon.example ")
        with context.expect_page() as popup:
            page.get_by_role("button", name="Share").click()
        popup.value.wait_for_load_state()
        assert tab.visit.errors == []
        tab.open(origin + post)  # the server is remembered for next time
        remembered = page.get_by_label("Your Mastodon server", exact=True).input_value()
        context.close()
    title = "A plain-text notebook that grows"
    assert len(opened) == 1
    assert opened[0].startswith("https://mastodon.example/share?text=")
    assert example.base_url + post.lstrip("/") in page_text_of(opened[0])
    assert title.split()[0] in page_text_of(opened[0])
    assert remembered == "mastodon.example"


def page_text_of(share_url: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(share_url).query)["text"][0]
