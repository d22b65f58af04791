"""A blog's templates/ overrides the theme's; ``theme:`` picks another theme; autoescape always."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.theme.theme_blogs import HOSTILE_TITLE
from tests.theme.theme_support import build_site

POST = {
    "content/posts/2025-01-01-hello.md": "---\ntitle: Hello\ntags: [a]\n---\nBody text.\n",
    "content/posts/2025-01-02-hostile.md": f"---\ntitle: '{HOSTILE_TITLE}'\n---\nText.\n",
}


def test_a_blog_template_overrides_the_theme_one_by_file_name(
    make_site: Callable[..., Path],
) -> None:
    root = make_site(
        {
            **POST,
            "templates/entry.html": (
                '{% extends "base.html" %}{% block main %}'
                '<p class="mine">{{ entry.title }}</p>{% endblock %}'
            ),
            "templates/_summary.html": '<p class="my-summary">{{ entry.title }}</p>\n',
        }
    )
    site = build_site(root)
    entry = site.soup("2025/01/hello/index.html")
    assert [p.get_text() for p in entry.select("p.mine")] == ["Hello"]
    assert entry.select(".site-footer .h-card"), "base.html still comes from the theme"
    home = site.soup("index.html")
    assert [p.get_text() for p in home.select("p.my-summary")] == [HOSTILE_TITLE, "Hello"]
    assert site.soup("tags/a/index.html").select("p.my-summary")


def minimal_theme(marker: str) -> dict[str, str]:
    """Every template the page plan asks for, each printing ``marker`` and the page kind."""
    names = [
        "index.html",
        "list.html",
        "taxonomy.html",
        "archive.html",
        "entry.html",
        "tombstone.html",
        "page.html",
        "follow.html",
        "404.html",
    ]
    page = f"<!DOCTYPE html><title>{marker}</title><p>{marker} {{{{ kind }}}}</p>\n"
    return dict.fromkeys(names, page)


def test_theme_setting_selects_another_theme_folder(make_site: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = dict(POST)
    files["plnpress.yaml"] = (
        "title: T\nbase_url: https://t.example/\nauthor:\n  name: A\ntheme: plain\n"
    )
    files |= {f"themes/plain/templates/{k}": v for k, v in minimal_theme("plain").items()}
    files["themes/plain/static/css/plain.css"] = "body { color: black; }\n"
    site = build_site(make_site(files))
    assert "<p>plain home</p>" in site.text("index.html")
    assert "<p>plain entry</p>" in site.text("2025/01/hello/index.html")
    assert (site.output / "css/plain.css").is_file()
    assert not (site.output / "css/plnpress.css").exists()


def test_theme_setting_accepts_a_folder_path(make_site: Callable[..., Path]) -> None:
    files: dict[str, str | bytes] = dict(POST)
    files["plnpress.yaml"] = (
        "title: T\nbase_url: https://t.example/\nauthor:\n  name: A\ntheme: ./design/mine\n"
    )
    files |= {f"design/mine/templates/{k}": v for k, v in minimal_theme("mine").items()}
    files["templates/page.html"] = "<p>own page</p>\n"
    files["content/pages/about.md"] = "---\ntitle: About\n---\nHi.\n"
    site = build_site(make_site(files))
    assert "<p>mine home</p>" in site.text("index.html")
    assert site.text("about/index.html") == "<p>own page</p>\n"


def test_autoescape_is_on_for_every_template_name(make_site: Callable[..., Path]) -> None:
    root = make_site(
        {
            "content/posts/2025-01-02-hostile.md": (
                f"---\ntitle: '{HOSTILE_TITLE}'\ntemplate: special.jinja\n---\nText.\n"
            ),
            "content/posts/2025-01-03-other.md": (
                f"---\ntitle: '{HOSTILE_TITLE}'\ntemplate: plain.txt\n---\nText.\n"
            ),
            "templates/special.jinja": "<h1>{{ entry.title }}</h1>\n",
            "templates/plain.txt": "{{ entry.title }}\n",
        }
    )
    site = build_site(root)
    escaped = "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &amp; “friends”"
    assert site.text("2025/01/hostile/index.html") == f"<h1>{escaped}</h1>\n"
    assert site.text("2025/01/other/index.html") == f"{escaped}\n"


def test_live_reload_script_is_emitted_only_when_set(make_site: Callable[..., Path]) -> None:
    root = make_site(POST)
    script = '<script src="/__plnpress/live-reload.js" defer></script>'
    served = build_site(root, output=root / "served", live_reload_script=script)
    for rel in ("index.html", "2025/01/hello/index.html", "404.html"):
        assert served.text(rel).count(script) == 1
        assert served.text(rel).index(script) > served.text(rel).index("</footer>")
    built = build_site(root)
    assert "<script" not in built.text("index.html")
