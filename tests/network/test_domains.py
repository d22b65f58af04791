"""The network's quick reading of a link's site (plnpress/model/network.py) gives what
``urllib.parse.urlsplit`` gives, for the common URL it reads itself and every other it leaves
to ``urlsplit``."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from plnpress.model.network import site_domain, web_domain

URLS = [
    "https://example.org/",
    "https://Example.ORG/Path?q=1#frag",
    "http://www.example.org",
    "HTTPS://WWW.Example.org:8443/a",
    "https://example.org:/a",
    "https://example.org?x=1",
    "https://example.org#top",
    "https://user:pw@example.org/",
    "https://@/",
    "https://[::1]:8080/x",
    "https://exa\tmple.org/",
    "https://example.org/pa\tth",
    "ht\ttps://example.org/",
    " https://example.org/",
    "https://example.org:80abc/",
    "https://example.org\\path",
    "https://bücher.example/",
    "https://xn--bcher-kva.example/",
    "https:///path",
    "https:",
    "http//example.org",
    "ftp://example.org/",
    "mailto:a@example.org",
    "//example.org/x",
    "/relative/path",
    "https://www./",
    "https://100%25.example/",
]


def _by_urlsplit(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return (parts.hostname or "").lower().removeprefix("www.")
    return None


@pytest.mark.parametrize("url", URLS)
def test_web_domain_is_what_urlsplit_says(url: str) -> None:
    assert web_domain(url) == _by_urlsplit(url)
    assert site_domain(url) == (urlsplit(url).hostname or "").lower().removeprefix("www.")
