"""A realistic generated corpus: N posts of 600-1,200 words with code, lists, links, a table and
footnotes, tagged with 1-4 of 50 tags. Written both as a plnpress blog and as a Pelican project, so
both tools build the same text.

    python -m bench.corpus OUT_DIR [--kind bench|inline-heavy] [--posts 1000]
"""

from __future__ import annotations

import argparse
import random
import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "learning network open practice teacher student reading writing notes blog feed reply "
    "mention community question answer share idea course design curriculum research method "
    "evidence theory practice reflection journal archive web link page site author reader "
    "comment thread conversation tool habit time week project draft publish edit review "
    "friend colleague mentor peer school library book paper article chapter source quote "
    "summary outline map garden stream river"
).split()
TAGS = [f"topic-{n:02d}" for n in range(50)]
CODE = {
    "python": 'def greet(name: str) -> str:\n    """Say hello."""\n    return f"Hello, {name}!"\n\n'
    "for person in ['Ada', 'Grace']:\n    print(greet(person))\n",
    "yaml": "title: Notes\nbase_url: https://example.org/\nauthor:\n  name: Ada\ntags: [a, b]\n",
    "bash": 'for f in content/posts/*.md; do\n  echo "$f"\ndone | sort | head -n 20\n',
}


@dataclass(frozen=True)
class Post:
    title: str
    slug: str
    date: datetime
    tags: list[str]
    body: str


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, links: bool) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if links:
        host = rng.choice(["alpha", "beta", "gamma", "delta"])
        sentences.insert(
            1, f"See [{rng.choice(WORDS)}](https://{host}.example.com/{rng.choice(WORDS)}/)."
        )
    return " ".join(sentences)


def make_post(index: int, rng: random.Random) -> Post:
    title = " ".join(rng.choices(WORDS, k=rng.randint(3, 7))).capitalize() + f" {index}"
    # From 2016, so that 10,000 posts (seven hours apart) are all in the past.
    date = datetime(2016, 1, 1, 9, 0) + timedelta(hours=7 * index)
    tags = rng.sample(TAGS, rng.randint(1, 4))
    target_words = rng.randint(600, 1200)
    parts: list[str] = []
    words = 0
    section = 0
    language = rng.choice(list(CODE))
    while words < target_words:
        if section % 3 == 0:
            parts.append(f"## {' '.join(rng.choices(WORDS, k=3)).capitalize()} {section}")
        paragraph = _paragraph(rng, links=section % 2 == 0)
        if section == 1:
            paragraph += " This needs a note.[^1]"
        parts.append(paragraph)
        words += len(paragraph.split())
        if section == 2:
            parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
        if section == 3:
            parts.append(f"```{language}\n{CODE[language]}```")
        if section == 4:
            rows = "\n".join(
                f"| {rng.choice(WORDS)} | {rng.randint(1, 99)} | {rng.choice(WORDS)} |"
                for _ in range(4)
            )
            parts.append("| term | count | note |\n| --- | ---: | --- |\n" + rows)
        section += 1
    parts.append(f"[^1]: {_sentence(rng)}")
    return Post(title, f"post-{index:05d}", date, tags, "\n\n".join(parts) + "\n")


def generate(posts: int, seed: int = 20260101) -> list[Post]:
    rng = random.Random(seed)
    return [make_post(index, rng) for index in range(posts)]


PLNPRESS_CONFIG = """\
title: Bench Blog
base_url: https://bench.example.org/
timezone: UTC
author:
  name: Bench Writer
per_page: 10
"""

PELICAN_CONFIG = """\
AUTHOR = "Bench Writer"
SITENAME = "Bench Blog"
SITEURL = "https://bench.example.org"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RELATIVE_URLS = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
"""


def write_plnpress(posts: list[Post], root: Path) -> Path:
    folder = root / "content" / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    (root / "plnpress.yaml").write_text(PLNPRESS_CONFIG)
    for post in posts:
        tags = ", ".join(post.tags)
        front = (
            f"---\ntitle: {post.title}\ndate: {post.date:%Y-%m-%d %H:%M}\ntags: [{tags}]\n---\n\n"
        )
        (folder / f"{post.slug}.md").write_text(front + post.body)
    return root


def write_pelican_config(root: Path) -> None:
    """Written on every run, so that a change here reaches an existing corpus."""
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG)


def write_pelican(posts: list[Post], root: Path) -> Path:
    folder = root / "content"
    folder.mkdir(parents=True, exist_ok=True)
    write_pelican_config(root)
    for post in posts:
        meta = textwrap.dedent(
            f"""\
            Title: {post.title}
            Date: {post.date:%Y-%m-%d %H:%M}
            Tags: {", ".join(post.tags)}
            Slug: {post.slug}

            """
        )
        (folder / f"{post.slug}.md").write_text(meta + post.body)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--kind", default="bench", help="bench (default) or inline-heavy")
    args = parser.parse_args()
    from bench.kinds import KINDS

    posts = KINDS[args.kind](args.posts)
    write_plnpress(posts, args.out / "plnpress")
    write_pelican(posts, args.out / "pelican")
    print(f"wrote {len(posts)} posts under {args.out}")


if __name__ == "__main__":
    main()
