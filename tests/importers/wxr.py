"""Helpers for the WordPress importer's tests: small exports written by hand, the importer and
the build run as a writer runs them, and a server on 127.0.0.1 standing in for the old site's
uploads."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from PIL import Image

from tests.check.blogs import plnpress
from tests.conftest import PINNED_EPOCH
from tests.webmention.servers import Handler, RecordedRequest, Reply, text

OLD = "https://old.example.org"
"""The old blog of the hand-written exports."""

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{v}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/{v}/">
<channel>
<title>Old blog</title>
<link>{old}</link>
<wp:wxr_version>{v}</wp:wxr_version>
<wp:base_site_url>{old}</wp:base_site_url>
<wp:base_blog_url>{old}</wp:base_blog_url>
<wp:author><wp:author_login>ada</wp:author_login><wp:author_email>ada@old.example.org</wp:author_email><wp:author_display_name><![CDATA[Ada]]></wp:author_display_name></wp:author>
"""


def export(*items: str, version: str = "1.2") -> str:
    """A WXR document with ``items`` (from `item`)."""
    return _HEAD.format(v=version, old=OLD) + "".join(items) + "</channel>\n</rss>\n"


def item(
    post_id: int,
    title: str,
    content: str = "",
    *,
    kind: str = "post",
    status: str = "publish",
    slug: str | None = None,
    date: str = "2011-05-06 07:08:09",
    link: str | None = None,
    excerpt: str = "",
    password: str = "",
    parent: int = 0,
    terms: Iterable[tuple[str, str, str]] = (),
    comments: Iterable[str] = (),
    extra: str = "",
) -> str:
    """One ``<item>``; ``terms`` are (domain, nicename, name)."""
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    day = date[:10].replace("-", "/")
    link = link if link is not None else f"{OLD}/{day}/{slug}/"
    categories = "".join(
        f'<category domain="{d}" nicename="{n}"><![CDATA[{name}]]></category>\n'
        for d, n, name in terms
    )
    return f"""<item>
<title>{escape(title)}</title>
<link>{escape(link)}</link>
<dc:creator><![CDATA[ada]]></dc:creator>
{categories}<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_name>{escape(slug)}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_parent>{parent}</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>{kind}</wp:post_type>
<wp:post_password>{escape(password)}</wp:post_password>
{extra}{"".join(comments)}</item>
"""


def comment(
    comment_id: int,
    content: str,
    *,
    author: str = "Reader",
    url: str = "",
    email: str = "reader@mail.example",
    ip: str = "203.0.113.7",
    date: str = "2011-05-07 10:00:00",
    approved: str = "1",
    kind: str = "",
    parent: int = 0,
) -> str:
    """One ``<wp:comment>``, with an e-mail and IP address that must never be written."""
    return f"""<wp:comment>
<wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>{email}</wp:comment_author_email>
<wp:comment_author_url>{escape(url)}</wp:comment_author_url>
<wp:comment_author_IP>{ip}</wp:comment_author_IP>
<wp:comment_date>{date}</wp:comment_date>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{content}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent>
<wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>
"""


def write_export(folder: Path, document: str, name: str = "export.xml") -> Path:
    path = folder / name
    path.write_text(document, encoding="utf-8")
    return path


def pinned_env() -> dict[str, str]:
    """The environment of a test's commands, with time, timezone and locale pinned (for
    fixtures set up before the autouse fixture that pins them)."""
    return {**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH, "TZ": "UTC", "LC_ALL": "C.UTF-8"}


def import_wordpress(root: Path, export_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``plnpress -C root import wordpress EXPORT ARGS`` in a process of its own."""
    return plnpress(root, "import", "wordpress", str(export_file), *args, env=pinned_env())


LOCAL_MEDIA = "allow_private_addresses: true"


def new_blog(folder: Path) -> Path:
    """A blog as ``plnpress init`` makes it, allowed to fetch from 127.0.0.1 (the tests' stand-in
    for the old site's uploads)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "plnpress",
            "init",
            str(folder),
            "--url",
            "https://blog.example.org/",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=pinned_env(),
    )
    config = folder / "plnpress.yaml"
    text_ = config.read_text(encoding="utf-8")
    assert "webmention:\n" in text_
    config.write_text(
        text_.replace("webmention:\n", f"webmention:\n  {LOCAL_MEDIA}\n"), encoding="utf-8"
    )
    return folder


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 80, 40)).save(buffer, format=kind)
    return buffer.getvalue()


_FILES = {
    ".jpg": ("image/jpeg", "JPEG"),
    ".jpeg": ("image/jpeg", "JPEG"),
    ".png": ("image/png", "PNG"),
    ".gif": ("image/gif", "GIF"),
}


def uploads(missing: Iterable[str] = ()) -> tuple[dict[str, bytes], Handler]:
    """A handler that serves a small picture (or a few bytes of "audio") at any path, except the
    paths containing one of ``missing`` (404); and what it served, by path."""
    served: dict[str, bytes] = {}
    gone = tuple(missing)

    def handler(request: RecordedRequest) -> Reply:
        path = request.path
        if any(part in path for part in gone):
            return text("not found", status=404)
        suffix = path[path.rfind(".") :].lower() if "." in path else ""
        if suffix in _FILES:
            kind, pillow = _FILES[suffix]
            body = _image(pillow)
        else:
            kind, body = "application/octet-stream", f"file at {path}".encode()
        served[path] = body
        return text(body, content_type=kind)

    return served, handler


def path_of(url: str) -> str:
    return urlsplit(url).path
