"""Acceptance: WordPress's own Theme Unit Test export, imported into a fresh blog as a writer
would (``plnpress init``, ``plnpress import wordpress``, ``plnpress build``), its pictures served
from 127.0.0.1 in place of WordPress.com."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from plnpress.check import CheckOptions, check_site
from plnpress.config import load_config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog
from plnpress.model import Entry, Page
from plnpress.serve import DevServer, ServeOptions
from plnpress.webmention.send.sent_log_yaml import read_sent_log
from tests.browser import chromium
from tests.check.blogs import plnpress
from tests.conftest import tree
from tests.importers.wxr import import_wordpress, new_blog, pinned_env, uploads
from tests.skips import shared_data
from tests.webmention.servers import LocalServer, static_site

WORDPRESS_COM = "https://wpthemetestdata.files.wordpress.com/"
MISSING = "dsc20050813_115856_52"
"""A picture the stand-in server answers 404 for."""


@dataclass(frozen=True)
class Imported:
    export: Path
    """The export as imported (its pictures moved to the local server)."""
    original: Path
    blog: Path
    server: LocalServer
    served: dict[str, bytes]
    output: str
    """What the import printed (stdout and stderr)."""
    warnings: list[str]
    """What the build warned about."""

    @property
    def site(self) -> Path:
        return self.blog / "site"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    original = shared_data("wxr", "wordpress-theme-unit-test-data.xml")
    work = tmp_path_factory.mktemp("theme-unit")
    served, handler = uploads(missing=[MISSING])
    server = LocalServer().start()
    server.fallback = handler
    export = work / "theme-unit-test.xml"
    local = server.url("/")
    export.write_text(original.read_text(encoding="utf-8").replace(WORDPRESS_COM, local))
    blog = new_blog(work / "blog")
    run = import_wordpress(blog, export)
    assert run.returncode == 0, run.stderr
    built = plnpress(blog, "build", env=pinned_env())
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if ": warning: " in line]
    yield Imported(export, original, blog, server, served, run.stdout + run.stderr, warnings)
    server.stop()


def _page(imported: Imported, path: str) -> BeautifulSoup:
    return BeautifulSoup((imported.site / path / "index.html").read_text(), "html.parser")


def test_the_blog_builds_and_the_nu_validator_finds_no_error(imported: Imported) -> None:
    result = check_site(load_config(imported.blog), CheckOptions(validator=True))
    assert [str(p) for p in result.problems if p.is_error] == []
    assert result.counts.get("validator", 0) == 0 and result.pages > 250
    assert {p.message.split(" has ")[-1][:6] for p in result.problems} <= {"no alt"}, (
        "only the old posts' pictures without a description are pointed out"
    )


def test_the_build_warns_only_of_the_comments_it_cannot_show(imported: Imported) -> None:
    assert imported.warnings == [
        "content/mentions/2012-01-template-password-protected.yaml:4: warning: responses to "
        "https://blog.example.org/2012/01/template-password-protected/ are kept but not shown: "
        "no published entry has that address (is it a draft, or dated in the future? did its "
        "slug or date change? list the old address under its aliases:)",
    ]


def test_the_summary_counts_what_was_imported(imported: Imported) -> None:
    rows = dict(re.findall(r"│ ([a-z][^│]*?)\s+│\s+(\d+) │", imported.output))
    assert rows["posts"] == "58" and rows["pages"] == "21"
    assert (rows["drafts"], rows["scheduled"]) == ("2", "1")
    assert (rows["comments"], rows["pingbacks and trackbacks"]) == ("26", "4")
    assert rows["unapproved comments (not imported)"] == "3"
    assert rows["media failed"] == "1" and int(rows["media downloaded"]) > 30
    assert int(rows["old addresses kept as aliases"]) > 120
    assert "not imported: 70 items of type nav_menu_item (menu items)" in imported.output


def test_nothing_not_public_is_anywhere_in_the_site(imported: Imported) -> None:
    hidden = {
        "draft": "This post is drafted and not published yet",
        "password-protected": "template-password-protected",
        "scheduled": "2030/01/scheduled",
    }
    for rel, data in tree(imported.site).items():
        text = data.decode("utf-8", errors="replace")
        for what, marker in hidden.items():
            assert marker not in text, f"the {what} post shows in site/{rel}"
    draft = imported.blog / "content/posts/2013-04-09-draft.md"
    protected = imported.blog / "content/posts/2012-01-04-template-password-protected.md"
    assert "\ndraft: true\n" in draft.read_text() and "\ndraft: true\n" in protected.read_text()
    scheduled = (imported.blog / "content/posts/2030-01-01-scheduled.md").read_text()
    assert "draft" not in scheduled and "date: 2030-01-01 19:00:18+00:00" in scheduled


def test_comments_are_responses_threaded_ten_levels_deep(imported: Imported) -> None:
    page = _page(imported, "2012/01/template-comments")
    replies = page.select("article.p-comment.reply")
    assert len(replies) == 19, "every approved comment of the post, none of the waiting one"
    deepest = page.find(id="comment-915")
    assert isinstance(deepest, Tag)
    chain = [str(a["id"]) for a in deepest.find_parents("article", class_="reply")]
    assert chain == [f"comment-{n}" for n in (914, 913, 912, 911, 910, 907, 906, 905, 904)]
    assert "Comment Depth 10" in deepest.get_text()
    top = [str(a["id"]) for a in page.select("#responses > ol.replies > li > article.reply")]
    assert top[:4] == ["comment-881", "comment-899", "comment-900", "comment-901"], "oldest first"
    assert page.find(id="comment-1015") is None, "waiting for approval: not imported"


def test_pingbacks_and_trackbacks_are_mentions(imported: Imported) -> None:
    page = _page(imported, "2012/01/template-pingbacks-an-trackbacks")
    mentions = page.select("ul.mentions li.p-mention")
    assert len(mentions) == 4
    assert "Ping 1 « What’s a tellyworth?" in mentions[0].get_text()
    assert [a.get("href") for a in mentions[0].select("a.u-url")] == [
        "http://tellyworth.wordpress.com/2007/11/21/ping-1/"
    ]
    assert len(page.select("article.reply")) == 1, "the comment among them is a reply"


def test_no_commenter_email_or_ip_address_is_written_anywhere(imported: Imported) -> None:
    export = imported.original.read_text(encoding="utf-8")
    secrets = set(
        re.findall(
            r"<wp:(?:comment_author_email|comment_author_IP|author_email)>"
            r"(?:<!\[CDATA\[)?([^<\]]+)",
            export,
        )
    )
    assert len(secrets) >= 8
    for folder in (imported.blog,):
        for rel, data in tree(folder).items():
            text = data.decode("utf-8", errors="replace")
            found = [s for s in secrets if s in text]
            assert found == [], f"{rel} holds {found}"


def test_pictures_are_fetched_into_the_blog_and_a_failed_one_keeps_its_address(
    imported: Imported,
) -> None:
    uploads_dir = imported.blog / "content/static/wp-content/uploads"
    post = (imported.blog / "content/posts/2010-08-07-post-format-image-caption.md").read_text()
    assert "](/wp-content/uploads/2008/06/100_5478.jpg " in post
    assert (uploads_dir / "2008/06/100_5478.jpg").read_bytes() == imported.served[
        "/2008/06/100_5478.jpg"
    ]
    assert (imported.site / "wp-content/uploads/2008/06/100_5478.jpg").is_file()
    assert f"{MISSING}.jpg was not downloaded (the server answered 404)" in imported.output
    gallery = (imported.blog / "content/posts/2010-09-10-post-format-gallery.md").read_text()
    assert f"{imported.server.url('/')}2008/06/{MISSING}.jpg" in gallery
    assert not (uploads_dir / f"2008/06/{MISSING}.jpg").exists()
    audio = (imported.blog / "content/posts/2010-07-02-post-format-audio.md").read_text()
    song = "/wp-content/uploads/2008/06/originaldixielandjazzbandwithalbernard-stlouisblues.mp3"
    assert f'<source src="{song}" type="audio/mpeg">' in audio


def test_every_approved_comment_of_a_published_post_or_page_is_shown(
    imported: Imported,
) -> None:
    replies = mentions = 0
    for page in imported.site.rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        replies += len(soup.select("article.p-comment.reply"))
        mentions += len(soup.select("li.p-mention"))
    # 26 approved comments, 1 of them on the password-protected post (a draft); 4 pings
    assert (replies, mentions) == (25, 4)


def test_a_pages_comments_are_shown_under_it_threaded(imported: Imported) -> None:
    page = _page(imported, "about/page-with-comments")
    article = page.select_one("article.page")
    assert article is not None
    assert len(article.select("#responses article.p-comment.reply")) == 3
    title = article.select_one("#responses-title")
    assert title is not None and title.get_text() == "3 responses"
    top = [str(a["id"]) for a in article.select("#responses > ol.replies > li > article.reply")]
    assert top == ["comment-168", "comment-167", "comment-169"], "oldest first"
    assert page.find(id="comment-1017") is None, "the answer to 168 waits for approval"
    # A page without responses shows no responses section at all.
    assert _page(imported, "about").select_one("#responses") is None


def test_every_old_address_of_every_entry_and_page_answers_301(imported: Imported) -> None:
    config = load_config(imported.blog)
    site = load_site(config, ContentOptions(), ProblemLog())
    items: tuple[Entry | Page, ...] = (*site.entries, *site.pages)
    moved = [(alias.path, item.path) for item in items for alias in item.aliases]
    assert len(moved) > 120
    assert sum("?" in old for old, _ in moved) > 70, "the /?p=ID and /?page_id=ID addresses"
    server = DevServer(imported.blog, ServeOptions(port=0, drafts=False))
    server.start()
    try:
        with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as client:
            for old, new in moved:
                answer = client.get(old)
                location = unquote(answer.headers.get("location", ""))
                assert (answer.status_code, location) == (301, new), old
    finally:
        server.stop()


def test_every_old_address_answers_301_in_plnpress_serve(imported: Imported) -> None:
    moved = {
        "/2010/10/05/post-format-standard/": "/2010/10/post-format-standard/",
        "/?p=358": "/2010/10/post-format-standard/",
        "/?page_id=155": "/about/page-with-comments/",
        "/?p=1164": None,  # the draft: not built, no rule
    }
    kept = ("/about/page-with-comments/", "/level-1/level-2/level-3/", "/greek/επίπεδο-2/")
    server = DevServer(imported.blog, ServeOptions(port=0, drafts=False))
    server.start()
    try:
        with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as client:
            for old, new in moved.items():
                answer = client.get(old)
                if new is None:
                    assert answer.status_code == 200 and "Draft" not in answer.text
                    continue
                assert (answer.status_code, answer.headers.get("location")) == (301, new), old
                assert client.get(new).status_code == 200
            for page in kept:
                assert client.get(page).status_code == 200, "a page keeps its address"
    finally:
        server.stop()


def test_the_sent_log_counts_the_imported_entries_as_notified(imported: Imported) -> None:
    log = read_sent_log(imported.blog)
    sources = {source for source, _ in log.history}
    assert "https://blog.example.org/2013/01/markup-html-tags-and-formatting/" in sources
    dry = plnpress(imported.blog, "webmention", "send", "--dry-run", env=pinned_env())
    assert dry.returncode == 0, dry.stderr
    assert "markup-html-tags-and-formatting" not in dry.stdout
    assert "2010/" not in dry.stdout and "2013/" not in dry.stdout


def test_importing_again_changes_no_file(imported: Imported) -> None:
    ignored = ("site/", ".plnpress-cache/")
    before = {k: v for k, v in tree(imported.blog).items() if not k.startswith(ignored)}
    fetched = len(imported.server.requests)
    run = import_wordpress(imported.blog, imported.export)
    assert run.returncode == 0, run.stderr
    after = {k: v for k, v in tree(imported.blog).items() if not k.startswith(ignored)}
    assert after == before
    again = [r.path for r in imported.server.requests[fetched:]]
    assert again == [f"/2008/06/{MISSING}.jpg"], "only the one that failed is tried again"
    assert re.search(r"│ files unchanged\s+│\s+[1-9]\d* │", run.stdout)
    assert re.search(r"│ files (new|updated)\s+│\s+0 │", run.stdout)


@pytest.mark.browser
def test_a_thread_ten_deep_stays_readable_on_a_phone(imported: Imported) -> None:
    """The theme's depth limit: the markup nests every level, the indent stops at the fourth."""
    server = LocalServer().start()
    server.fallback = static_site(imported.site)
    try:
        with chromium() as browser:
            tab = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
            tab.goto(server.url("/2012/01/template-comments/"))
            left = {}
            for depth, comment in enumerate((904, 905, 906, 907, 910, 911, 912, 913, 914, 915), 1):
                box = tab.locator(f"#comment-{comment}").bounding_box()
                text = tab.locator(f"#comment-{comment} > .e-content").bounding_box()
                assert box is not None and text is not None
                left[depth] = box["x"]
                assert text["width"] > 150, f"the reply at depth {depth} is {text['width']}px wide"
            assert left[1] < left[2] < left[3] < left[4] == left[5] == left[10]
            overflow = tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow == 0
    finally:
        server.stop()
