"""plnpress import jekyll|hugo|pelican: small sites written as each generator expects, with its
config, drafts, pages, bundles, static files and template tags; and webmention send --mark-sent."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import build_blog, write_files
from tests.images.photos import phone_photo, png
from tests.importers.realblogs import plnpress, summary

CAT = phone_photo(12, 8)
LAKE = phone_photo(16, 9)
GRAPH = png(8, 8)

JEKYLL: dict[str, str | bytes] = {
    "_config.yml": "title: Old\npermalink: /blog/:year/:title.html\n",
    "_posts/2020-01-02-first.md": """\
        ---
        layout: post
        title: "First: a start"
        categories: [notes]
        description: The very first.
        ---
        Hello -- "world". {% highlight ruby %}
        puts "hi -- there"
        {% endhighlight %}
        See [the next]({% post_url 2020-02-03-second %}),
        ![a cat]({{ site.baseurl }}/img/cat.jpg)
        {: .center}
        """,
    "_posts/2020-02-03-second.markdown": """\
        ---
        title: Second
        redirect_from: [/old-second/]
        ---
        {% raw %}`{{ page.title }}`{% endraw %} and {% include note.html %}
        """,
    "_posts/2020-03-04-hidden.md": "---\ntitle: Hidden\npublished: false\n---\nSecret one.\n",
    "_drafts/unfinished.md": "---\ntitle: Unfinished\n---\nNot yet.\n",
    "about.md": "---\ntitle: About\n---\nMe.\n",
    "index.html": "---\nlayout: home\n---\n{% for p in site.posts %}{% endfor %}\n",
    "img/cat.jpg": CAT,
    "_layouts/post.html": "<html>{{ content }}</html>\n",
    "Gemfile": "source 'https://rubygems.org'\n",
}


def _blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    assert (
        plnpress(tmp_path, "init", str(root), "--url", "https://new.example.org/").returncode == 0
    )
    for folder in ("posts", "links", "pages"):
        for path in (root / "content" / folder).glob("*.md"):
            path.unlink()
    return root


def _front(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text().split("---\n")[1])
    assert isinstance(data, dict)
    return data


def test_a_jekyll_site(tmp_path: Path) -> None:
    old = write_files(tmp_path / "old", JEKYLL)
    root = _blog(tmp_path)
    run = plnpress(root, "import", "jekyll", str(old))
    assert run.returncode == 0, run.stderr
    counts = summary(run)
    assert (counts["posts"], counts["pages"], counts["drafts"], counts["static files"]) == (
        4,
        1,
        2,
        1,
    )
    assert "_posts/2020-02-03-second.markdown:5: warning: {% include note.html %}" in run.stderr
    first = (root / "content/posts/2020-01-02-first.md").read_text()
    assert _front(root / "content/posts/2020-01-02-first.md") == {
        "title": "First: a start",
        "date": _front(root / "content/posts/2020-01-02-first.md")["date"],
        "summary": "The very first.",
        "tags": ["notes"],
        "extra": {"layout": "post"},
        "aliases": ["/blog/2020/first.html"],
    }
    assert '```ruby\nputs "hi -- there"\n```' in first
    assert "[the next](/2020/02/second/)" in first and "](/img/cat.jpg)" in first
    assert "{:" not in first
    second = _front(root / "content/posts/2020-02-03-second.md")
    assert second["aliases"] == ["/blog/2020/second.html", "/old-second/"]
    assert _front(root / "content/pages/about.md")["permalink"] == "/about.html"
    assert (root / "content/static/img/cat.jpg").read_bytes() == CAT
    assert not (root / "content/static/Gemfile").exists()
    assert "index.html: not imported" in run.stderr

    result = build_blog(root)
    site = result.output_dir
    assert (site / "blog/2020/first.html").is_file() and (site / "old-second/index.html").is_file()
    text = "".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())
    assert "Secret one" not in text and "Not yet" not in text
    assert [w.path for w in result.warnings] == ["content/posts/2020-02-03-second.md"]


HUGO: dict[str, str | bytes] = {
    "config.toml": 'baseURL = "https://old.example.com/"\n'
    '[permalinks]\n  posts = "/:year/:month/:slug/"\n',
    "content/posts/trip/index.md": """\
        +++
        title = "A trip"
        date = 2021-06-01T10:00:00+02:00
        tags = ["travel"]
        lastmod = 2021-06-02
        aliases = ["/trip-2021/"]
        +++

        {{< figure src="lake.jpg" caption="The lake at dawn" >}}

        Back to {{< ref "posts/home.md" >}} or {{< youtube dQw4w9WgXcQ >}}; {{< gallery >}}
        """,
    "content/posts/trip/lake.jpg": LAKE,
    "content/posts/home.md": "---\ntitle: Home\ndate: 2021-01-01\ndraft: true\n---\nDraft.\n",
    "content/posts/_index.md": "---\ntitle: Posts\n---\n",
    "content/about.md": "---\ntitle: About me\n---\nHi.\n",
    "content/posts/notes.rst": "A title\n=======\n",
    "static/favicon.ico": b"ico",
}


def test_a_hugo_site_with_toml_and_a_bundle(tmp_path: Path) -> None:
    old = write_files(tmp_path / "old", HUGO)
    root = _blog(tmp_path)
    run = plnpress(root, "import", "hugo", str(old))
    assert run.returncode == 0, run.stderr
    assert "posts/notes.rst: not imported: reStructuredText" in run.stderr
    assert "posts/_index.md: not imported" in run.stderr
    assert "{{< gallery >}}: a Hugo shortcode left as it is" in run.stderr
    trip = root / "content/posts/2021-06-01-trip/index.md"
    front = _front(trip)
    assert front["aliases"] == ["/trip-2021/"]  # its old address is also its new one
    assert (trip.parent / "lake.jpg").read_bytes() == LAKE
    body = trip.read_text()
    assert '![The lake at dawn](lake.jpg "The lake at dawn")' in body
    assert "(https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in body
    assert "Back to /2021/01/home/" in body
    assert _front(root / "content/posts/2021-01-01-home.md")["draft"] is True
    assert (root / "content/static/favicon.ico").exists()

    site = build_blog(root).output_dir
    assert (site / "2021/06/trip/lake.jpg").exists()
    assert (site / "trip-2021/index.html").exists()


PELICAN: dict[str, str | bytes] = {
    "pelicanconf.py": "import os\nSITEURL = 'https://old.example.net'\n"
    "ARTICLE_URL = 'posts/{date:%Y}/{slug}/'\nSTATIC_PATHS = ['images']\n",
    "content/articles/one.md": """\
        Title: One, with headers
        Date: 2019-03-04 10:00
        Tags: python, data
        Category: Science
        Slug: one
        Summary: The first one.

        ![graph]({static}/images/graph.png) and [two]({filename}/articles/two.md).
        {% img /images/graph.png 300 200 'A graph' 'The graph' %}
        """,
    "content/articles/two.md": "Title: Two\nDate: 2019-04-05\nStatus: draft\n\nNot yet.\n",
    "content/articles/three.ipynb": "{}",
    "content/images/graph.png": GRAPH,
}


def test_a_pelican_site_with_its_headers_and_config(tmp_path: Path) -> None:
    old = write_files(tmp_path / "old", PELICAN)
    root = _blog(tmp_path)
    run = plnpress(root, "import", "pelican", str(old))
    assert run.returncode == 0, run.stderr
    assert "articles/three.ipynb: not imported: a Jupyter notebook" in run.stderr
    one = root / "content/posts/2019-03-04-one.md"
    front = _front(one)
    assert (front["title"], front["tags"], front["category"], front["summary"]) == (
        "One, with headers",
        ["python", "data"],
        "Science",
        "The first one.",
    )
    assert front["aliases"] == ["/posts/2019/one/"]
    body = one.read_text()
    assert "![graph](/images/graph.png)" in body and "[two](/2019/04/two/)" in body
    assert '![The graph](/images/graph.png "A graph")' in body
    assert _front(root / "content/posts/2019-04-05-two.md")["draft"] is True
    build_blog(root)


def test_a_second_import_keeps_an_edited_file_and_changes_nothing_else(tmp_path: Path) -> None:
    old = write_files(tmp_path / "old", JEKYLL)
    root = _blog(tmp_path)
    plnpress(root, "import", "jekyll", str(old))
    first = root / "content/posts/2020-01-02-first.md"
    first.write_text(first.read_text() + "\nMy edit.\n")
    (old / "_posts/2020-02-03-second.markdown").write_text("---\ntitle: Second, renamed\n---\nx\n")
    run = plnpress(root, "import", "jekyll", str(old))
    counts = summary(run)
    assert (counts["files kept"], counts["files updated"], counts["files new"]) == (1, 1, 0)
    assert "content/posts/2020-01-02-first.md: kept as it is" in run.stderr
    assert first.read_text().endswith("My edit.\n")
    assert "Second, renamed" in (root / "content/posts/2020-02-03-second.md").read_text()


def test_mark_sent_records_every_link_and_the_next_send_sends_nothing(tmp_path: Path) -> None:
    root = _blog(tmp_path)
    write_files(
        root,
        {
            "content/posts/2020-01-01-moved.md": "---\ntitle: Moved\n---\n"
            "[a](https://one.example/) [b](https://two.example/)\n",
            "content/posts/2020-01-02-draft.md": "---\ntitle: D\ndraft: true\n---\n"
            "[c](https://three.example/)\n",
        },
    )
    before = plnpress(root, "webmention", "send", "--dry-run")
    assert "https://one.example/" in before.stdout
    marked = plnpress(root, "webmention", "send", "--mark-sent")
    assert marked.returncode == 0, marked.stderr
    assert "Marked 2 links as already notified" in marked.stdout
    sent = (root / "content/mentions/_sent.yaml").read_text()
    assert "three.example" not in sent and "marked as sent without sending" in sent
    after = plnpress(root, "webmention", "send", "--dry-run")
    assert "Nothing to send" in after.stdout + after.stderr
    assert plnpress(root, "webmention", "send", "--mark-sent", "--dry-run").returncode == 2
