"""A scratch blog big enough that every kind of change moves things across pages: 26 posts and 5
link-bookmarks over 4 tags, three to a page, with pages, a draft, a scheduled post, a
tombstone and an old address (``aliases:``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from plnpress.build import BuildResult, build
from tests.conftest import BASIC_CONFIG, build_blog, tree

CONFIG = BASIC_CONFIG + "per_page: 3\ndescription: Notes on small things.\n"
TAGS = ["Python", "Open Ed", "IndieWeb", "Notes"]


def post(number: int) -> str:
    tags = ", ".join(TAGS[i % len(TAGS)] for i in range(number, number + 1 + number % 3))
    other = (number * 7) % 26
    return f"""\
---
title: Post number {number}
date: 2025-{1 + number % 12:02d}-{1 + number:02d} 10:{number:02d}
tags: [{tags}]
---

Post {number} opens with a summary line that lists show.

It links to [post {other}](/2025/{1 + other % 12:02d}/post-{other}/) and to
<https://example.com/read/{number}>, with `code` and a list:

- one thing
- another

```python
print({number})
```
"""


def link(number: int) -> str:
    return f"""\
---
bookmark_of: https://example.net/article-{number}
date: 2025-06-{10 + number:02d} 08:00
tags: [{TAGS[number % len(TAGS)]}]
---

Worth reading, note {number}.
"""


BLOGROLL = """\
- name: Idris Lane
  url: https://idris.example.net/
  feed: https://idris.example.net/feed.xml
  note: Writes up every experiment.
  tags: [science]
- name: Priya Nair
  url: https://priya.example.com/
"""


ALIAS_LINE = "aliases: [/2025/02/post-thirteen/]\n"
"""Post 13's old address."""


def blog_files() -> dict[str, str]:
    files = {"plnpress.yaml": CONFIG}
    for number in range(26):
        files[f"content/posts/post-{number}.md"] = post(number)
    files["content/posts/post-13.md"] = post(13).replace("---\n", f"---\n{ALIAS_LINE}", 1)
    for number in range(5):
        files[f"content/links/2025-06-{10 + number:02d}-article-{number}.md"] = link(number)
    files["content/pages/about.md"] = "---\ntitle: About\nmenu: 1\n---\n\nAbout *me*.\n"
    files["content/pages/now.md"] = "---\ntitle: Now\n---\n\nWhat I do now.\n"
    files["content/posts/draft.md"] = (
        "---\ntitle: Unfinished\ndate: 2025-07-01\ndraft: true\ntags: [Python]\n---\n\nSoon.\n"
    )
    files["content/posts/scheduled.md"] = (
        "---\ntitle: Next year\ndate: 2027-01-01\ntags: [Notes]\n---\n\nLater.\n"
    )
    files["content/mentions/2025-08-post-7.yaml"] = (
        "target: https://blog.example.org/2025/08/post-7/\nresponses:\n"
        "  - source: https://friend.example.net/likes-7\n    kind: like\n    status: pending\n"
        "    received: '2025-08-09T10:00:00+00:00'\n    author:\n      name: Pat\n"
        "  - source: https://other.example.net/on-7\n    kind: mention\n    status: approved\n"
        "    received: '2025-08-10T10:00:00+00:00'\n    author:\n      name: Sam\n"
        "    excerpt: '[…] post 7 says […]'\n"
    )
    files["content/blogroll.yaml"] = BLOGROLL
    files["content/posts/gone.md"] = (
        "---\ntitle: Gone\ndate: 2025-02-02\ndeleted: true\n---\n\nRemoved.\n"
    )
    return files


def cold_tree(root: Path, scratch: Path, **options: object) -> dict[str, bytes]:
    """The site a build without any cache makes of ``root``'s files, built in a copy."""
    copy = scratch / "cold-copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".plnpress-cache", "site"))
    result = build_blog(copy, **options)
    return tree(result.output_dir)


def edit(root: Path, rel: str, change: Callable[[str], str]) -> None:
    path = root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


__all__ = ["ALIAS_LINE", "BuildResult", "blog_files", "build", "cold_tree", "edit", "post", "tree"]
