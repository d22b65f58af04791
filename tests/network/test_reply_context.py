"""``plnpress new reply|like|repost URL``: a post that answers a page, showing what it answers.

A local page with an h-entry is answered through the command line; the new file keeps the
page's context in its front matter; the built page marks it up as a ``u-in-reply-to`` h-cite
that mf2py reads with its name and author; ``webmention send`` notifies the page.
"""

from __future__ import annotations

from typing import Any

import feedparser
import mf2py
import yaml

from tests.network.support import first
from tests.webmention.blogs import SendBlog
from tests.webmention.servers import LocalServer, RecordedRequest, Reply, html

THEIR_POST = """\
<!doctype html><html><head><title>Alice's notebook</title>
<link rel="webmention" href="/webmention"></head><body>
<article class="h-entry">
  <h1 class="p-name">Why small networks <em>work</em></h1>
  <p>By <a class="p-author h-card" href="/">Alice Example</a>,
     <time class="dt-published" datetime="2025-05-30T09:00:00+00:00">30 May</time></p>
  <div class="e-content"><p>A few trusted people beat a thousand followers.
     <script>alert("x")</script> Here is why.</p></div>
  <a class="u-url" href="/2025/05/small-networks/"></a>
</article></body></html>
"""

THEIR_NOTE = """\
<!doctype html><html><body>
<div class="h-entry"><a class="u-url" href="/notes/1">#</a>
  <p class="e-content p-name">Reading about learning networks today.</p>
  <a class="u-author h-card" href="https://bob.example.net/">Bob Stone</a>
</div></body></html>
"""


def front_matter(path: Any) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---\n")[1]))


def endpoint(server: LocalServer) -> list[RecordedRequest]:
    server.route("/webmention", Reply(202, [], b"queued"))
    return server.requests_to("/webmention", "POST")


def top_entry(page: str, url: str) -> dict[str, Any]:
    items = mf2py.parse(doc=page, url=url)["items"]
    return next(item for item in items if "h-entry" in item["type"])


def test_a_reply_keeps_the_context_and_shows_it_as_an_h_cite(
    send_blog: SendBlog, make_server: Any
) -> None:
    them = make_server(host="127.0.0.2")
    url = them.route("/2025/05/small-networks/", html(THEIR_POST))
    them.route("/webmention", Reply(202, [], b"queued"))

    ran = send_blog.plnpress("new", "reply", url)

    assert ran.code == 0, ran.output
    (path,) = (send_blog.root / "content/posts").glob("*-reply-to-why-small-networks-work.md")
    matter = front_matter(path)
    assert matter["in_reply_to"] == url
    assert "title" not in matter
    assert matter["context"] == {
        "url": url,
        "name": "Why small networks work",
        "summary": "A few trusted people beat a thousand followers. Here is why.",
        "author": "Alice Example",
        "author_url": them.url("/"),
        "published": matter["context"]["published"],
    }
    assert str(matter["context"]["published"]).startswith("2025-05-30 09:00:00")
    path.write_text(path.read_text().replace("Write your reply here, in Markdown.", "I agree."))

    send_blog.deploy()
    page = (send_blog.root / "site").glob("*/*/reply-to-why-small-networks-work/index.html")
    (built,) = list(page)
    entry = top_entry(built.read_text(), send_blog.server.url("/"))
    (cite,) = entry["properties"]["in-reply-to"]
    assert cite["type"] == ["h-cite"]
    assert cite["value"] == url
    assert first(cite, "name") == "Why small networks work"
    (author,) = cite["properties"]["author"]
    assert author["type"] == ["h-card"]
    assert first(author, "name") == "Alice Example"
    assert first(author, "url") == them.url("/")
    assert "name" not in entry["properties"]  # a note: its title is made, not marked as its name
    assert "<script>" not in built.read_text()

    sent = send_blog.send()
    assert sent.code == 0, sent.output
    (notified,) = them.requests_to("/webmention", "POST")
    source = (
        send_blog.server.url("/") + built.parent.relative_to(send_blog.root / "site").as_posix()
    )
    assert notified.form == {"source": [source + "/"], "target": [url]}


def test_a_note_without_a_title_is_named_by_its_author(
    send_blog: SendBlog, make_server: Any
) -> None:
    them = make_server(host="127.0.0.2")
    url = them.route("/notes/1", html(THEIR_NOTE))

    ran = send_blog.plnpress("new", "reply", url)

    assert ran.code == 0, ran.output
    (path,) = (send_blog.root / "content/posts").glob("*-reply-to-bob-stone.md")
    context = front_matter(path)["context"]
    assert "name" not in context
    assert context["summary"] == "Reading about learning networks today."
    assert context["author"] == "Bob Stone"
    send_blog.deploy()
    home = (send_blog.root / "site/index.html").read_text()
    assert "Reply to Bob Stone" in home


def test_offline_the_address_alone_is_written_and_refresh_fills_it_in_later(
    send_blog: SendBlog, make_server: Any
) -> None:
    them = make_server(host="127.0.0.2")
    url = them.url("/2025/05/small-networks/")  # no route yet: 404, as if unreachable

    ran = send_blog.plnpress("new", "reply", url)

    assert ran.code == 0, ran.output
    assert "Could not read" in ran.out and "--refresh" in ran.out
    (path,) = (send_blog.root / "content/posts").glob("*-reply-to-*.md")
    assert "context" not in front_matter(path)
    send_blog.deploy()  # it builds with the address alone
    text = path.read_text().replace("Write your reply here, in Markdown.", "Mine, written offline.")
    text = text.replace("tags: []", "tags: [pln]   # kept as written")
    path.write_text(text)

    them.route("/2025/05/small-networks/", html(THEIR_POST))
    again = send_blog.plnpress("new", "reply", "--refresh", str(path))

    assert again.code == 0, again.output
    refreshed = path.read_text()
    assert front_matter(path)["context"]["name"] == "Why small networks work"
    untouched = [line for line in text.splitlines() if line]
    assert [line for line in refreshed.splitlines() if line in untouched] == untouched
    assert send_blog.plnpress("new", "reply", "--refresh", str(path)).code == 0
    assert path.read_text() == refreshed  # nothing changed on the page: nothing changes here


def test_a_like_has_no_body_and_is_one_line_in_lists_and_feeds(
    send_blog: SendBlog, make_server: Any
) -> None:
    them = make_server(host="127.0.0.2")
    url = them.route("/2025/05/small-networks/", html(THEIR_POST))

    ran = send_blog.plnpress("new", "like", url)

    assert ran.code == 0, ran.output
    (path,) = (send_blog.root / "content/posts").glob("*-liked-why-small-networks-work.md")
    assert path.read_text().rstrip().endswith("---")
    assert front_matter(path)["like_of"] == url
    send_blog.deploy()
    home = (send_blog.root / "site/index.html").read_text()
    items = mf2py.parse(doc=home, url=send_blog.server.url("/"))["items"]
    (feed,) = [item for item in items if "h-feed" in item["type"]]
    (like,) = feed["children"]
    (cite,) = like["properties"]["like-of"]
    assert first(cite, "name") == "Why small networks work"
    parsed = feedparser.parse((send_blog.root / "site/feed.xml").read_bytes())
    (item,) = parsed.entries
    assert item.title == "Liked “Why small networks work”"
    assert f'Liked <a href="{url}">Why small networks work</a> by Alice Example' in (
        item.content[0].value
    )


def test_a_context_for_a_page_the_entry_does_not_answer_is_an_error_at_its_line(
    send_blog: SendBlog,
) -> None:
    post = send_blog.root / "content/posts/2025-06-01-reply.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text(
        "---\ndate: 2025-06-01\nin_reply_to: https://a.example/1\ncontext:\n"
        "  - url: https://a.example/1\n    name: One\n  - url: https://b.example/2\n"
        "    name: Two\n---\nHi.\n"
    )
    ran = send_blog.plnpress("build")
    assert ran.code == 1
    assert (
        "content/posts/2025-06-01-reply.md:7: context: url: https://b.example/2 is not in "
        "in_reply_to" in ran.err
    )
    post.write_text("---\ndate: 2025-06-01\ncontext:\n  name: One\n  autor: x\n---\nHi.\n")
    ran = send_blog.plnpress("build")
    assert ran.code == 1
    assert "2025-06-01-reply.md:5: context.autor: unknown key 'autor'" in ran.err
