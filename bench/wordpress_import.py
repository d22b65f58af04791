"""Peak memory of ``plnpress import wordpress`` on a generated export of a given size.

The export is written as WordPress writes one (WXR 1.2): posts of the classic editor (text
without ``<p>``, captions, galleries, links, code) and of the block editor, tags and
categories, comments (threaded replies, a pingback, spam and unapproved ones), attachments,
pages and menu items. It is imported with ``--no-media`` into a blog made by ``plnpress init``;
the peak resident memory of the import (its process alone, ``ru_maxrss``, exact) and the time
are printed. The export streams through the importer in bounded memory, so the peak should not
grow with the file.

    python bench/wordpress_import.py --mb 200      # the figure issue 14 asks for (< 300 MB)
    python bench/wordpress_import.py --mb 20       # a quick look
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.memory import peak_memory

WORK = Path(__file__).resolve().parent / ".work"
OLD = "https://old-blog.example.com"
WORDS = (
    "learning network open teacher students reading writing notes practice feedback course "
    "question answer community blog post week idea research method classroom school web "
    "people conversation share link archive garden draft revision understanding"
).split()

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>A generated blog</title>
<link>{old}</link>
<description>Generated for a benchmark</description>
<language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{old}</wp:base_site_url>
<wp:base_blog_url>{old}</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[writer]]></wp:author_login>
<wp:author_email>writer@example.com</wp:author_email>
<wp:author_display_name><![CDATA[The Writer]]></wp:author_display_name></wp:author>
"""


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        words[at] = (
            f'<a href="https://site{rng.randint(1, 300)}.example.org/{words[at]}/">{words[at]}</a>'
        )
    if rng.random() < 0.1:
        words[0] = f"<em>{words[0]}</em>"
    return " ".join(words).capitalize() + "."


def _classic_body(rng: random.Random, post_id: int, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        roll = rng.random()
        if roll < 0.06:
            part = (
                f'[caption id="attachment_{post_id}" align="aligncenter" width="600"]'
                f'<img src="{OLD}/wp-content/uploads/2015/03/photo-{post_id}.jpg" alt="A photo" '
                f'width="600" height="400" /> {_sentence(rng)}[/caption]'
            )
        elif roll < 0.08:
            part = f'[gallery ids="{post_id + 1}"]'
        elif roll < 0.12:
            part = "<pre><code>for line in notes:\n    print(line)\n</code></pre>"
        elif roll < 0.16:
            part = "<ul>\n" + "".join(f"<li>{_sentence(rng)}</li>\n" for _ in range(3)) + "</ul>"
        else:
            lines = [_sentence(rng) for _ in range(rng.randint(2, 6))]
            part = " ".join(lines[:-1]) + "\n" + lines[-1]
        parts.append(part)
        length += len(part)
    return "\n\n".join(parts)


def _block_body(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        part = f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->"
        parts.append(part)
        length += len(part)
    return "\n\n".join(parts)


def _comments(rng: random.Random, post_id: int, permalink: str) -> str:
    out = []
    ids: list[int] = []
    for n in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
        comment_id = post_id * 10 + n
        parent = rng.choice(ids) if ids and rng.random() < 0.4 else 0
        approved = rng.choices(("1", "0", "spam"), (90, 5, 5))[0]
        kind = "pingback" if rng.random() < 0.05 else ""
        url = f"https://reader{n}.example.net/" if rng.random() < 0.5 else ""
        content = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        out.append(
            "<wp:comment>\n"
            f"<wp:comment_id>{comment_id}</wp:comment_id>\n"
            f"<wp:comment_author><![CDATA[Reader {n}]]></wp:comment_author>\n"
            f"<wp:comment_author_email><![CDATA[reader{n}@example.net]]></wp:comment_author_email>\n"
            f"<wp:comment_author_url>{url}</wp:comment_author_url>\n"
            "<wp:comment_author_IP><![CDATA[192.0.2.4]]></wp:comment_author_IP>\n"
            f"<wp:comment_date><![CDATA[2016-01-0{n % 9 + 1} 10:00:00]]></wp:comment_date>\n"
            f"<wp:comment_date_gmt><![CDATA[2016-01-0{n % 9 + 1} 10:00:00]]>"
            "</wp:comment_date_gmt>\n"
            f"<wp:comment_content><![CDATA[{content}]]></wp:comment_content>\n"
            f"<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>\n"
            f"<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>\n"
            f"<wp:comment_parent>{parent}</wp:comment_parent>\n"
            "<wp:comment_user_id>0</wp:comment_user_id>\n"
            "</wp:comment>\n"
        )
        ids.append(comment_id)
    return "".join(out)


def _item(post_id: int, kind: str, title: str, slug: str, date: str, body: str, extra: str) -> str:
    day = date[:10].replace("-", "/")
    link = f"{OLD}/{day}/{slug}/" if kind == "post" else f"{OLD}/{slug}/"
    return (
        f"<item>\n<title><![CDATA[{title}]]></title>\n<link>{link}</link>\n"
        f"<pubDate>Mon, 02 Mar 2015 10:00:00 +0000</pubDate>\n"
        "<dc:creator><![CDATA[writer]]></dc:creator>\n"
        f'<guid isPermaLink="false">{OLD}/?p={post_id}</guid>\n<description></description>\n'
        f"<content:encoded><![CDATA[{body}]]></content:encoded>\n"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n"
        f"<wp:post_date><![CDATA[{date}]]></wp:post_date>\n"
        f"<wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>\n"
        "<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
        f"<wp:post_name><![CDATA[{slug}]]></wp:post_name>\n"
        f"{extra}</item>\n"
    )


def _items(rng: random.Random) -> Iterator[str]:
    post_id = 100
    while True:
        post_id += 10
        year, month, day = 2008 + post_id % 15, post_id % 12 + 1, post_id % 28 + 1
        date = f"{year}-{month:02d}-{day:02d} {post_id % 24:02d}:{post_id % 60:02d}:00"
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
        title = " ".join(words).capitalize()
        slug = "-".join(words) + f"-{post_id}"
        kind = "page" if post_id % 500 == 0 else "post"
        status = rng.choices(("publish", "draft", "private", "future"), (92, 5, 2, 1))[0]
        size = rng.randint(3_000, 12_000)
        body = _block_body(rng, size) if rng.random() < 0.3 else _classic_body(rng, post_id, size)
        tags = "".join(
            f'<category domain="post_tag" nicename="{w}"><![CDATA[{w}]]></category>\n'
            for w in rng.sample(WORDS, 3)
        )
        topic = post_id % 7
        category = (
            f'<category domain="category" nicename="c{topic}"><![CDATA[Topic {topic}]]>'
            "</category>\n"
        )
        permalink = f"{OLD}/{date[:10].replace('-', '/')}/{slug}/"
        extra = (
            f"<wp:status><![CDATA[{status}]]></wp:status>\n<wp:post_parent>0</wp:post_parent>\n"
            f"<wp:menu_order>0</wp:menu_order>\n<wp:post_type><![CDATA[{kind}]]></wp:post_type>\n"
            f"<wp:post_password></wp:post_password>\n<wp:is_sticky>0</wp:is_sticky>\n"
            + (category + tags if kind == "post" else "")
            + _comments(rng, post_id, permalink)
        )
        yield _item(post_id, kind, title, slug, date, body, extra)
        attachment = (
            "<wp:status>inherit</wp:status>\n"
            f"<wp:post_parent>{post_id}</wp:post_parent>\n<wp:menu_order>0</wp:menu_order>\n"
            "<wp:post_type>attachment</wp:post_type>\n"
            f"<wp:attachment_url>{OLD}/wp-content/uploads/2015/03/photo-{post_id}.jpg</wp:attachment_url>\n"
        )
        yield _item(
            post_id + 1, "attachment", f"photo {post_id}", f"photo-{post_id}", date, "", attachment
        )
        if post_id % 200 == 0:
            menu = "<wp:status>publish</wp:status>\n<wp:post_type>nav_menu_item</wp:post_type>\n"
            yield _item(post_id + 2, "nav_menu_item", "Menu", f"menu-{post_id}", date, "", menu)


def write_export(path: Path, megabytes: int, seed: int = 14) -> int:
    """Write an export of about ``megabytes`` MB; return how many items it holds."""
    rng = random.Random(seed)
    wanted = megabytes * 1024 * 1024
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.format(old=OLD))
        written = 0
        for item in _items(rng):
            out.write(item)
            written += len(item)
            count += 1
            if written >= wanted:
                break
        out.write("</channel>\n</rss>\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the export, in MB")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    export = WORK / f"wordpress-{args.mb}mb.xml"
    if not export.exists():
        print(f"writing {export} ...", flush=True)
        items = write_export(export, args.mb)
        print(f"  {items} items, {export.stat().st_size / 1024 / 1024:.0f} MB")
    blog = WORK / f"wordpress-blog-{args.mb}mb"
    shutil.rmtree(blog, ignore_errors=True)
    plnpress = [sys.executable, "-m", "plnpress"]
    subprocess.run([*plnpress, "init", str(blog)], check=True, stdout=subprocess.DEVNULL)
    command = [*plnpress, "-C", str(blog), "import", "wordpress", "--no-media", str(export)]
    started = time.monotonic()
    peak = peak_memory(command)
    seconds = time.monotonic() - started
    posts = len(list((blog / "content/posts").glob("*.md")))
    print(
        f"import of a {export.stat().st_size / 1024 / 1024:.0f} MB export: {posts} posts in "
        f"{seconds:.0f} s; peak RSS of the import process {peak.main_rss:.0f} MB "
        f"(process tree: RSS {peak.tree_rss:.0f} MB, PSS {peak.tree_pss:.0f} MB)"
    )


if __name__ == "__main__":
    main()
