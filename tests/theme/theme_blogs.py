"""A scratch blog that uses every feature the theme shows, hostile titles included.

The example blog in ``content/`` is what a writer sees; this one is built to corner the theme:
``<script>`` in titles and tags, footnotes and equal headings in several entries of one tag,
drafts, future and deleted entries, a bookmark without a title, relative links and images.
"""

from __future__ import annotations

import struct
import zlib

HOSTILE_TITLE = '<script>alert("title")</script> & “friends”'
HOSTILE_TAG = "<script>alert(1)</script>"
HOSTILE_TAG_SLUG = "script-alert-1-script"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small solid-colour PNG, so the blog has real images to show."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def config(base_url: str = "https://blog.example.org/") -> str:
    return f"""\
title: Ada's <Notes> & More
description: Learning in the open, one note at a time.
base_url: {base_url}
language: en-GB
timezone: Europe/Berlin
per_page: 2
author:
  name: Ada Example
  photo: /img/ada.png
  email: ada@blog.example.org
  note: I write to learn.
rel_me:
  - https://social.example.net/@ada
  - https://code.example.com/ada
webmention:
  endpoint: https://webmention.example.net/blog/webmention
"""


POSTS = {
    "content/posts/2025-03-01-hello.md": """\
        ---
        title: Hello, world
        updated: 2025-03-05 10:00
        tags: [Python, IndieWeb]
        category: Notes
        summary: The first post, with a footnote and a picture.
        image: /img/cover.png
        image_alt: An orange square
        syndication:
          - https://social.example.net/@ada/1
        ---

        Here is a [link to the about page](/about/), [one relative to this post](notes.txt) and
        a footnote.[^1] [Jump down](#background).

        ## Background

        ![A cat](/img/cat.png "A picture of a cat")

        ```python
        print("hello")
        ```

        | Left | Right |
        | ---- | ----- |
        | a    | b     |

        [^1]: The footnote text.
        """,
    "content/posts/2025-04-10-reply.md": """\
        ---
        title: A reply
        tags: [indieweb]
        in_reply_to:
          - https://other.example.com/2025/04/their-post/
        like_of:
          - https://other.example.com/2025/04/liked/
        ---

        I agree with this.[^1]

        ## Background

        More text.

        [^1]: Another footnote.
        """,
    "content/posts/2025-05-20-hostile.md": f"""\
        ---
        title: '{HOSTILE_TITLE}'
        tags: ['{HOSTILE_TAG}', python]
        ---

        A body with <b>raw</b> HTML and a [link](/about/ "<script>alert(2)</script>").
        """,
    "content/posts/2025-06-01-draft.md": """\
        ---
        title: Unfinished thoughts
        draft: true
        tags: [python]
        ---

        Not ready.
        """,
    "content/posts/2027-01-01-scheduled.md": """\
        ---
        title: From the future
        tags: [python]
        ---

        Not yet.
        """,
    "content/posts/2025-01-15-gone.md": """\
        ---
        title: Regrettable
        deleted: true
        tags: [python]
        ---

        Removed.
        """,
}

LINKS = {
    "content/links/2025-04-01-webmention.md": """\
        ---
        title: Webmention - IndieWeb
        bookmark_of: https://indieweb.org/Webmention
        quote: A Webmention is a notification that one URL links to another.
        via: https://friend.example.com/
        tags: [IndieWeb]
        ---

        The clearest introduction to Webmention I know.[^1]

        [^1]: It has diagrams.
        """,
    "content/links/2025-02-01-untitled.md": """\
        ---
        bookmark_of: https://www.example.com/some/article/
        via: a colleague
        ---

        No title given, so the address stands in.
        """,
}

PAGES = {
    "content/pages/about.md": """\
        ---
        title: About
        menu: 1
        summary: Who writes here.
        ---

        I am Ada.
        """,
    "content/pages/now.md": """\
        ---
        title: Now
        menu: 2
        ---

        Reading about feeds.
        """,
    "content/pages/colophon.md": """\
        ---
        title: Colophon
        ---

        Built with plnpress.
        """,
}

STATIC: dict[str, str | bytes] = {
    "content/static/img/ada.png": png(8, 8, (40, 90, 160)),
    "content/static/img/cover.png": png(16, 9, (230, 120, 40)),
    "content/static/img/cat.png": png(12, 12, (90, 90, 90)),
    "content/static/2025/03/hello/notes.txt": "Notes beside the post.\n",
}


def files(base_url: str = "https://blog.example.org/") -> dict[str, str | bytes]:
    """Every file of the scratch blog, for ``make_site`` or ``write_files``."""
    return {"plnpress.yaml": config(base_url), **POSTS, **LINKS, **PAGES, **STATIC}
