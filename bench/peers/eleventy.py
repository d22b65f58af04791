# ruff: noqa: E501 (the templates below are HTML, kept as the tools read them)
"""Eleventy 3: installed from the npm registry into bench/.work/eleventy when npm is there.

The site matches the others: a paginated home page (10 a page), a paginated page per tag, a tag
index, a feed of the newest 20 posts, and highlighted code (the official syntax plugin).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.corpus import Post

CONFIG = """\
const syntax = require("@11ty/eleventy-plugin-syntaxhighlight");

module.exports = function (config) {
  config.addPlugin(syntax);
  config.addCollection("tagPages", (api) => {
    const pages = [];
    const byTag = new Map();
    for (const post of api.getFilteredByTag("post").reverse()) {
      for (const tag of post.data.tags) {
        if (tag === "post") continue;
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(post);
      }
    }
    for (const [tag, posts] of byTag) {
      for (let i = 0; i < posts.length; i += 10) {
        pages.push({ tag, number: i / 10 + 1, total: Math.ceil(posts.length / 10),
                     posts: posts.slice(i, i + 10) });
      }
    }
    return pages;
  });
  return { dir: { input: "src", output: "_site" }, markdownTemplateEngine: false };
};
"""

LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} · Bench Blog</title>
<link rel="alternate" type="application/atom+xml" href="/feed.xml"></head>
<body><nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav>
<main><article class="h-entry"><h1 class="p-name">{{ title }}</h1>
<time class="dt-published" datetime="{{ page.date.toISOString() }}">{{ page.date.toDateString() }}</time>
<div class="e-content">{{ content | safe }}</div>
<ul>{% for tag in tags %}{% if tag != "post" %}<li><a class="p-category" href="/tags/{{ tag }}/">{{ tag }}</a></li>{% endif %}{% endfor %}</ul>
</article></main></body></html>
"""

LIST_ITEMS = """{% for post in items %}<article class="h-entry"><h2><a class="u-url p-name"
href="{{ post.url }}">{{ post.data.title }}</a></h2></article>{% endfor %}"""

INDEX = (
    """---
pagination:
  data: collections.post
  size: 10
  reverse: true
permalink: "{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}index.html"
---
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bench Blog</title></head><body>
<div class="h-feed">{% set items = pagination.items %}"""
    + LIST_ITEMS
    + """
{% if pagination.href.previous %}<a rel="prev" href="{{ pagination.href.previous }}">Newer</a>{% endif %}
{% if pagination.href.next %}<a rel="next" href="{{ pagination.href.next }}">Older</a>{% endif %}
</div></body></html>
"""
)

TAG = (
    """---
pagination:
  data: collections.tagPages
  size: 1
  alias: tp
permalink: "/tags/{{ tp.tag }}/{% if tp.number > 1 %}page/{{ tp.number }}/{% endif %}"
---
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ tp.tag }}</title></head><body>
<h1>Tagged {{ tp.tag }}</h1><div class="h-feed">{% set items = tp.posts %}"""
    + LIST_ITEMS
    + """
<p>Page {{ tp.number }} of {{ tp.total }}</p></div></body></html>
"""
)

TAGS = """---
permalink: /tags/
---
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tags</title></head><body><ul>
{% for tag, posts in collections %}{% if tag != "all" and tag != "post" and tag != "tagPages" %}
<li><a href="/tags/{{ tag }}/">{{ tag }}</a> {{ posts.length }}</li>{% endif %}{% endfor %}
</ul></body></html>
"""

FEED = """---
permalink: /feed.xml
eleventyExcludeFromCollections: true
---
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench Blog</title><id>https://bench.example.org/</id>
{% for post in collections.post | reverse %}{% if loop.index0 < 20 %}<entry><title>{{ post.data.title }}</title>
<id>https://bench.example.org{{ post.url }}</id><updated>{{ post.date.toISOString() }}</updated>
<content type="html">{{ post.templateContent }}</content></entry>{% endif %}{% endfor %}
</feed>
"""

PACKAGES = ["@11ty/eleventy@3", "@11ty/eleventy-plugin-syntaxhighlight@5"]


def install(work: Path) -> str | None:
    """Install Eleventy into ``work``; the reason it is not available, or None."""
    if (work / "node_modules" / ".bin" / "eleventy").exists():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed"
    work.mkdir(parents=True, exist_ok=True)
    (work / "package.json").write_text('{"private": true}\n')
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", *PACKAGES],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return "npm install failed: " + done.stderr[-300:]
    return None


def version(work: Path) -> str:
    package = work / "node_modules" / "@11ty" / "eleventy" / "package.json"
    return str(json.loads(package.read_text())["version"])


def write(posts: list[Post], root: Path) -> Path:
    src = root / "src"
    (src / "posts").mkdir(parents=True, exist_ok=True)
    (src / "_includes").mkdir(exist_ok=True)
    (root / "eleventy.config.js").write_text(CONFIG)
    (src / "_includes" / "post.njk").write_text(LAYOUT)
    (src / "index.njk").write_text(INDEX)
    (src / "tag.njk").write_text(TAG)
    (src / "tags.njk").write_text(TAGS)
    (src / "feed.njk").write_text(FEED)
    (src / "posts" / "posts.json").write_text('{"layout": "post.njk"}\n')
    for post in posts:
        tags = ", ".join(["post", *post.tags])
        front = (
            f'---\ntitle: "{post.title}"\ndate: {post.date:%Y-%m-%dT%H:%M:%SZ}\n'
            f"permalink: /{post.date:%Y/%m}/{post.slug}/\ntags: [{tags}]\n---\n\n"
        )
        (src / "posts" / f"{post.slug}.md").write_text(front + post.body)
    return root


def build(work: Path, root: Path, output: Path) -> None:
    subprocess.run(
        [str(work / "node_modules" / ".bin" / "eleventy"), "--quiet", f"--output={output}"],
        cwd=root,
        check=True,
        capture_output=True,
        env={"NODE_PATH": str(work / "node_modules"), "PATH": _path()},
    )


def _path() -> str:
    import os

    return os.environ.get("PATH", "")
