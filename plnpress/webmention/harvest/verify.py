"""Verify one Webmention (source, target) and turn the source into a `Response`.

`verify_mention` is the whole job as one plain async function: no files, no prompts, no
command-line concerns, so ``pull``, ``add`` and the self-hosted receiver share it. It fetches the
source through the guarded client, checks that it links to the target (Webmention §3.2.2), reads
its microformats and sanitises every value it keeps. The page is read in a reader process
(`plnpress.fetch.parsing`) within what the fetch left of its time budget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError, FetchTimeout, NetworkError
from plnpress.fetch.parsing import read_fetched
from plnpress.mentions.sanitize import clean_html, clean_text, clean_url, text_as_html
from plnpress.model.response import Author, Response, ResponseKind, source_domain
from plnpress.webmention.harvest.microformats import EntryReading, Mf2, read_entry
from plnpress.webmention.harvest.source_page import SourcePage, is_page, read_mf2, read_page

ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
RSVP_ANSWERS = frozenset({"yes", "no", "maybe", "interested"})


class Outcome(StrEnum):
    VERIFIED = "verified"
    """The source links to the target: `Verification.response` is set."""
    GONE = "gone"
    """The source answered 410 Gone (or says so in a ``<meta>`` status)."""
    NO_LINK = "no-link"
    """The source is there but does not link to the target."""
    FAILED = "failed"
    """The source could not be read; `Verification.temporary` says whether to try again."""


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking one (source, target) pair found."""

    source: str
    target: str
    outcome: Outcome
    reason: str
    """Why, in words, for the summary (e.g. "answered 410 Gone")."""
    response: Response | None = None
    temporary: bool = False
    """For FAILED: a timeout, a network error or a 5xx, which may pass."""

    @property
    def verified(self) -> bool:
        return self.outcome is Outcome.VERIFIED


async def verify_mention(
    client: GuardedClient,
    source: str,
    target: str,
    *,
    received: datetime,
    via: str = "webmention",
    fallback: Response | None = None,
    aliases: tuple[str, ...] = (),
) -> Verification:
    """Fetch `source`, confirm it links to `target` and read the response it makes.

    `fallback` is what a service (webmention.io) reported for the same pair, already sanitised:
    it fills in what the page itself does not say (an author, a date). `aliases` are old
    addresses of `target` (``aliases:``, which redirect to it): a source that links to one of
    them responds to `target`, and the response is made for `target`.
    """
    if clean_url(source) != source:
        return Verification(source, target, Outcome.FAILED, "the source is not an http(s) URL")
    if source.split("#", 1)[0] in {url.split("#", 1)[0] for url in (target, *aliases)}:
        return Verification(source, target, Outcome.FAILED, "the source is the target itself")
    fetched = await fetch_page(client, source, target, also=aliases)
    if isinstance(fetched, Verification):
        return fetched
    linked = next((url for url in (target, *aliases) if fetched.links_to(url)), target)
    found = await read_mention(
        client, fetched, source, linked, received=received, via=via, fallback=fallback
    )
    if linked == target or found.response is None:
        return replace(found, target=target)
    moved = replace(found.response, target=target.split("#", 1)[0])
    return replace(found, target=target, response=moved)


async def fetch_page(
    client: GuardedClient, source: str, target: str, *, also: tuple[str, ...] = ()
) -> SourcePage | Verification:
    """The source page read for `target` (and the `also` targets: which of them it links to),
    or the `Verification` that says why there is none to read. Fetching and reading share
    the client's time budget; the page is read in a reader process."""

    def failed(reason: str, temporary: bool = False) -> Verification:
        return Verification(source, target, Outcome.FAILED, reason, temporary=temporary)

    try:
        result = await client.get(source, accept=ACCEPT)
        if result.status == 410:
            return Verification(source, target, Outcome.GONE, "answered 410 Gone")
        if result.status >= 500 or result.status == 429:
            return failed(f"answered {result.status}", temporary=True)
        if not result.ok:
            return failed(f"answered {result.status}")
        if not is_page(result):
            return failed(f"is {result.content_type or 'of no declared type'}, not a web page")
        page = await read_fetched(client.policy, result, read_page, result, (target, *also))
    except (FetchTimeout, NetworkError) as exc:
        return failed(str(exc), temporary=True)
    except FetchError as exc:
        return failed(str(exc))
    if page.says_gone:
        return Verification(source, target, Outcome.GONE, "says 410 Gone in its <meta> status")
    return page


async def read_mention(
    client: GuardedClient,
    page: SourcePage,
    source: str,
    target: str,
    *,
    received: datetime,
    via: str,
    fallback: Response | None = None,
) -> Verification:
    """The response `page` makes to `target`, if it links to it (see `verify_mention`)."""
    if not page.links_to(target):
        cut = " in its first megabyte" if page.truncated else ""
        return Verification(source, target, Outcome.NO_LINK, f"does not link to {target}{cut}")
    reading = None
    if page.mf2 is not None:
        reading = read_entry(page.mf2, page.url, target)
        if reading is not None and reading.author_page:
            author_page = await _fetch_mf2(client, reading.author_page)
            if author_page is not None:
                again = read_entry(page.mf2, page.url, target, author_page=author_page)
                if again is not None and again.author is not None:
                    reading = again
    response = _response(page, reading, source, target, received, via)
    if fallback is not None:
        response = _fill_in(response, fallback)
    return Verification(source, target, Outcome.VERIFIED, "verified", response=response)


async def _fetch_mf2(client: GuardedClient, url: str) -> Mf2 | None:
    """An author's page, parsed; None when it cannot be had (the author then stays a URL)."""
    if clean_url(url) != url:
        return None
    try:
        result = await client.get(url, accept=ACCEPT)
        if not result.ok:
            return None
        return await read_fetched(client.policy, result, read_mf2, result)
    except FetchError:
        return None


def _response(
    page: SourcePage,
    reading: EntryReading | None,
    source: str,
    target: str,
    received: datetime,
    via: str,
) -> Response:
    kind = reading.kind if reading is not None else ResponseKind.MENTION
    base = page.base
    content = ""
    if reading is not None and kind in (ResponseKind.REPLY, ResponseKind.RSVP):
        if isinstance(reading.content_html, str) and reading.content_html.strip():
            content = clean_html(reading.content_html, base)
        elif isinstance(reading.content_text, str):
            content = text_as_html(reading.content_text)
    title = _title(reading, page) if kind in (ResponseKind.MENTION, ResponseKind.BOOKMARK) else None
    rsvp = clean_text(reading.rsvp, 20).lower() if reading is not None else ""
    return Response(
        source=source,
        target=target.split("#", 1)[0],
        kind=kind,
        author=_author(reading, source, base),
        received=received,
        url=clean_url(reading.url, base) or source if reading is not None else source,
        published=reading.published if reading is not None else None,
        name=title,
        content_html=content,
        excerpt=page.excerpt(target)
        if kind in (ResponseKind.MENTION, ResponseKind.BOOKMARK)
        else "",
        rsvp=rsvp if kind is ResponseKind.RSVP and rsvp in RSVP_ANSWERS else None,
        in_reply_to=tuple(
            url.split("#", 1)[0]
            for url in (clean_url(v, base) for v in (reading.in_reply_to if reading else ()))
            if url
        ),
        via=via,
    )


def _author(reading: EntryReading | None, source: str, base: str) -> Author:
    """The author from the h-card, else the source's domain (authorship's last resort)."""
    values = (reading.author or {}) if reading is not None else {}
    if reading is not None and reading.author_page and not values:
        values = {"url": reading.author_page}
    url = clean_url(values.get("url"), base)
    name = clean_text(values.get("name"), 100)
    if not name:
        name = source_domain(url or source)
    if url is None and not values:
        parts = urlsplit(source)
        url = f"{parts.scheme}://{parts.netloc}/"
    return Author(name=name, url=url, photo=clean_url(values.get("photo"), base))


def _title(reading: EntryReading | None, page: SourcePage) -> str | None:
    """The post's name when it is a real title (not the start of its text), else <title>."""
    if reading is None:
        return page.title
    name = clean_text(reading.name, 10_000)
    text = clean_text(reading.content_text, 10_000)
    if not name or len(name) > 120 or (text and text.startswith(name.rstrip("…"))):
        return None
    return name


def _fill_in(response: Response, fallback: Response) -> Response:
    """Take from `fallback` what the page did not say."""
    author = response.author
    guessed = author.name == source_domain(response.source) and fallback.author.name != author.name
    if guessed:
        author = fallback.author
    elif author.photo is None and fallback.author.photo and fallback.author.url == author.url:
        author = replace(author, photo=fallback.author.photo)
    return replace(
        response,
        author=author,
        published=response.published or fallback.published,
        content_html=response.content_html
        or (fallback.content_html if response.kind is ResponseKind.REPLY else ""),
    )
