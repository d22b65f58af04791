"""A stand-in for Bridgy Fed on 127.0.0.x, doing what Bridgy Fed does with a Webmention.

Its home page advertises its endpoint (``<link rel="webmention" href="/webmention">``), as
fed.brid.gy's does. ``POST /webmention`` with ``source`` and ``target``: the target must be the
stand-in's home page; the source is fetched (a local test blog): a 410 is a delete (a ``Delete``
activity), else the page must link to the stand-in (the hidden ``u-bridgy-fed`` link) and carry an
h-entry, and is a create the first time and an update after (``Create``/``Update``).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

import mf2py

from tests.webmention.servers import LocalServer, RecordedRequest, Reply, html, text


@dataclass
class BridgyFedStandIn:
    server: LocalServer
    activities: list[tuple[str, str]] = field(default_factory=list)
    """(kind, source) for each accepted Webmention: ``create``, ``update`` or ``delete``."""
    _known: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.server.route("/", html('<html><head><link rel="webmention" href="/webmention">'))
        self.server.route("/webmention", self.handle)

    @property
    def url(self) -> str:
        return self.server.url("/")

    def handle(self, request: RecordedRequest) -> Reply:
        form = request.form
        source, target = form["source"][0], form["target"][0]
        if target != self.url:
            return text(f"target must be {self.url}", status=400)
        try:
            with urllib.request.urlopen(source, timeout=5) as answer:
                page = answer.read().decode("utf-8")
        except urllib.error.HTTPError as gone:
            if gone.code in (404, 410) and source in self._known:
                self._known.discard(source)
                self.activities.append(("delete", source))
                return text("deleted", status=202)
            return text(f"could not fetch {source}", status=400)
        items = mf2py.parse(doc=page, url=source)["items"]
        if f'class="u-bridgy-fed" href="{self.url}"' not in page or not any(
            "h-entry" in item["type"] for item in items
        ):
            return text("no link to Bridgy Fed in an h-entry", status=400)
        self.activities.append(("update" if source in self._known else "create", source))
        self._known.add(source)
        return text("queued", status=202)
