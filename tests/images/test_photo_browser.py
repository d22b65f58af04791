"""In Chromium: a page with photos does not move while its photos load slowly, and the browser
takes the smaller WebP copy the page offers."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium
from tests.conftest import MakeSite, build_blog
from tests.images.test_photo_build import photo_blog
from tests.theme.theme_support import CSP

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


class _SlowPictures(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = path.split("?", 1)[0]
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + route[len(self.prefix) :])

    def copyfile(self, source: Any, outputfile: Any) -> None:
        if self.path.split("?", 1)[0].endswith((".jpg", ".png", ".webp")):
            self.wfile.flush()
            time.sleep(DELAY)  # the headers went out; the bytes come late, as on a slow line
        shutil.copyfileobj(source, outputfile)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextlib.contextmanager
def slow_pictures(directory: Path, prefix: str = "/") -> Iterator[str]:
    handler = type("Handler", (_SlowPictures,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("page_path", ["2025/06/lake/", "2025/06/portrait/"])
def test_nothing_moves_while_the_photos_load_slowly(make_site: MakeSite, page_path: str) -> None:
    site = build_blog(photo_blog(make_site)).output_dir
    with slow_pictures(site) as origin, chromium() as browser:
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
