"""``plnpress serve`` keeps the search index current: made in a thread of its own after each
save, then published without reloading anyone's page."""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.conftest import BASIC_CONFIG
from tests.serve.conftest import StartServer
from tests.serve.support import BLOG_FILES, HELLO

pytestmark = pytest.mark.browser


def found(url: str, word: str) -> list[str]:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{url}search/?q={word}")
        page.locator(".search-status", has_text="for “").wait_for()
        return page.locator(".search-title").all_inner_texts()


def test_serve_indexes_again_after_a_save(start_server: StartServer) -> None:
    served = start_server({**BLOG_FILES, "plnpress.yaml": BASIC_CONFIG + "search: true\n"})
    assert served.first.result is not None and served.first.result.index_later is not None
    published = served.next_outcome(timeout=60)  # the index, made meanwhile, is published
    assert published.result is not None and published.change is None  # no page reloads
    assert (served.output / "pagefind/pagefind.js").is_file()
    assert found(served.url, "zeppelin") == []

    saved = served.edit(HELLO, "Original words.", "Original words about a zeppelin.")
    assert saved.change is not None and saved.result is not None
    assert saved.result.index_later is not None  # the page is there at once, its index later
    again = served.next_outcome(timeout=60)
    assert again.change is None
    assert found(served.url, "zeppelin") == ["Hello"]
