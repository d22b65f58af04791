"""A blog folder of N generated posts, for the ``plnpress serve`` benchmark.

Deterministic (seeded), so two runs measure the same blog. Each post has a title, a date, two or
three of 30 tags and a few paragraphs of Markdown (some with a list, a link or a code block).
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

CONFIG = """\
title: Benchmark Blog
base_url: https://bench.example.org/
timezone: UTC
author:
  name: Bench Writer
"""

WORDS = [
    *("learning", "network", "open", "notes", "reading", "writing", "feedback", "practice"),
    *("course", "community", "peer", "question", "answer", "idea", "draft", "teacher"),
    *("student", "web", "feed", "link", "share", "garden", "habit", "reflection", "project"),
    *("journal", "curiosity", "mentor", "source", "review", "together", "public", "small"),
]
TAGS = [f"topic-{n:02d}" for n in range(30)]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(4)]
    extra = rng.random()
    if extra < 0.3:
        paragraphs.append("\n".join(f"- {_sentence(rng)}" for _ in range(3)))
    elif extra < 0.5:
        paragraphs.append("```python\nfor note in notes:\n    print(note.title)\n```")
    elif extra < 0.7:
        paragraphs.append(f"See [the {rng.choice(WORDS)} page](https://example.org/{extra:.3f}).")
    return "\n\n".join(paragraphs)


START = datetime(2022, 1, 1, 8, 0)
STEP = timedelta(hours=19)


def post_path(root: Path, number: int) -> Path:
    """The file of post ``number`` (0-based)."""
    return root / "content" / "posts" / f"post-{number:04d}.md"


def post_url(number: int) -> str:
    """The address of post ``number`` under the site root (``/2022/01/post-0000/``)."""
    date = START + STEP * number
    return f"/{date:%Y}/{date:%m}/post-{number:04d}/"


def make_corpus(root: Path, posts: int = 1000, seed: int = 4) -> Path:
    """Write a fresh blog folder with ``posts`` posts into ``root``; returns ``root``."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "posts").mkdir(parents=True)
    (root / "plnpress.yaml").write_text(CONFIG, encoding="utf-8")
    for number in range(posts):
        date = START + STEP * number
        tags = ", ".join(rng.sample(TAGS, k=rng.randint(2, 3)))
        title = " ".join(rng.choices(WORDS, k=rng.randint(3, 6))).capitalize()
        post_path(root, number).write_text(
            f"---\ntitle: {title} {number}\ndate: {date:%Y-%m-%d %H:%M}\ntags: [{tags}]\n---\n\n"
            f"{_body(rng)}\n",
            encoding="utf-8",
        )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args()
    make_corpus(args.folder, args.posts)
    print(f"wrote {args.posts} posts to {args.folder}")


if __name__ == "__main__":
    main()
