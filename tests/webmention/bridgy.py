"""A stand-in for Bridgy Publish on 127.0.0.x, behaving as Bridgy's publish handler does.

``POST /publish/webmention`` with ``source`` and ``target``: the target must be
``{origin}/publish/{silo}``; the source page is fetched (it is a local test blog); a 410 means
"delete the copy", anything else must contain a link to the target (Bridgy looks for the string
``{host}/publish/{silo}``) and an h-entry. It answers like Bridgy: a new copy (at `copy_of`) is
201 Created with its address in ``Location`` and in the JSON body (or, with ``created_status``
200, 200 with the body only); a page published before is refused with 400, as Bridgy cannot
update copies.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mf2py

from tests.webmention.servers import LocalServer, RecordedRequest, Reply

SILOS = {"mastodon": "https://social.example/@ada/", "bluesky": "https://bsky.example/ada/post/"}


def _json(
    status: int, data: Mapping[str, object], headers: Sequence[tuple[str, str]] = ()
) -> Reply:
    body = json.dumps(data).encode("utf-8")
    return Reply(status, [("Content-Type", "application/json"), *headers], body)


def copy_of(source: str, silo: str) -> str:
    """The address the stand-in gives the copy of `source` on `silo` (its slug on the silo)."""
    return SILOS[silo] + source.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class BridgyStandIn:
    """Publishes into `SILOS`; see `copy_of` for the copies' addresses."""

    server: LocalServer
    created_status: dict[str, int] = field(default_factory=dict)
    """Per silo, answer a new copy with 200 (body only) instead of 201."""
    refuse: str | None = None
    """Refuse every publish with this message (say, no account connected)."""
    published: dict[tuple[str, str], str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server.route("/publish/webmention", self.handle)

    @property
    def url(self) -> str:
        return self.server.url("/")

    def posts(self) -> list[RecordedRequest]:
        return self.server.requests_to("/publish/webmention", "POST")

    def handle(self, request: RecordedRequest) -> Reply:
        form = request.form
        source, target = form["source"][0], form["target"][0]
        silo = target.rsplit("/", 1)[-1]
        if target != self.server.url(f"/publish/{silo}") or silo not in SILOS:
            return _json(400, {"error": f"Target must be brid.gy/publish/[...], not {target}"})
        if self.refuse:
            return _json(400, {"error": self.refuse})
        try:
            with urllib.request.urlopen(source, timeout=5) as answer:
                page = answer.read().decode("utf-8")
        except urllib.error.HTTPError as gone:
            if gone.code == 410 and (source, silo) in self.published:
                self.deleted.append(self.published.pop((source, silo)))
                return _json(200, {"type": "delete", "url": self.deleted[-1]})
            return _json(400, {"error": f"Could not fetch source URL {source}"})
        host = f"{self.server.host}:{self.server.port}"
        if f"{host}/publish/{silo}" not in page:
            return _json(400, {"error": f"Couldn't find link to {host}/publish/{silo}"})
        items = mf2py.parse(doc=page, url=source)["items"]
        if not any("h-entry" in item["type"] for item in items):
            return _json(400, {"error": "Could not find content in h-entry"})
        if (source, silo) in self.published:
            return _json(400, {"error": "Sorry, you've already published that page"})
        url = copy_of(source, silo)
        self.published[(source, silo)] = url
        data = {"url": url, "id": url.rsplit("/", 1)[-1], "type": "post"}
        if self.created_status.get(silo) == 200:
            return _json(200, data)
        return _json(201, data, [("Location", url)])
