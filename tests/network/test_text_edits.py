"""The in-place edits plnpress makes to the writer's YAML: only the value changes, in the style
the writer used; comments, quoting, order and line endings stay."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plnpress.content.blogroll import with_feeds
from plnpress.content.syndication import FrontMatterError, add_syndication, with_syndication

NEW = "https://social.example/@ada/1"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("---\ntitle: A\n---\nBody\n", f"---\ntitle: A\nsyndication:\n  - {NEW}\n---\nBody\n"),
        ("---\n---\n", f"---\nsyndication:\n  - {NEW}\n---\n"),
        (
            "---\nsyndication:\n  - https://x/1   # first\ntags: [a]\n---\n",
            f"---\nsyndication:\n  - https://x/1   # first\n  - {NEW}\ntags: [a]\n---\n",
        ),
        (
            "---\nsyndication:\n- 'https://x/1'\n...\n",
            f"---\nsyndication:\n- 'https://x/1'\n- {NEW}\n...\n",
        ),
        (
            "---\nsyndication: [https://x/1]\n---\n",
            f"---\nsyndication: [https://x/1, {NEW}]\n---\n",
        ),
        ("---\nsyndication: []\n---\n", f"---\nsyndication: [{NEW}]\n---\n"),
        ("---\nsyndication: https://x/1\n---\n", f"---\nsyndication: [https://x/1, {NEW}]\n---\n"),
        ("---\nsyndication:\ntitle: A\n---\n", f"---\nsyndication: {NEW}\ntitle: A\n---\n"),
        (f"---\nsyndication: [{NEW}]\n---\n", f"---\nsyndication: [{NEW}]\n---\n"),
    ],
)
def test_syndication_is_added_in_the_writers_style(before: str, after: str) -> None:
    edited = with_syndication(before, NEW)
    assert edited == after
    front = edited.split("---\n")[1].split("...\n")[0]
    value = (yaml.safe_load(front) or {})["syndication"]
    assert NEW in ([value] if isinstance(value, str) else value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: A\n", "does not start with a '---' line"),
        ("---\ntitle: A\n", "not closed"),
        ("---\ntitle: [A\n---\n", "not valid YAML"),
        ("---\n- a\n---\n", "not 'key: value' lines"),
        ("---\nsyndication: {a: b}\n---\n", "neither a list nor an address"),
    ],
)
def test_front_matter_that_cannot_be_edited_safely_is_left_alone(text: str, message: str) -> None:
    with pytest.raises(FrontMatterError, match=message):
        with_syndication(text, NEW)


def test_the_file_keeps_its_line_endings_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes("\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n".encode())
    assert add_syndication(path, NEW)
    expected = f"\ufeff---\r\ntitle: A\r\nsyndication:\r\n  - {NEW}\r\n---\r\nBody\r\n"
    assert path.read_bytes() == expected.encode()
    assert not add_syndication(path, NEW)


def test_feeds_that_need_quotes_get_them() -> None:
    text = "- name: A\n  url: https://a/\n- {name: B, url: https://b/}\n"
    edited = with_feeds(text, {0: "https://a/feed #1", 1: "https://b/f,x"})
    assert edited == (
        '- name: A\n  url: https://a/\n  feed: "https://a/feed #1"\n'
        '- {name: B, url: https://b/, feed: "https://b/f,x"}\n'
    )
    assert [p["feed"] for p in yaml.safe_load(edited)] == ["https://a/feed #1", "https://b/f,x"]
