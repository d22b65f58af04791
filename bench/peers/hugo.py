# ruff: noqa: E501 (the templates below are HTML, kept as the tools read them)
"""Hugo: installed from Debian's package when missing (as root, where apt is available)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bench.corpus import Post

CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Bench Blog"
languageCode = "en"
paginate = 10
rssLimit = 20
disableKinds = ["section"]

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]

[markup.highlight]
noClasses = false

[permalinks]
posts = "/:year/:month/:slug/"
"""

BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""

SINGLE = """{{ define "main" }}<article class="h-entry"><h1 class="p-name">{{ .Title }}</h1>
<time class="dt-published" datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
<div class="e-content">{{ .Content }}</div>
<ul>{{ range .Params.tags }}<li><a class="p-category" href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
</article>
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><div class="h-feed">
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $paginator := .Paginate $pages }}
{{ range $paginator.Pages }}<article class="h-entry"><h2><a class="u-url p-name" href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="p-summary">{{ .Summary | plainify | truncate 300 }}</p></article>{{ end }}
{{ if $paginator.HasPrev }}<a rel="prev" href="{{ $paginator.Prev.URL }}">Newer</a>{{ end }}
{{ if $paginator.HasNext }}<a rel="next" href="{{ $paginator.Next.URL }}">Older</a>{{ end }}
</div>{{ end }}
"""

TERMS = """{{ define "main" }}<h1>Tags</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"""


def hugo() -> str | None:
    return shutil.which("hugo")


def install() -> str | None:
    """Install Hugo if missing; the reason it is not available, or None."""
    if hugo():
        return None
    if not shutil.which("apt-get"):
        return "hugo is not installed and apt-get is not available"
    if os.geteuid() != 0:
        return "hugo is not installed and installing it needs root (apt-get install hugo)"
    done = subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], capture_output=True)
    if done.returncode != 0 or not hugo():
        update = subprocess.run(["apt-get", "update", "-q"], capture_output=True)
        done = subprocess.run(["apt-get", "install", "-y", "-q", "hugo"], capture_output=True)
        if update.returncode or done.returncode or not hugo():
            return "apt-get install hugo failed: " + done.stderr.decode()[-300:]
    return None


def version() -> str:
    out = subprocess.run([hugo() or "hugo", "version"], capture_output=True, text=True).stdout
    return out.split()[1] if out.split()[1:] else "?"


def write_layouts(root: Path) -> None:
    """The config and templates (written on every run, so a change here reaches an existing
    corpus)."""
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(CONFIG)
    (layouts / "baseof.html").write_text(BASE)
    (layouts / "single.html").write_text(SINGLE)
    (layouts / "list.html").write_text(LIST)
    (layouts / "terms.html").write_text(TERMS)


def write(posts: list[Post], root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    write_layouts(root)
    for post in posts:
        tags = ", ".join(f'"{tag}"' for tag in post.tags)
        front = (
            f'---\ntitle: "{post.title}"\ndate: {post.date:%Y-%m-%dT%H:%M:%SZ}\n'
            f"slug: {post.slug}\ntags: [{tags}]\n---\n\n"
        )
        (root / "content" / "posts" / f"{post.slug}.md").write_text(front + post.body)
    return root


def build(root: Path, output: Path) -> None:
    subprocess.run(
        [hugo() or "hugo", "--quiet", "--source", str(root), "--destination", str(output)],
        check=True,
        capture_output=True,
    )
