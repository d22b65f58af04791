"""In Chromium: a page with photos does not move while its photos load slowly, and the browser
takes the smaller WebP copy the page offers."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser import chromium
from tests.conftest import MakeSite, build_blog
from tests.images.test_photo_build import photo_blog
from tests.theme.theme_support import serve

pytestmark = pytest.mark.browser

DELAY = 1.5
"""Seconds each picture takes to arrive: far longer than the page's text."""

WATCH_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("page_path", ["2025/06/lake/", "2025/06/portrait/"])
def test_nothing_moves_while_the_photos_load_slowly(make_site: MakeSite, page_path: str) -> None:
    site = build_blog(photo_blog(make_site)).output_dir
    with serve(site, picture_delay=DELAY) as origin, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(WATCH_SHIFTS)
        started = time.monotonic()
        page.goto(f"{origin}/{page_path}", wait_until="domcontentloaded")
        first = page.locator("main img:not(.u-photo)").first
        first.wait_for()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=first.element_handle()
        )
        assert time.monotonic() - started >= DELAY  # the photo really came late
        page.wait_for_timeout(300)
        shifts = page.evaluate("window.layoutShifts")
        chosen = first.evaluate("(img) => img.currentSrc")
        box = first.bounding_box()
        browser.close()
    assert sum(shifts) == 0, shifts
    copy = re.search(r"-([0-9]+)w\.webp\Z", chosen)  # a WebP copy, not the original
    assert copy is not None and 480 < int(copy.group(1)) <= 960, chosen  # a 672 px column
    assert box is not None and box["width"] <= 672
