"""``plnpress init``: a new blog folder that builds at once."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from plnpress import clock
from plnpress.atomic import atomic_write
from plnpress.config import CONFIG_FILE
from plnpress.errors import PlnpressError

_CONFIG = """\
# plnpress.yaml: your blog's settings. Lines starting with # are comments.
# Every key is explained in docs/configuration.md.

title: {title}
description: A blog about what I am learning, written in the open.
base_url: {url}          # where the site will be published
language: en
timezone: {timezone}

author:                  # shown as your h-card on every page
  name: {author}
  # url: https://example.org/
  # photo: /images/me.jpg  (put the file in content/static/images/)
  # note: One sentence about you.

# rel_me:                # your profiles elsewhere, for IndieAuth and rel=me verification
#   - https://mastodon.social/@you

per_page: 10
search: true             # a search page and index (Pagefind), made by every build

webmention:
  # endpoint: https://webmention.io/example.org/webmention
  moderation: first-time
"""

_POST = """\
---
title: Hello, world
date: {date}
tags: [meta]
---

This is my first post. Posts live in `content/posts/`, one Markdown file each.
The lines between the `---` marks at the top are the *front matter*: the title, the date and
the tags of the post.

Run `plnpress new post "My next post"` to start another one.
"""

_LINK = """\
---
title: IndieWeb
bookmark_of: https://indieweb.org/
date: {date}
tags: [indieweb]
---

A link-bookmark: the page worth sharing goes in `bookmark_of`, and this text is your comment.
"""

_ABOUT = """\
---
title: About
menu: 1
---

Who writes here, and why. Pages live in `content/pages/`; `menu: 1` puts this one first in the
navigation.
"""

_GITIGNORE = """\
# What plnpress makes from your files: built again on every deploy, never committed.
site/
.plnpress-cache/
*.sqlite3*
"""

_NETLIFY = """\
# Netlify: how to build and publish this blog (see plnpress's docs/deploying.md).
[build]
  command = "pip install plnpress && plnpress build"
  publish = "site"

[build.environment]
  PYTHON_VERSION = "3.11"

# Keep plnpress's build state (.plnpress-cache/) between deploys, so that a deploy renders only
# what changed (plnpress checks everything it restores).
[[plugins]]
  package = "netlify-plugin-cache"
  [plugins.inputs]
    paths = [".plnpress-cache"]

# A pull request's preview is built for its own address, so that its links stay inside it.
[context.deploy-preview]
  command = "pip install plnpress && plnpress build --base-url \\"$DEPLOY_PRIME_URL\\""

# Security headers. The default theme has no inline scripts or styles, so the policy can be strict.
[[headers]]
  for = "/*"
  [headers.values]
    Content-Security-Policy = "{csp}"
    X-Content-Type-Options = "nosniff"
    Referrer-Policy = "strict-origin-when-cross-origin"
"""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; "
    "form-action 'self' https:; base-uri 'self'; frame-ancestors 'none'"
)
"""What the default theme needs, and nothing more: its own files, pictures from anywhere over
https (avatars of the people who respond), forms that post to a Webmention endpoint, and
WebAssembly for the search page (Pagefind's index is read by WebAssembly; ``'wasm-unsafe-eval'``
allows compiling the site's own ``.pagefind`` files, and no ``eval`` of text)."""


def init_blog(
    folder: Path,
    title: str = "My learning journal",
    url: str = "https://example.org/",
    author: str = "Your Name",
    timezone: str = "UTC",
    now: datetime | None = None,
) -> list[Path]:
    """Create a blog folder; refuse to touch one that already has a config. Returns files made."""
    if (folder / CONFIG_FILE).exists():
        raise PlnpressError(f"{folder / CONFIG_FILE} already exists; this is a blog folder already")
    when = (now or clock.now()).replace(microsecond=0)
    day = when.strftime("%Y-%m-%d")
    stamp = when.isoformat(sep=" ")
    files = {
        CONFIG_FILE: _CONFIG.format(
            title=json.dumps(title),
            url=json.dumps(url),
            author=json.dumps(author),
            timezone=json.dumps(timezone),
        ),
        f"content/posts/{day}-hello-world.md": _POST.format(date=stamp),
        f"content/links/{day}-indieweb.md": _LINK.format(date=stamp),
        "content/pages/about.md": _ABOUT,
        ".gitignore": _GITIGNORE,
        "netlify.toml": _NETLIFY.format(csp=CONTENT_SECURITY_POLICY),
    }
    made = []
    for rel, text in files.items():
        path = folder / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        made.append(path)
    (folder / "content" / "static").mkdir(parents=True, exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    return made
