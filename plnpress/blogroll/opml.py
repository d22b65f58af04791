"""``plnpress blogroll import FILE``: a feed reader's subscriptions (OPML) onto the blogroll.

Every ``<outline>`` with an ``xmlUrl`` is a subscription: its ``title`` (or ``text``) is the name,
its ``htmlUrl`` the site (the feed's own site when there is none), the folders it sits in and its
``category`` attribute its tags. The file is read with defusedxml, which refuses entity tricks;
nothing is fetched. People already on the blogroll (the same site, or the same feed) and repeats
within the file are reported and left out; the rest are appended in the file's order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from plnpress.blogroll.people import append_people, blogroll_people, listed_at
from plnpress.config import Config
from plnpress.errors import PlnpressError
from plnpress.mentions.sanitize import clean_text, clean_url
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.network import site_domain


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[BlogrollPerson, ...]
    skipped: tuple[tuple[BlogrollPerson, str], ...]
    """People left out, with why (already listed at ``content/blogroll.yaml:LINE``, ...)."""
    written: bool


def import_opml(config: Config, source: Path, *, dry_run: bool = False) -> ImportReport:
    """Append the subscriptions of the OPML file `source` to the blogroll."""
    subscriptions = read_opml(source)
    people = blogroll_people(config)
    added: list[BlogrollPerson] = []
    skipped: list[tuple[BlogrollPerson, str]] = []
    for person in subscriptions:
        why = _left_out(person, people, added)
        if why is None:
            added.append(person)
        else:
            skipped.append((person, why))
    written = bool(added) and not dry_run and append_people(config, added)
    return ImportReport(tuple(added), tuple(skipped), written)


def _left_out(
    person: BlogrollPerson, people: Sequence[BlogrollPerson], added: Sequence[BlogrollPerson]
) -> str | None:
    """Why `person` is not added: the site or the feed is on the blogroll, or earlier in the
    file; None if they are new."""
    where = listed_at(people, person.url)
    same_feed = next((p for p in people if person.feed and p.feed == person.feed), None)
    if where is None and same_feed is not None:
        where = listed_at(people, same_feed.url)
    if where is not None:
        return f"already on the blogroll ({where})"
    if listed_at(added, person.url) or any(p.feed == person.feed for p in added):
        return "in the file twice"
    return None


def read_opml(source: Path) -> list[BlogrollPerson]:
    """The subscriptions in the OPML file at `source`, in order; raise `PlnpressError` naming
    the line of what is wrong."""
    try:
        root = ElementTree.parse(source, forbid_dtd=True).getroot()
    except OSError as exc:
        raise PlnpressError(f"{source}: {exc.strerror or exc}") from None
    except ElementTree.ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise PlnpressError(f"{source}:{line}: not valid XML ({exc.msg})") from None
    except DefusedXmlException as exc:
        raise PlnpressError(f"{source}: refused: {exc}") from None
    body = root.find("body") if root is not None else None
    if root is None or root.tag != "opml" or body is None:
        raise PlnpressError(f"{source}:1: not an OPML file (no <opml> with a <body>)")
    found = list(_subscriptions(body, ()))
    if not found:
        raise PlnpressError(f"{source}: no subscriptions (no <outline> with an xmlUrl)")
    return found


def _subscriptions(parent: Element, folders: Sequence[str]) -> Iterator[BlogrollPerson]:
    for outline in parent.findall("outline"):
        attrs = {key.lower(): value for key, value in outline.attrib.items()}
        feed = clean_url(attrs.get("xmlurl"))
        if feed is None:
            folder = clean_text(attrs.get("title") or attrs.get("text"), 60)
            yield from _subscriptions(outline, [*folders, folder] if folder else folders)
            continue
        site = clean_url(attrs.get("htmlurl")) or _origin(feed)
        name = clean_text(attrs.get("title") or attrs.get("text"), 100) or site_domain(site)
        tags = [*folders, *_categories(attrs.get("category", ""))]
        yield BlogrollPerson(name=name, url=site, feed=feed, tags=tuple(dict.fromkeys(tags)))


def _categories(value: str) -> list[str]:
    """OPML 2.0's ``category``: comma-separated ``/``-paths (``/Education/Physics``), each
    part a tag."""
    parts = (part for path in value.split(",") for part in path.split("/"))
    return [clean_text(part, 60) for part in parts if part.strip()]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
