"""The example blog in ``content/`` shows off every feature plnpress has; this notices if it stops.

The example is what a newcomer builds first and what other tests (feeds, microformats, validation)
run against, so each feature here is checked where a reader would see it: in the built pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import mf2py
import pytest
import yaml

from plnpress.config import load_config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog
from plnpress.model import Entry, EntryKind, Site
from tests.conftest import PINNED_EPOCH, REPO, build_blog

REAL_HOSTS = {"indieweb.org", "www.w3.org", "microformats.org"}
"""Well-known real sites the example may link to; everything else uses reserved example hosts."""


class _PageParser(HTMLParser):
    """Collects the ids, the link targets and the ``<meta>`` tags of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.targets: list[str] = []
        self.metas: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if name in values:
                self.targets.append(values[name])
        if tag == "meta":
            self.metas.append(values)


def _parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _html_pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def _page(site: Path, permalink: str) -> str:
    return (site / permalink.strip("/") / "index.html").read_text(encoding="utf-8")


def _copy_example(folder: Path) -> Path:
    blog = folder / "blog"
    blog.mkdir()
    shutil.copy(REPO / "plnpress.yaml", blog / "plnpress.yaml")
    shutil.copytree(REPO / "content", blog / "content")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", blog / "templates")
    return blog


@pytest.fixture(scope="module")
def model() -> Iterator[Site]:
    """The example blog's model as a default build sees it (read straight from the repository)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        log = ProblemLog()
        site = load_site(load_config(REPO), ContentOptions(), log)
    assert log.problems == ()
    assert site is not None
    yield site


@pytest.fixture(scope="module")
def pages(example_site: Path) -> dict[str, str]:
    """Every built HTML page of the example, by its path under the output folder."""
    return _html_pages(example_site)


def _posts(site: Site) -> tuple[Entry, ...]:
    return site.of_kind(EntryKind.POST)


def _links(site: Site) -> tuple[Entry, ...]:
    return site.of_kind(EntryKind.LINK)


def _with_key(site: Site, key: str) -> list[Entry]:
    """Entries whose front matter sets ``key`` (explicitly, not by default)."""
    return [e for e in (*site.entries, *site.tombstones) if key in e.lines]


def test_builds_without_warnings_and_reports_its_size(tmp_path: Path) -> None:
    result = build_blog(_copy_example(tmp_path), output=tmp_path / "site")

    assert result.warnings == ()
    assert len(_posts(result.site)) >= 8
    assert len(_links(result.site)) >= 6
    assert re.match(r"Built \d+ posts, \d+ links, 2 pages", result.summary)


def test_a_preview_built_for_another_address_keeps_its_responses(
    tmp_path: Path, example_site: Path
) -> None:
    blog = _copy_example(tmp_path)
    preview = "https://deploy-preview-7--fieldnotes.example.net"
    written = "HTTPS://Deploy-Preview-7--Fieldnotes.example.net"  # scheme and host: any case
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "--base-url", written]
    done = subprocess.run(command, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "responses stored for the published addresses still match"
    post = "2025/02/drawing-my-learning-network/index.html"
    page = (blog / "site" / post).read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{preview}/{post.removesuffix("index.html")}">' in page
    feed = (blog / "site/feed.xml").read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="text/html" href="{preview}/2025/' in feed
    published = mf2py.parse(doc=(example_site / post).read_text(encoding="utf-8"))
    previewed = mf2py.parse(doc=page)
    assert _comments(previewed) == _comments(published) != []
    assert page.count("h-cite") == (example_site / post).read_text().count("h-cite") >= 2

    wrong = subprocess.run([*command[:-1], "ftp://x"], capture_output=True, text=True, check=False)
    assert wrong.returncode == 2
    assert "--base-url" in wrong.stderr and "must start with http" in wrong.stderr


def _comments(parsed: dict[str, Any]) -> list[str]:
    entry = next(item for item in parsed["items"] if "h-entry" in item["type"])
    return [comment["properties"]["url"][0] for comment in entry["properties"].get("comment", [])]


def test_every_published_entry_is_dated_in_2025(model: Site) -> None:
    first, last = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 12, 21, tzinfo=UTC)
    for entry in (*model.entries, *model.tombstones):
        assert first <= entry.published < last, entry.source
        assert entry.published.tzinfo is not None


def test_most_entries_give_a_date_with_a_time(model: Site) -> None:
    timed = [
        e
        for e in model.entries
        if "date" in e.lines and (e.published.hour, e.published.minute) > (0, 0)
    ]
    assert len(timed) > len(model.entries) // 2


def test_tags_are_shared_and_the_biggest_tag_paginates(model: Site, example_site: Path) -> None:
    assert 8 <= len(model.tags) <= 12
    assert sum(1 for tag in model.tags if len(tag.entries) >= 3) >= 5
    biggest = max(model.tags, key=lambda tag: len(tag.entries))
    assert len(biggest.entries) >= 6
    assert model.config.site.per_page == 5
    second_page = _page(example_site, f"/tags/{biggest.slug}/page/2/")
    assert biggest.entries[-1].url in second_page


def test_an_image_with_a_title_becomes_a_figure(pages: dict[str, str], example_site: Path) -> None:
    figures = [
        match
        for html in pages.values()
        for match in re.findall(r"<figure><img ([^>]*)><figcaption>([^<]+)</figcaption>", html)
    ]
    assert figures
    attrs, caption = figures[0]
    src = re.search(r'src="/([^"]+)"', attrs)
    assert src is not None and (example_site / src.group(1)).is_file()
    assert 'alt="' in attrs and caption.strip()


@pytest.mark.parametrize(
    ("feature", "pattern"),
    [
        ("footnote reference", r'<sup class="footnote-ref"><a href="#fn1" id="fnref1">'),
        ("footnote", r'<li id="fn1" class="footnote-item">'),
        ("table", r"<table>\s*<thead>\s*<tr>\s*<th"),
        ("centred table column", r'<td class="align-center">'),
        ("done task", r'<input class="task-list-item-checkbox" checked="checked"'),
        ("open task", r'<input class="task-list-item-checkbox" disabled="disabled"'),
        ("strikethrough", r"<s>[^<]+</s>"),
        ("heading id", r'<h2 id="[a-z0-9-]+">'),
        ("typographic double quotes", r"“[^”<]+”"),
        ("typographic apostrophe", r"\w’\w"),
        ("dash", r" – "),
    ],
)
def test_markdown_features_appear_in_the_pages(
    pages: dict[str, str], feature: str, pattern: str
) -> None:
    assert any(re.search(pattern, html) for html in pages.values()), feature


@pytest.mark.parametrize("language", ["python", "yaml", "html", "bash"])
def test_fenced_code_is_highlighted(pages: dict[str, str], language: str) -> None:
    blocks = [
        block
        for html in pages.values()
        for block in re.findall(
            rf'<pre class="highlight"><code class="language-{language}">(.*?)</code></pre>',
            html,
            re.S,
        )
    ]
    assert blocks, language
    assert any('<span class="' in block for block in blocks)


def test_internal_links_and_images_resolve(
    model: Site, pages: dict[str, str], example_site: Path
) -> None:
    internal = 0
    for name, html in pages.items():
        parsed = _parse(html)
        for target in parsed.targets:
            if target.startswith("#"):
                assert target[1:] in parsed.ids, f"{name}: {target}"
                continue
            if not target.startswith("/") or target.startswith("//"):
                continue
            path = urlsplit(target).path
            file = example_site / path.lstrip("/")
            if path.endswith("/"):
                file = file / "index.html"
            assert file.is_file(), f"{name}: {target}"
            internal += 1
    assert internal > 0
    posts_linking_posts = [
        e for e in _posts(model) if re.search(r'href="/2025/\d\d/', e.content_html)
    ]
    assert len(posts_linking_posts) >= 3


def test_external_links_use_example_hosts_or_well_known_sites(model: Site) -> None:
    urls = [
        url
        for entry in model.entries
        for url in (*entry.links, *entry.in_reply_to, *entry.syndication, entry.bookmark_of or "")
        if url
    ]
    hosts = {urlsplit(url).hostname or "" for url in urls}
    assert hosts >= REAL_HOSTS
    for host in hosts - REAL_HOSTS:
        assert re.fullmatch(r"([a-z0-9-]+\.)+example\.(com|net|org)", host), host


def test_reply_and_syndication_are_marked_up(model: Site, example_site: Path) -> None:
    reply = next(e for e in model.entries if e.in_reply_to)
    syndicated = next(e for e in model.entries if e.syndication)
    for entry, prop, expected in (
        (reply, "in-reply-to", reply.in_reply_to),
        (syndicated, "syndication", syndicated.syndication),
    ):
        parsed = mf2py.parse(doc=_page(example_site, entry.path), url=entry.url)
        h_entry = next(item for item in parsed["items"] if "h-entry" in item["type"])
        assert tuple(h_entry["properties"][prop]) == expected
        assert urlsplit(expected[0]).hostname != urlsplit(entry.url).hostname


def test_optional_entry_fields_are_each_used(model: Site, example_site: Path) -> None:
    updated = _with_key(model, "updated")
    assert updated and all(e.updated and e.updated > e.published for e in updated)
    assert 'class="dt-updated"' in _page(example_site, updated[0].path)

    categorised = _with_key(model, "category")
    assert categorised and model.categories
    assert categorised[0].url in _page(example_site, f"/categories/{model.categories[0].slug}/")

    summarised = _with_key(model, "summary")
    assert summarised
    assert summarised[0].summary not in summarised[0].content_html

    pictured = [e.image for e in model.entries if e.image and e.image_alt]
    assert pictured
    assert (example_site / pictured[0].lstrip("/")).is_file()

    assert [e for e in model.entries if not e.webmentions]


def test_link_bookmarks_use_quote_via_and_a_title_from_the_domain(
    model: Site, example_site: Path
) -> None:
    links = _links(model)
    quoted = [e for e in links if e.quote]
    assert quoted
    assert 'class="quote p-content"' in _page(example_site, quoted[0].path)
    assert [e for e in links if e.via and "://" in e.via]
    assert [e for e in links if e.via and "://" not in e.via]

    untitled = [e for e in links if "title" not in e.lines]
    assert untitled
    domain = untitled[0].bookmark_domain
    assert domain is not None and untitled[0].title.startswith(domain)
    assert f">{untitled[0].title}</a></h1>" in _page(example_site, untitled[0].path)

    for entry in links:
        words = len(re.sub(r"<[^>]+>", " ", entry.content_html).split())
        assert 40 <= words <= 150, entry.source


def test_a_deleted_entry_is_a_410_tombstone_and_is_listed_nowhere(
    model: Site, pages: dict[str, str], example_site: Path
) -> None:
    assert model.tombstones
    tombstone = model.tombstones[0]
    page = _page(example_site, tombstone.path)
    assert 'http-equiv="Status"' not in page  # the Nu validator rejects it; _redirects says 410
    assert (
        f"{tombstone.path}  {tombstone.path}index.html  410!"
        in (example_site / "_redirects").read_text()
    )
    for link in tombstone.links:  # the sites it linked to see a page that no longer links to them
        assert f'href="{link}"' not in page
    for name, html in pages.items():
        if name != tombstone.location.output:
            assert tombstone.path not in html, name


def test_a_shortened_slug_keeps_its_old_address_and_its_responses(
    model: Site, example_site: Path
) -> None:
    (moved,) = [e for e in model.entries if e.aliases]
    (old,) = moved.aliases
    metas = _parse(_page(example_site, old.path)).metas
    assert {"http-equiv": "refresh", "content": f"0; url={moved.url}"} in metas
    assert f"{old.path}  {moved.path}  301!" in (example_site / "_redirects").read_text()
    stored = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "content/mentions").glob("[!_]*.yaml"))
    ]
    targets = {moved.url: 0, old.url: 0}
    for archive in stored:
        if archive["target"] in targets:
            targets[archive["target"]] += len(archive["responses"])
    assert all(targets.values())  # responses stored for both addresses, shown together
    assert moved.responses.count == sum(targets.values())


def test_pages_fill_the_menu(model: Site, pages: dict[str, str]) -> None:
    menu = [(page.menu, page.slug) for page in model.menu]
    assert menu[0] == (1, "about")
    assert len(menu) >= 2
    for page in model.menu:
        assert f'<a href="{page.path}">{page.title}</a>' in pages["index.html"]


def test_static_files_are_copied(example_site: Path) -> None:
    for name in ("favicon.svg", "images/maren.svg", "images/pln-map.svg"):
        text = (example_site / name).read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and "</svg>" in text
    assert not (example_site / "robots-note.txt").exists()


def test_draft_and_future_entries_appear_only_when_asked(
    model: Site, pages: dict[str, str], tmp_path: Path
) -> None:
    result = build_blog(_copy_example(tmp_path), drafts=True, future=True, output=tmp_path / "all")
    extra = [e for e in result.site.entries if e.path not in {m.path for m in model.entries}]
    drafts = [e for e in extra if e.draft]
    future = [e for e in extra if e.future]
    assert drafts and future
    assert all(e.published.year == 2027 for e in future)
    for entry in extra:
        assert (result.output_dir / entry.location.output).is_file()
        assert entry.location.output not in pages
        assert all(entry.path not in html for html in pages.values())
