"""The old site's uploads: which addresses are its files, where they go, and fetching them.

A file is the old site's when it lies under ``/wp-content/uploads/`` on the blog's own host (or
on WordPress.com's file hosts, ``*.files.wordpress.com`` and ``i0.wp.com``), or is on the host
the export's attachments are on. It is saved under ``content/static/wp-content/uploads/`` at the
path it had there (``2008/06/photo.jpg``), so it is published at the same address as before: a
link to it from elsewhere keeps working once the domain points at the new site. A size such as
``?w=300`` is dropped: the file itself is fetched.

Every download goes through the guarded client (:mod:`plnpress.fetch`), with a size cap; one that
fails is reported and the body keeps the old address. A file already in the blog is never
fetched again, nor written over.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from posixpath import splitext
from urllib.parse import quote, unquote, urlsplit

from plnpress.config import Config
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.policy import policy_for

UPLOADS = "wp-content/uploads"
STATIC = "content/static"
MAX_BYTES = 50 * 1024 * 1024
"""The largest file fetched; a bigger one keeps its old address (and is reported)."""
CONCURRENCY = 4

FILE_EXTENSIONS = frozenset(
    """
    .jpg .jpeg .png .gif .webp .avif .svg .bmp .ico .tif .tiff .heic .mp3 .m4a .ogg .oga .wav
    .flac .wma .mp4 .m4v .mov .webm .ogv .wmv .avi .pdf .zip .doc .docx .ppt .pptx .pps .ppsx
    .xls .xlsx .odt .ods .odp .key .numbers .pages .txt .csv .epub .mobi .gpx .kml
    """.split()
)
_WORDPRESS_COM = re.compile(r"(?:[\w-]+\.files\.wordpress\.com|i[0-3]\.wp\.com)")
_SAFE_SEGMENT = re.compile(r"[^\w.~-]+")


@dataclass(frozen=True, slots=True)
class Uploads:
    """Which addresses are the old site's files."""

    blog_hosts: frozenset[str]
    """The old blog's own hosts (``example.org``, ``www.example.org``)."""
    attachment_hosts: frozenset[str]
    """Where the export's attachments are (their files, wherever they were served from)."""

    @classmethod
    def of(cls, blog_urls: Iterable[str], attachment_urls: Iterable[str]) -> Uploads:
        blogs = {_host(url) for url in blog_urls} - {""}
        blogs |= {host.removeprefix("www.") for host in blogs} | {f"www.{h}" for h in blogs}
        return cls(frozenset(blogs), frozenset({_host(url) for url in attachment_urls} - {""}))

    def local_path(self, url: str) -> str | None:
        """Where the file at ``url`` goes in the blog (``content/static/wp-content/uploads/
        2008/06/a.jpg``), or None if it is not one of the old site's files."""
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").lower()
            netloc = parts.netloc.lower()
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https") or not host:
            return None
        path = unquote(parts.path)
        marker = f"/{UPLOADS}/"
        if marker in path and (netloc in self.blog_hosts or _WORDPRESS_COM.fullmatch(host)):
            below = path.split(marker, 1)[1]
        elif _WORDPRESS_COM.fullmatch(host) or netloc in self.attachment_hosts:
            if splitext(path)[1].lower() not in FILE_EXTENSIONS:
                return None
            below = path
        else:
            return None
        segments = [_SAFE_SEGMENT.sub("-", s) for s in below.split("/") if s not in ("", ".")]
        if not segments or ".." in segments or splitext(segments[-1])[1] == "":
            return None
        return f"{STATIC}/{UPLOADS}/{'/'.join(segments)}"


def site_path(local: str) -> str:
    """The address a file saved at ``local`` is published at, from the site's root."""
    return "/" + quote(local.removeprefix(f"{STATIC}/"))


def without_query(url: str) -> str:
    """The file itself, not a size of it that the old host made (``?w=300``)."""
    return url.split("#", 1)[0].split("?", 1)[0]


@dataclass(frozen=True, slots=True)
class Fetched:
    """One download: the bytes, or why there are none."""

    url: str
    data: bytes | None
    problem: str = ""


def download(config: Config, urls: Iterable[str], keep: Callable[[Fetched], None]) -> None:
    """Fetch every URL (a few at a time) through the guarded client, handing each result to
    ``keep`` as it comes (so only a few files are in memory at once); never raises for one."""
    wanted = list(dict.fromkeys(urls))
    if wanted:
        asyncio.run(_download_all(config, wanted, keep))


async def _download_all(config: Config, urls: list[str], keep: Callable[[Fetched], None]) -> None:
    policy = policy_for(config, max_bytes=MAX_BYTES, read_timeout=20, total_timeout=300)
    async with GuardedClient(policy, max_concurrency=CONCURRENCY) as client:

        async def one(url: str) -> None:
            keep(await _one(client, url))

        await asyncio.gather(*(one(url) for url in urls))


async def _one(client: GuardedClient, url: str) -> Fetched:
    try:
        response = await client.get(url)
    except FetchError as exc:
        return Fetched(url, None, str(exc))
    if response.status != 200:
        return Fetched(url, None, f"the server answered {response.status}")
    if response.truncated:
        return Fetched(url, None, f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
    kind = response.header("content-type") or ""
    if kind.startswith("text/html") and splitext(urlsplit(url).path)[1].lower() != ".html":
        return Fetched(url, None, "the server answered with a web page, not the file")
    return Fetched(url, response.body)


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).netloc.lower()
    except ValueError:
        return ""
