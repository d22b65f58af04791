"""plnpress import bookmarks: browser exports (written as Firefox and Chrome write them) and
Pinboard's JSON become link-bookmarks with tags, dates and descriptions; private ones are
drafts; one link per URL, however often it is imported."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import build_blog
from tests.importers.realblogs import plnpress, summary

CASES = Path(__file__).parent / "cases"


def _blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    assert (
        plnpress(tmp_path, "init", str(root), "--url", "https://new.example.org/").returncode == 0
    )
    for path in (root / "content" / "links").glob("*.md"):
        path.unlink()
    return root


def _links(root: Path) -> dict[str, tuple[dict[str, object], str, str]]:
    found = {}
    for path in sorted((root / "content/links").glob("*.md")):
        _, front, body = path.read_text().split("---\n", 2)
        data = yaml.safe_load(front)
        found[str(data["bookmark_of"])] = (data, body.strip(), path.name)
    return found


def test_browser_exports_and_pinboard_json_become_link_bookmarks(tmp_path: Path) -> None:
    root = _blog(tmp_path)
    for case in ("firefox-bookmarks.html", "chrome-bookmarks.html", "pinboard.json"):
        run = plnpress(root, "import", "bookmarks", str(CASES / case))
        assert run.returncode == 0, run.stderr
    links = _links(root)
    assert sorted(links) == [
        "https://docs.python.org/3/",
        "https://example.edu/course/",
        "https://example.net/private-note",
        "https://example.org/learning-in-public",
        "https://indieweb.org/POSSE",
        "https://www.w3.org/TR/webmention/",
    ]
    w3c, comment, name = links["https://www.w3.org/TR/webmention/"]
    assert (w3c["title"], w3c["tags"], comment) == (
        "Webmention & friends",
        ["indieweb", "standards", "Reading list"],
        "The W3C Recommendation. Short & clear.",
    )
    assert name == "2023-11-26-webmention-friends.md"  # ADD_DATE 1701000000
    assert "tags" not in links["https://docs.python.org/3/"][0]  # the toolbar is not a tag
    assert links["https://example.edu/course/"][0]["tags"] == ["Teaching"]
    # Chrome's export had it too: the one file the first import wrote is updated, not doubled.
    assert links["https://indieweb.org/POSSE"][0]["title"] == "POSSE - IndieWeb (again)"
    pinned, text, _ = links["https://example.org/learning-in-public"]
    assert (pinned["tags"], text) == (["learning", "blogging"], "Why writing as you learn works.")
    assert str(pinned["date"]).startswith("2021-05-04")
    assert links["https://example.net/private-note"][0]["draft"] is True

    site = build_blog(root).output_dir
    everything = "".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())
    assert "example.org/learning-in-public" in everything
    assert "private-note" not in everything and "Something for me only" not in everything


def test_importing_again_updates_never_duplicates_and_keeps_edits(tmp_path: Path) -> None:
    root = _blog(tmp_path)
    first = plnpress(root, "import", "bookmarks", str(CASES / "pinboard.json"))
    assert summary(first)["files new"] == 2
    again = plnpress(root, "import", "bookmarks", str(CASES / "pinboard.json"))
    assert (summary(again)["files new"], summary(again)["files unchanged"]) == (0, 2)
    edited = next((root / "content/links").glob("*learning-in-public.md"))
    edited.write_text(edited.read_text().replace("Why writing", "My own words on why writing"))
    changed = tmp_path / "changed.json"
    changed.write_text(
        (CASES / "pinboard.json")
        .read_text()
        .replace("Learning in public", "Learning in public, retitled")
        .replace("Something for me only", "Still only for me")
    )
    third = plnpress(root, "import", "bookmarks", str(changed))
    assert summary(third)["files kept"] == summary(third)["files updated"] == 1
    assert f"{edited.relative_to(root)}: kept as it is" in third.stderr
    assert "My own words" in edited.read_text()
    assert len(list((root / "content/links").glob("*.md"))) == 2
    private = next((root / "content/links").glob("*-something-for-me-only.md"))
    assert "title: Still only for me" in private.read_text()  # same file, new title
