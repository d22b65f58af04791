"""The network as files for programs: ``/blogroll.opml`` (OPML 2.0) and ``/network.json``.

Like the feeds, these are written by plnpress itself, the same for every theme, with absolute URLs
and nothing that depends on the clock. XML is built with ElementTree, which escapes all text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from plnpress.config import Config
from plnpress.model import Site
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.network import Network, network_of
from plnpress.model.permalinks import output_path
from plnpress.model.response import ResponseKind
from plnpress.output.files import OutputFile
from plnpress.render.context import absolute_url, isodate, site_author, site_path
from plnpress.render.feeds import XML_DECLARATION, xml_text
from plnpress.render.networklinks import BLOGROLL, BLOGROLL_OPML, NETWORK, NETWORK_JSON

OPML_DOCS = "http://opml.org/spec2.opml"
NETWORK_JSON_VERSION = 1


def directory_files(site: Site) -> list[OutputFile]:
    """``network.json`` when the network page exists, ``blogroll.opml`` when the blogroll does."""
    config = site.config
    files = []
    network = network_of(site.entries, config.base_url)
    if network:
        data = network_json(config, network, site.blogroll)
        files.append(OutputFile(output_path(NETWORK_JSON), data))
    if site.blogroll:
        files.append(OutputFile(output_path(BLOGROLL_OPML), blogroll_opml(config, site.blogroll)))
    return files


def blogroll_opml(config: Config, people: Sequence[BlogrollPerson]) -> bytes:
    """OPML 2.0: one outline per person: ``type="rss"`` with ``xmlUrl`` and ``htmlUrl`` where the
    feed is known, else ``type="link"`` with the site's ``url`` (the spec's link to a web page)."""
    author = site_author(config)
    opml = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(opml, "head")
    _text(head, "title", f"{config.site.title}: blogroll")
    _text(head, "ownerName", author.name)
    _text(head, "ownerId", author.url)
    _text(head, "docs", OPML_DOCS)
    body = ET.SubElement(opml, "body")
    for person in people:
        attributes = {"text": person.name, "title": person.name}
        if person.feed:
            attributes |= {"type": "rss", "xmlUrl": person.feed, "htmlUrl": person.url}
        else:
            attributes |= {"type": "link", "url": person.url}
        if person.note:
            attributes["description"] = person.note
        if person.tags:
            attributes["category"] = ",".join("/" + tag.replace(",", " ") for tag in person.tags)
        ET.SubElement(body, "outline", {k: xml_text(v) for k, v in attributes.items()})
    ET.indent(opml)
    return (XML_DECLARATION + ET.tostring(opml, encoding="unicode") + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = xml_text(text)


def network_json(
    config: Config, network: Network, blogroll: Sequence[BlogrollPerson] = ()
) -> bytes:
    """The ``/network/`` directory as JSON (documented in docs/network.md)."""
    document: dict[str, object] = {
        "version": NETWORK_JSON_VERSION,
        "home_page_url": config.base_url,
        "page_url": config.absolute(site_path(config, NETWORK)),
        "responses": _kinds(network.kinds),
        "people": [
            {
                "name": person.name,
                "url": person.url,
                "photo": absolute_url(config, person.image),
                "responses": person.responses,
                "kinds": _kinds(person.kinds),
                "latest": {
                    "url": person.latest.url,
                    "kind": person.latest.kind.value,
                    "date": isodate(person.latest_date),
                    "entry": person.latest_entry.url,
                },
            }
            for person in network.people
        ],
        "sites": [
            {
                "domain": linked.domain,
                "entries": linked.entries,
                "bookmarks": linked.bookmarks,
                "latest": {
                    "entry": linked.latest.url,
                    "title": linked.latest.title,
                    "date": isodate(linked.latest.published),
                    "linked": linked.latest_url,
                },
            }
            for linked in network.sites
        ],
    }
    if blogroll:
        document["blogroll"] = {
            "page_url": config.absolute(site_path(config, BLOGROLL)),
            "opml": config.absolute(site_path(config, BLOGROLL_OPML)),
            "people": [_blogroll_person(person) for person in blogroll],
        }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _kinds(kinds: Mapping[ResponseKind, int]) -> dict[str, int]:
    return {kind.value: count for kind, count in kinds.items()}


def _blogroll_person(person: BlogrollPerson) -> dict[str, object]:
    return {
        "name": person.name,
        "url": person.url,
        "feed": person.feed,
        "note": person.note,
        "tags": list(person.tags),
    }
