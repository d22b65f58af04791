"""The archive files: stable, pretty, atomic; a broken one stops commands with file:line."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from plnpress.errors import ProblemLog, ProblemsError
from plnpress.mentions.state import load_state
from plnpress.mentions.store import Archive, load_archive
from plnpress.model.response import Author, Response, ResponseKind, ResponseStatus
from plnpress.schema import Context
from tests.conftest import build_blog
from tests.harvest.conftest import FIRST, MakeBlog

CTX = Context(UTC)


def reply(source: str, day: int, **fields: object) -> Response:
    return Response(
        source=source,
        target=FIRST,
        kind=ResponseKind.REPLY,
        author=Author("Jo", "https://jo.example.net/"),
        received=datetime(2025, 5, day, tzinfo=UTC),
        content_html="<p>one</p>\n<p>two</p>",
        **fields,  # type: ignore[arg-type]
    )


def test_files_round_trip_and_new_responses_are_appended(make_blog: MakeBlog) -> None:
    root = make_blog()
    archive = Archive(root)
    archive.put(reply("https://b.example.net/2", 2))
    archive.put(reply("https://a.example.net/1", 1, status=ResponseStatus.PENDING))
    assert archive.save("/") == ["content/mentions/2025-04-first-post.yaml"]
    path = root / "content/mentions/2025-04-first-post.yaml"
    text = path.read_text()
    assert text.index("a.example.net") < text.index("b.example.net")
    assert "    content: |-\n      <p>one</p>\n      <p>two</p>\n" in text

    log = ProblemLog()
    again = load_archive(root, log, CTX)
    assert log.problems == ()
    assert again.responses() == archive.responses()
    again.put(reply("https://c.example.net/3", 3))
    again.save("/")
    grown = path.read_text()
    assert grown.startswith(text.rstrip("\n")) and "c.example.net" in grown.split(text)[-1]
    assert again.save("/") == []  # nothing changed, nothing written


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("target: [not, a, url]\n", "content/mentions/x.yaml:1: target: expected a URL"),
        (
            f"target: {FIRST}\nresponses:\n  - source: javascript:alert(1)\n    kind: reply\n",
            "content/mentions/x.yaml:3: responses[0].source: 'javascript:alert(1)' must start",
        ),
        (
            f"target: {FIRST}\nresponses:\n  - source: https://a.example/\n    kind: shout\n",
            "content/mentions/x.yaml:4: responses[0].kind: expected one of reply",
        ),
        (f"target: {FIRST}\nresponses: [\n", "content/mentions/x.yaml:3: invalid YAML"),
        (
            f"target: {FIRST}\ntarget: {FIRST}\n",
            "content/mentions/x.yaml:2: target: key appears twice",
        ),
    ],
)
def test_a_broken_file_stops_the_build_with_its_line(
    make_blog: MakeBlog, content: str, expected: str
) -> None:
    root = make_blog(files={"content/mentions/x.yaml": content})
    with pytest.raises(ProblemsError) as error:
        build_blog(root)
    assert any(str(problem).startswith(expected) for problem in error.value.problems), [
        str(p) for p in error.value.problems
    ]


def test_a_broken_state_file_stops_pull_and_is_not_rewritten(make_blog: MakeBlog) -> None:
    broken = "blocked: [spam.example\nrejected: 3\n"
    root = make_blog(files={"content/mentions/_harvest.yaml": broken})
    result = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "webmention", "pull"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "content/mentions/_harvest.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert (root / "content/mentions/_harvest.yaml").read_text() == broken


def test_state_problems_name_the_key(tmp_path: Path) -> None:
    path = tmp_path / "content/mentions/_harvest.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("webmention_io:\n  since_id: -1\ndeleted:\n  - source: x\n")
    log = ProblemLog()
    load_state(tmp_path, log, CTX)
    messages = [str(p) for p in log.problems]
    assert messages[0].startswith("content/mentions/_harvest.yaml:2: webmention_io.since_id")
    assert "content/mentions/_harvest.yaml:4: deleted[0].date: missing (required)" in messages
    assert any(
        m.startswith("content/mentions/_harvest.yaml:4: deleted[0].source") for m in messages
    )


def test_a_hand_edited_script_is_cleaned_when_read(make_blog: MakeBlog) -> None:
    edited = (
        f"target: {FIRST}\nresponses:\n  - source: https://a.example.net/1\n    kind: reply\n"
        "    status: approved\n    received: 2025-05-01\n    author:\n      name: Eve\n"
        "    content: <p>hi<script>alert(1)</script><img src=x onerror=alert(2)></p>\n"
    )
    root = make_blog(files={"content/mentions/2025-04-first-post.yaml": edited})
    page = (build_blog(root).output_dir / "2025/04/first-post/index.html").read_text()
    assert "<p>hi</p>" in page and "alert" not in page
