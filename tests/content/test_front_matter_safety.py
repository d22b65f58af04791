"""Whatever convention a writer brings to hide a post, nothing it hides reaches any file of
``site/``; bad values stop the build at the file and line; unknown keys are named once, with what
plnpress calls them."""

from __future__ import annotations

from pathlib import Path

import pytest

from plnpress.errors import ProblemsError
from tests.conftest import MakeSite, build_blog
from tests.images.photos import phone_photo

HIDING = {
    "draft": "draft: true",
    "jekyll-no": "published: false",
    "pelican-draft": "status: draft",
    "pelican-hidden": "status: hidden",
    "wp-private": "status: private",
    "wp-pending": "status: pending",
}
SHOWING = {"published": "status: published", "jekyll-yes": "published: true"}


def _every_file_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in site.rglob("*")
        if p.is_file()
    }


def _blog(make_site: MakeSite) -> Path:
    files: dict[str, str | bytes] = {}
    for name, line in {**HIDING, **SHOWING}.items():
        marker = f"marker{name.replace('-', '')}"
        files[f"content/posts/2025-01-0{len(files) % 9 + 1}-{name}.md"] = (
            f"---\ntitle: Post {marker}\n{line}\ntags: [tag{marker}]\n---\n\nBody {marker}.\n"
        )
        files[f"content/links/2025-02-01-{name}.md"] = (
            f"---\nbookmark_of: https://example.com/{marker}/link\ntitle: Link {marker}\n{line}\n"
            f"---\n\nComment {marker}.\n"
        )
        files[f"content/pages/{name}.md"] = f"---\ntitle: Page {marker}\n{line}\n---\n\n{marker}\n"
        files[f"content/posts/2025-03-01-bundle-{name}/index.md"] = (
            f"---\ntitle: Bundle {marker}\n{line}\n---\n\n![a photo](photo-{name}.jpg)\n"
        )
        files[f"content/posts/2025-03-01-bundle-{name}/photo-{name}.jpg"] = phone_photo(20, 10)
    return make_site(files)


def test_no_draft_convention_leaks_into_any_file_of_the_site(make_site: MakeSite) -> None:
    root = _blog(make_site)
    result = build_blog(root)
    texts = _every_file_text(result.output_dir)
    assert any(path.endswith(".xml") for path in texts)  # feeds and sitemap are searched too
    for name in HIDING:
        marker = f"marker{name.replace('-', '')}"
        leaks = [path for path, text in texts.items() if marker in text or name in path]
        assert leaks == [], f"{HIDING[name]!r} leaked into {leaks}"
    for name in SHOWING:
        marker = f"marker{name.replace('-', '')}"
        assert any(marker in text for path, text in texts.items() if path == "feed.xml")
        assert f"photo-{name}.jpg" in "\n".join(texts)


def test_drafts_in_every_convention_show_with_the_drafts_flag(make_site: MakeSite) -> None:
    root = _blog(make_site)
    result = build_blog(root, drafts=True)
    titles = {entry.title for entry in result.site.entries}
    for name in HIDING:
        marker = f"marker{name.replace('-', '')}"
        assert {f"Post {marker}", f"Link {marker}", f"Bundle {marker}"} <= titles
        assert next(e for e in result.site.entries if e.title == f"Post {marker}").draft


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('published: "false"', "published: expected true or false, got the text 'false'"),
        ("published: nope", "published: expected true or false, got the text 'nope'"),
        ("draft: 0", "draft: expected true or false, got the number 0"),
        ("status: secret", "status: expected one of published, publish, draft, hidden"),
        ("staus: draft", "staus: unknown field; did you mean 'status'?"),
        ("publised: false", "publised: unknown field; did you mean 'published'?"),
    ],
)
def test_a_visibility_value_plnpress_cannot_read_stops_the_build_at_its_line(
    make_site: MakeSite, line: str, message: str
) -> None:
    root = make_site(
        {
            "content/posts/a.md": f"---\ntitle: A\ndate: 2025-01-01\n{line}\n---\n\nText.\n",
            "content/pages/p.md": f"---\ntitle: P\n{line}\n---\n\nText.\n",
        }
    )
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    errors = [str(p) for p in caught.value.errors]
    assert errors[0].startswith(f"content/pages/p.md:3: {message}")
    assert errors[1].startswith(f"content/posts/a.md:4: {message}")
    assert not (root / "site").exists()


def test_unknown_keys_are_named_once_per_blog_with_plnpress_name(make_site: MakeSite) -> None:
    post = "---\ntitle: {n}\ndate: 2025-01-0{n}\nlayout: post\ndescription: D\n{more}---\n\nT.\n"
    root = make_site(
        {
            "content/posts/a.md": post.format(n=1, more="redirect_from: /old/\n"),
            "content/posts/b.md": post.format(n=2, more="extra:\n  mood: happy\n"),
            "content/posts/c.md": post.format(n=3, more="lastmod: 2025-02-01\n"),
        }
    )
    result = build_blog(root)
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md:4: warning: layout: not a plnpress field; plnpress calls it template "
        "(only to use another template than the theme's) (and in 2 other files)",
        "content/posts/a.md:5: warning: description: not a plnpress field; plnpress calls it "
        "summary (and in 2 other files)",
        "content/posts/a.md:6: warning: redirect_from: not a plnpress field; plnpress calls it "
        "aliases",
        "content/posts/c.md:6: warning: lastmod: not a plnpress field; plnpress calls it updated",
    ]
    by_title = {e.title: e for e in result.site.entries}
    assert dict(by_title["2"].extra) == {"layout": "post", "description": "D", "mood": "happy"}
