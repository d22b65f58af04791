"""The search index in the build: only published entries and pages, in the site's language, made
again only when one of them changed, and a build without Pagefind that says so once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BASIC_CONFIG, MakeSite, build_blog

CONFIG = BASIC_CONFIG + "search: true\nlanguage: de-AT\n"


def post(title: str, day: int, extra: str = "", body: str = "Words.") -> str:
    return f"---\ntitle: {title}\ndate: 2025-05-{day:02d}\ntags: [a]\n{extra}---\n\n{body}\n"


FILES = {
    "plnpress.yaml": CONFIG,
    "content/posts/2025-05-01-one.md": post("One", 1, body="Das erste Wort."),
    "content/posts/2025-05-02-two.md": post("Two", 2),
    "content/posts/2025-05-03-draft.md": post("Draft", 3, "draft: true\n"),
    "content/posts/2025-05-04-gone.md": post("Gone", 4, "deleted: true\n"),
    "content/posts/2027-05-05-later.md": post("Later", 5).replace("2025-05-05", "2027-05-05"),
    "content/pages/about.md": "---\ntitle: About\n---\n\nAbout me.\n",
    "content/pages/secret.md": "---\ntitle: Secret\ndraft: true\n---\n\nNot yet.\n",
}


def indexed(site: Path) -> dict[str, Any]:
    languages: dict[str, Any] = json.loads((site / "pagefind/pagefind-entry.json").read_text())[
        "languages"
    ]
    return languages


def test_only_published_entries_and_pages_are_indexed_in_the_sites_language(
    make_site: MakeSite,
) -> None:
    root = make_site(FILES)
    site = build_blog(root, drafts=True, future=True).output_dir  # as plnpress serve builds
    assert (site / "2025/05/draft/index.html").is_file()  # built, and shown in serve
    assert (site / "secret/index.html").is_file()
    languages = indexed(site)
    assert list(languages) == ["de"]
    assert languages["de"]["page_count"] == 3  # one, two, about: no draft, future, tombstone
    assert (site / "search/index.html").is_file()
    assert not list((site / "pagefind").glob("pagefind-ui*"))


def test_a_warm_build_indexes_again_only_when_a_published_page_changed(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(FILES)
    runs: list[list[str]] = []
    real = subprocess.run

    def counting(command: list[str], **kwargs: Any) -> Any:
        runs.append(command)
        return real(command, **kwargs)

    monkeypatch.setattr("plnpress.search.index.subprocess.run", counting)
    site = build_blog(root).output_dir
    assert len(runs) == 1
    before = indexed(site)["de"]["hash"]
    build_blog(root)
    assert len(runs) == 1  # nothing changed: the index is kept
    (root / "content/posts/2025-05-03-draft.md").write_text(post("Draft", 3, "draft: true\n", "x"))
    build_blog(root)
    assert len(runs) == 1  # a draft is not in the index
    one = root / "content/posts/2025-05-01-one.md"
    one.write_text(post("One", 1, body="Das erste Wort, und ein Zeppelin."))
    warm = build_blog(root)
    assert len(runs) == 2
    assert indexed(site)["de"]["hash"] != before
    assert any(path.startswith("pagefind/") for path in warm.report.changed_paths)


def test_without_pagefind_the_build_says_so_once_and_has_no_search(make_site: MakeSite) -> None:
    root = make_site(FILES)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(root / "no-such-program")}
    run = subprocess.run(
        [sys.executable, "-m", "plnpress", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("Pagefind") == 1
    assert (
        "plnpress.yaml:8: warning: search: the Pagefind program is not installed for this "
        "platform (pip install 'pagefind[bin]'); the site is built without search"
    ) in run.stderr
    site = root / "site"
    assert (site / "index.html").is_file()
    assert not (site / "search").exists() and not (site / "pagefind").exists()
    assert "/search/" not in (site / "index.html").read_text()
