"""A warm build (with the cache of the build before) makes exactly the site a cold build makes,
whatever changed in between, and writes only the files whose bytes changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeSite, build_blog, tree
from tests.incremental.scratch import ALIAS_LINE, blog_files, cold_tree, edit, post


def _set_front(key: str, value: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        return text.replace("---\n", f"---\n{key}: {value}\n", 1)

    return change


def _replace_line(prefix: str, line: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = [line if item.startswith(prefix) else item for item in text.split("\n")]
        return "\n".join(lines)

    return change


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")

    return change


def _edit(rel: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    return lambda root: edit(root, rel, change)


RESPONSES = """\
target: https://blog.example.org/2025/06/post-5/
responses:
  - source: https://friend.example.net/re-post-5
    kind: reply
    status: approved
    received: '2025-07-01T10:00:00+00:00'
    author:
      name: A Friend
      url: https://friend.example.net/
    content: '<p>Thanks for this, it helped.</p>'
  - source: https://social.example.net/@jo/1
    kind: like
    status: approved
    received: '2025-07-02T10:00:00+00:00'
    author:
      name: Jo
"""

CHANGES: dict[str, Callable[[Path], None]] = {
    "edit-body": _edit("content/posts/post-5.md", lambda t: t.replace("a list", "a longer list")),
    "edit-body-same-size": _edit("content/posts/post-5.md", lambda t: t.replace("code", "CODE")),
    "edit-first-paragraph": _edit(
        "content/posts/post-9.md", lambda t: t.replace("summary line", "new opening")
    ),
    "edit-title": _edit("content/posts/post-12.md", _replace_line("title:", "title: Renamed")),
    "edit-tags": _edit("content/posts/post-3.md", _replace_line("tags:", "tags: [Brand New]")),
    "edit-date": _edit(
        "content/posts/post-20.md", _replace_line("date:", "date: 2025-12-30 09:00")
    ),
    "make-draft": _edit("content/posts/post-14.md", _set_front("draft", "true")),
    "publish-draft": _edit("content/posts/draft.md", _replace_line("draft:", "draft: false")),
    "tombstone": _edit("content/posts/post-7.md", _set_front("deleted", "true")),
    "delete-entry": lambda root: (root / "content/posts/post-11.md").unlink(),
    "delete-link": lambda root: (root / "content/links/2025-06-12-article-2.md").unlink(),
    "add-entry": _write("content/posts/post-27.md", post(27)),
    "edit-page": _edit("content/pages/about.md", _replace_line("title:", "title: Who I am")),
    "add-menu-page": _write("content/pages/uses.md", "---\ntitle: Uses\nmenu: 2\n---\n\nA pen.\n"),
    "edit-template": _write(
        "templates/_summary.html",
        '<article class="h-entry"><a href="{{ entry.path }}">{{ entry.title }}</a></article>\n',
    ),
    "template-reads-site": _write(
        "templates/page.html",
        "{% extends 'base.html' %}{% block main %}{{ page.content_html | safe }}"
        "<p>{{ site.entries | length }} entries, newest {{ site.entries[0].title }}</p>"
        "{% endblock %}\n",
    ),
    "edit-config": _edit("plnpress.yaml", lambda t: t.replace("Test Blog", "Renamed Blog")),
    "edit-config-per-page": _edit(
        "plnpress.yaml", lambda t: t.replace("per_page: 3", "per_page: 4")
    ),
    "add-static": _write("content/static/robots.txt", "User-agent: *\nDisallow:\n"),
    "add-response": _write("content/mentions/2025-06-post-5.yaml", RESPONSES),
    "edit-blogroll": _edit(
        "content/blogroll.yaml", lambda t: t.replace("Priya Nair", "Priya N. Nair")
    ),
    "delete-blogroll": lambda root: (root / "content/blogroll.yaml").unlink(),
    "link-a-new-site": _edit(
        "content/posts/post-8.md",
        lambda t: t.replace("and to\n", "and to [a new site](https://new.example.com/page) and\n"),
    ),
    "approve-response": _edit(
        "content/mentions/2025-08-post-7.yaml", lambda t: t.replace("pending", "approved")
    ),
    "add-alias": _edit("content/posts/post-9.md", _set_front("aliases", "[/2025/10/post-nine/]")),
    "remove-alias": _edit("content/posts/post-13.md", lambda t: t.replace(ALIAS_LINE, "")),
    "response-to-alias": _write(
        "content/mentions/2025-02-post-thirteen.yaml",
        RESPONSES.replace("2025/06/post-5/", "2025/02/post-thirteen/"),
    ),
}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_warm_build_makes_what_a_cold_build_makes(make_site: MakeSite, kind: str) -> None:
    root = make_site(blog_files())
    before = tree(build_blog(root).output_dir)

    CHANGES[kind](root)
    result = build_blog(root)

    after = tree(result.output_dir)
    assert after == cold_tree(root, root.parent)
    changed = {path for path in after if before.get(path) != after[path]}
    assert set(result.report.changed_paths) == changed
    assert result.report.removed == len(set(before) - set(after))


def test_a_template_that_reads_the_site_follows_every_entry(make_site: MakeSite) -> None:
    files = blog_files()
    files["templates/page.html"] = (
        "{% extends 'base.html' %}{% block main %}"
        "<p>Newest: {{ site.entries[0].title }}</p>{% endblock %}\n"
    )
    root = make_site(files)
    build_blog(root)
    newest = "content/posts/post-23.md"  # 24 December
    edit(root, newest, lambda t: t.replace("number 23", "twenty-three"))

    result = build_blog(root)

    about = (result.output_dir / "about/index.html").read_text(encoding="utf-8")
    assert "Newest: Post twenty-three" in about
    assert tree(result.output_dir) == cold_tree(root, root.parent)


def test_unchanged_blog_writes_nothing(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    first = build_blog(root)

    again = build_blog(root)

    assert first.report.written > 0
    assert (again.report.written, again.report.removed) == (0, 0)
    assert again.report.unchanged == first.report.written


def test_a_page_changed_on_disk_is_written_again(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    out = build_blog(root).output_dir
    (out / "about/index.html").write_text("tampered", encoding="utf-8")
    (out / "tags/python/index.html").unlink()

    result = build_blog(root)

    assert set(result.report.changed_paths) == {"about/index.html", "tags/python/index.html"}
    assert tree(out) == cold_tree(root, root.parent)


def test_drafts_and_future_builds_keep_their_own_cache(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    preview = build_blog(root, drafts=True, future=True, output=root / "preview")
    edit(root, "content/posts/draft.md", lambda t: t.replace("Soon.", "Sooner."))

    build_blog(root)
    again = build_blog(root, drafts=True, future=True, output=root / "preview")

    assert "2025/07/draft/index.html" in tree(preview.output_dir)
    assert tree(again.output_dir) == cold_tree(
        root, root.parent, drafts=True, future=True, output=root.parent / "cold-preview"
    )


def test_a_list_that_shows_bodies_follows_body_edits(make_site: MakeSite) -> None:
    files = blog_files()
    files["templates/_summary.html"] = "<article>{{ entry.content_html | safe }}</article>\n"
    root = make_site(files)
    build_blog(root)
    edit(root, "content/posts/post-23.md", lambda t: t.replace("another", "one more"))

    result = build_blog(root)

    assert "one more" in (result.output_dir / "index.html").read_text(encoding="utf-8")
    assert tree(result.output_dir) == cold_tree(root, root.parent)


def test_a_body_edit_writes_only_the_pages_and_feeds_that_show_it(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    edit(root, "content/posts/post-23.md", lambda t: t.replace("another", "one more"))

    result = build_blog(root)

    assert set(result.report.changed_paths) == {
        "2025/12/post-23/index.html",
        "feed.xml",
        "rss.xml",
        "feed.json",
        *(f"tags/{tag}/feed.xml" for tag in ("notes", "open-ed", "python")),
    }


def test_a_new_response_shows_on_its_entry_after_a_warm_build(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    build_blog(root)
    CHANGES["add-response"](root)
    CHANGES["approve-response"](root)

    result = build_blog(root)

    assert "Thanks for this, it helped." in (
        result.output_dir / "2025/06/post-5/index.html"
    ).read_text(encoding="utf-8")
    assert "Pat" in (result.output_dir / "2025/08/post-7/index.html").read_text(encoding="utf-8")
    assert tree(result.output_dir) == cold_tree(root, root.parent)


def test_a_page_showing_a_body_deep_in_its_data_follows_edits_of_it(make_site: MakeSite) -> None:
    files = blog_files()
    files["templates/network.html"] = (
        "{% extends 'base.html' %}{% block main %}{% for linked in network.sites %}"
        "<section>{{ linked.latest.content_html | safe }}</section>{% endfor %}{% endblock %}\n"
    )
    root = make_site(files)
    build_blog(root)
    edit(root, "content/posts/post-23.md", lambda t: t.replace("another", "one more"))

    result = build_blog(root)

    assert "network/index.html" in result.report.changed_paths
    assert "one more" in (result.output_dir / "network/index.html").read_text(encoding="utf-8")
    assert tree(result.output_dir) == cold_tree(root, root.parent)


def test_a_page_showing_a_body_through_site_follows_edits_of_it(make_site: MakeSite) -> None:
    files = blog_files()
    files["templates/page.html"] = (
        "{% extends 'base.html' %}{% block main %}{{ page.content_html | safe }}"
        "<aside>{{ site.entries[0].content_html | safe }}</aside>"
        "<p>{{ site.blogroll | length }} people</p>{% endblock %}\n"
    )
    root = make_site(files)
    build_blog(root)
    edit(root, "content/posts/post-23.md", lambda t: t.replace("another", "one more"))

    result = build_blog(root)

    assert "one more" in (result.output_dir / "about/index.html").read_text(encoding="utf-8")
    assert tree(result.output_dir) == cold_tree(root, root.parent)
