"""Feeds of every kind, served on 127.0.0.x for ``plnpress read``: the formats readers meet
(Atom, RSS 2.0, JSON Feed 1.1, an h-feed page), feeds that answer conditional requests (an ETag,
a Last-Modified date), and the ones that go wrong (slow, 20 MB, not a feed, scripts inside)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from PIL import Image

from tests.webmention.servers import LocalServer, RecordedRequest, Reply, html, text

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Ana's notes</title><id>tag:ana</id><updated>2025-06-03T10:00:00Z</updated>
  <author><name>Ana Ruiz</name><uri>/</uri></author>
  <icon>/ana.png</icon>
  <entry><title>Teaching with open tools</title><id>tag:ana,1</id>
    <link rel="alternate" href="/2025/06/open-tools/"/>
    <published>2025-06-03T10:00:00Z</published><updated>2025-06-03T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Why I moved my class to &lt;em&gt;open&lt;/em&gt;
      tools.&lt;/p&gt;</content>
  </entry>
  <entry><title>An older one</title><id>tag:ana,0</id>
    <link rel="alternate" href="/2025/01/older/"/>
    <updated>2025-01-05T10:00:00Z</updated><summary>From January.</summary>
  </entry>
</feed>
"""

RSS = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Staffroom Digest</title><link>/</link>
  <description>Weekly</description>
  <item><title>Digest 42: feedback that lands</title><link>/digest/42</link>
    <pubDate>Mon, 02 Jun 2025 08:00:00 +0000</pubDate>
    <description>&lt;p&gt;Three posts on feedback.&lt;/p&gt;</description></item>
  <item><title>Digest 41</title><link>/digest/41</link>
    <pubDate>Mon, 26 May 2025 08:00:00 +0000</pubDate><description>Older.</description></item>
</channel></rss>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Priya Nair",
    "home_page_url": "/",
    "authors": [{"name": "Priya Nair", "url": "/", "avatar": "/priya.png"}],
    "items": [
        {
            "id": "1",
            "url": "/notes/2025-06-04",
            "content_text": "Small notes, every day: today on retrieval practice.",
            "date_published": "2025-06-04T07:30:00+00:00",
        }
    ],
}

H_FEED = """\
<!doctype html><html><head><title>Learning Lab</title></head><body>
<div class="h-feed"><h1 class="p-name">Learning Lab papers</h1>
  <a class="p-author h-card" href="/">Learning Lab</a>
  <article class="h-entry"><h2><a class="p-name u-url" href="/papers/peer-learning">How
    teachers learn from each other</a></h2>
    <time class="dt-published" datetime="2025-05-30T12:00:00+00:00">30 May</time>
    <p class="p-summary">A year of observations in six schools.</p></article>
</div></body></html>
"""

HOSTILE = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Mallory</title><id>tag:m</id><updated>2025-06-05T00:00:00Z</updated>
  <author><name>Mallory &lt;script&gt;alert(1)&lt;/script&gt;</name></author>
  <entry><title>Free &lt;b onmouseover="alert(2)"&gt;prizes&lt;/b&gt;</title><id>tag:m,1</id>
    <link rel="alternate" href="/win"/>
    <updated>2025-06-05T00:00:00Z</updated>
    <content type="html">&lt;p onclick="alert(3)"&gt;Click&lt;/p&gt;
      &lt;script&gt;alert(4)&lt;/script&gt;
      &lt;img src="https://tracker.example/pixel.gif" onerror="alert(5)"&gt;
      &lt;a href="javascript:alert(6)"&gt;here&lt;/a&gt; &lt;a href="/ok"&gt;ok&lt;/a&gt;
      &lt;iframe src="https://evil.example/"&gt;&lt;/iframe&gt;&lt;style&gt;body{display:none}&lt;/style&gt;
      &lt;svg onload="alert(7)"&gt;&lt;/svg&gt;</content>
  </entry>
  <entry><title>Script link</title><id>tag:m,2</id>
    <link rel="alternate" href="javascript:alert(8)"/>
    <updated>2025-06-04T00:00:00Z</updated><content>x</content></entry>
</feed>
"""

ETAG = '"v1"'


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 120), colour).save(out, format="PNG")
    return out.getvalue()


LAST_MODIFIED = "Mon, 02 Jun 2025 09:00:00 GMT"


@dataclass
class FeedSites:
    """The feeds, on three loopback addresses (so the per-host limit has hosts to tell apart)."""

    first: LocalServer
    second: LocalServer
    third: LocalServer
    not_modified: list[str] = field(default_factory=list)
    """Paths answered ``304 Not Modified``."""

    def serve(self, slow_seconds: float) -> dict[str, str]:
        """Route every feed; returns the blogroll's people by name -> feed URL."""
        a, b, c = self.first, self.second, self.third
        atom = ("Content-Type", "application/atom+xml")
        a.route("/ana.png", Reply(200, [("Content-Type", "image/png")], png((40, 120, 200))))
        b.route("/priya.png", Reply(200, [("Content-Type", "image/png")], png((200, 40, 90))))
        return {
            "Ana Ruiz": a.route("/ana.xml", Reply(200, [atom], ATOM.encode())),
            "The Staffroom Digest": a.route(
                "/rss.xml", text(RSS, content_type="application/rss+xml")
            ),
            "Priya Nair": b.route(
                "/feed.json",
                text(json.dumps(JSON_FEED), content_type="application/feed+json"),
            ),
            "Learning Lab": b.route("/papers/", html(H_FEED)),
            "Idris Lane": c.route("/etag.xml", self._etag),
            "Margins": c.route("/lm.xml", self._last_modified),
            "Slow Sam": c.route("/slow.xml", Reply(200, [atom], ATOM.encode(), delay=slow_seconds)),
            "Huge Hugo": c.route("/huge.xml", Reply(200, [atom], b"<feed>" + b" " * 20_000_000)),
            "Broken Bo": c.route(
                "/broken.xml", text("this is not { a feed <<", content_type="application/rss+xml")
            ),
            "Mallory": a.route("/mallory.xml", Reply(200, [atom], HOSTILE.encode())),
        }

    def _etag(self, request: RecordedRequest) -> Reply:
        if request.header("If-None-Match") == ETAG:
            self.not_modified.append(request.path)
            return Reply(304, [("ETag", ETAG)])
        feed = RSS.replace("Staffroom Digest", "Idris Lane").replace("Digest 42", "Idris 42")
        feed = feed.replace("Digest 41", "Idris 41").replace("/digest/", "/idris/")
        return Reply(200, [("Content-Type", "application/rss+xml"), ("ETag", ETAG)], feed.encode())

    def _last_modified(self, request: RecordedRequest) -> Reply:
        if request.header("If-Modified-Since") == LAST_MODIFIED:
            self.not_modified.append(request.path)
            return Reply(304, [("Last-Modified", LAST_MODIFIED)])
        feed = ATOM.replace("Ana Ruiz", "Margins").replace("open-tools", "margins-1")
        feed = feed.replace("Teaching with open tools", "Annotating in the open")
        headers = [("Content-Type", "application/atom+xml"), ("Last-Modified", LAST_MODIFIED)]
        return Reply(200, headers, feed.encode())
