"""The title of a web page, for ``plnpress new link``, and the quick fetch every ``new`` makes:
fetched, then read in a reader process (`plnpress.fetch.parsing`) within the same time budget."""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, TypeVar

from plnpress.config import Config
from plnpress.fetch import parsing
from plnpress.fetch.client import fetch_sync
from plnpress.fetch.errors import FetchError
from plnpress.fetch.parsing import read_fetched_sync
from plnpress.fetch.policy import policy_for

parsing.preload(__name__)

R = TypeVar("R")

TITLE_TIMEOUT = 4.0
"""Seconds: a writer waits for this at the prompt."""


class _TitleParser(HTMLParser):
    """Collects ``og:title`` and ``<title>``; the first is usually the cleaner of the two."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.og_title: str | None = None
        self.title: str | None = None
        self._in_title = False
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("property") == "og:title" and values.get("content"):
            self.og_title = self.og_title or values["content"]
        elif tag == "title" and self.title is None:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.title = "".join(self._parts)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._parts.append(data)


def title_from_html(document: str) -> str | None:
    """The page's title as a reader sees it, whitespace collapsed, or None."""
    parser = _TitleParser()
    parser.feed(document)
    parser.close()
    for candidate in (parser.og_title, parser.title):
        if candidate:
            text = " ".join(html.unescape(candidate).split())
            if text:
                return text
    return None


def fetch_and_read(
    config: Config, url: str, read: Callable[..., R], *args: Any
) -> tuple[R | None, str]:
    """``read(text, final_url, *args)`` of the web page at ``url``, fetched quickly (a writer
    waits at the prompt) and read in a reader process within the same time budget; or None and
    why. Network trouble and pages beyond the reader's limits never raise."""
    policy = policy_for(
        config,
        connect_timeout=TITLE_TIMEOUT,
        read_timeout=TITLE_TIMEOUT,
        total_timeout=2 * TITLE_TIMEOUT,
    )
    try:
        response = fetch_sync(url, policy=policy)
        if response.status >= 400:
            return None, f"the server answered {response.status}"
        if not response.is_html:
            return None, "it is not an HTML page"
        text, final_url = response.text, response.final_url
        return read_fetched_sync(policy, response, read, text, final_url, *args), ""
    except FetchError as exc:
        return None, str(exc)


def _title_of(document: str, _url: str) -> str | None:
    return title_from_html(document)


def fetch_title(config: Config, url: str) -> tuple[str | None, str]:
    """``url``'s title, or None and the reason; network trouble never raises."""
    title, reason = fetch_and_read(config, url, _title_of)
    if reason:
        return None, reason
    return title, "" if title else "the page has no title"
