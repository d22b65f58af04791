"""The sent log file: what it looks like, that it reads back as written, that history is only
ever added to, and that a damaged file is reported, not replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from plnpress.errors import ProblemsError
from plnpress.webmention.send.sent_log import Attempt, Result, SentLog
from plnpress.webmention.send.sent_log_yaml import (
    HEADER,
    SENT_LOG,
    _attempt_data,
    append_to_sent_log,
    read_sent_log,
    render_sent_log,
)
from tests.modes import umask

SOURCE = "https://blog.example.org/2025/06/hello/"
AT = datetime(2025, 6, 1, 10, 30, tzinfo=UTC)


def sent(target_path: str = "/wm", entry_hash: str = "0123456789abcdef") -> Attempt:
    return Attempt(
        AT,
        entry_hash,
        Result.SENT,
        endpoint=f"https://them.example{target_path}?key=a&b=c",
        status=201,
        location="https://them.example/status/7",
    )


def failed() -> Attempt:
    return Attempt(
        AT, "fedcba9876543210", Result.FAILED, status=503, message="it said: «later»: try #2"
    )


def test_the_file_is_readable_and_ordered(tmp_path: Path) -> None:
    append_to_sent_log(
        tmp_path,
        [
            ((SOURCE, "https://z.example/"), sent()),
            ((SOURCE, "https://a.example/"), Attempt(AT, "0123456789abcdef", Result.NO_ENDPOINT)),
            ((SOURCE, "https://z.example/"), failed()),
        ],
    )
    text = (tmp_path / SENT_LOG).read_text()
    body = text.split("\nversion: 1\n", 1)[1]
    assert body == (
        "sent:\n"
        f"- source: {SOURCE}\n"
        "  target: https://a.example/\n"
        "  attempts:\n"
        "  - at: '2025-06-01T10:30:00Z'\n"
        "    entry_hash: 0123456789abcdef\n"
        "    result: no endpoint\n"
        f"- source: {SOURCE}\n"
        "  target: https://z.example/\n"
        "  attempts:\n"
        "  - at: '2025-06-01T10:30:00Z'\n"
        "    entry_hash: 0123456789abcdef\n"
        "    result: sent\n"
        "    endpoint: https://them.example/wm?key=a&b=c\n"
        "    status: 201\n"
        "    location: https://them.example/status/7\n"
        "  - at: '2025-06-01T10:30:00Z'\n"
        "    entry_hash: fedcba9876543210\n"
        "    result: failed\n"
        "    status: 503\n"
        "    message: 'it said: «later»: try #2'\n"
    )
    assert all(line.startswith("#") for line in text.split("\nversion: 1\n")[0].splitlines())


def test_it_reads_back_as_written(tmp_path: Path) -> None:
    written = append_to_sent_log(tmp_path, [((SOURCE, "https://z.example/"), failed())])
    written = append_to_sent_log(tmp_path, [((SOURCE, "https://z.example/"), sent())])
    again = read_sent_log(tmp_path)
    assert again == written
    assert [a.result for a in again.history[(SOURCE, "https://z.example/")]] == [
        Result.FAILED,
        Result.SENT,
    ]
    assert render_sent_log(again) == (tmp_path / SENT_LOG).read_text()


def test_appending_keeps_what_is_on_disk_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    with umask(0o022):  # a new file is as the umask makes it
        append_to_sent_log(tmp_path, [((SOURCE, "https://a.example/"), sent())])
    before = (tmp_path / SENT_LOG).read_text()
    append_to_sent_log(tmp_path, [((SOURCE, "https://b.example/"), sent())])
    after = (tmp_path / SENT_LOG).read_text()
    assert len(read_sent_log(tmp_path)) == 2
    assert set(before.splitlines()) <= set(after.splitlines())
    assert [p.name for p in (tmp_path / SENT_LOG).parent.iterdir()] == ["_sent.yaml"]
    assert (tmp_path / SENT_LOG).stat().st_mode & 0o777 == 0o644


def test_nothing_to_add_writes_nothing(tmp_path: Path) -> None:
    assert append_to_sent_log(tmp_path, []) == SentLog()
    assert not (tmp_path / "content").exists()


def test_no_file_is_an_empty_log_but_a_file_cut_to_comments_is_an_error(tmp_path: Path) -> None:
    assert read_sent_log(tmp_path) == SentLog()  # a fresh blog
    (tmp_path / SENT_LOG).parent.mkdir(parents=True)
    (tmp_path / SENT_LOG).write_text("# nothing yet\n")
    with pytest.raises(ProblemsError) as caught:
        read_sent_log(tmp_path)
    assert str(caught.value.problems[0]).startswith(f"{SENT_LOG}:1: version: missing")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", ["_sent.yaml:1: expected the keys 'version' and 'sent'"]),
        ("version: 1\nsents: []\n", ["_sent.yaml:2: sents: unknown key"]),
        ("version: 1\nsent: {}\n", ["_sent.yaml:2: sent: expected a list"]),
        ("version: 1\nsent:\n- just text\n", ["_sent.yaml:3: sent[0]: expected source, target"]),
        (
            "version: 1\nsent:\n- source: https://a/\n  target: https://b/\n  attempts:\n"
            "  - at: yesterday\n    entry_hash: xyz\n    result: sent\n    colour: red\n",
            [
                "_sent.yaml:6: sent[0].attempts[0].at: 'yesterday' is not a date",
                "_sent.yaml:7: sent[0].attempts[0].entry_hash: expected a hash",
                "_sent.yaml:9: sent[0].attempts[0].colour: unknown key",
            ],
        ),
        (
            "version: 1\nsent:\n"
            "- {source: https://a/, target: https://b/, attempts: [{at: 2025-06-01, "
            "entry_hash: 0123456789abcdef, result: sent}]}\n"
            "- {source: https://a/, target: https://b/, attempts: [{at: 2025-06-01, "
            "entry_hash: 0123456789abcdef, result: sent}]}\n",
            ["_sent.yaml:4: sent[1]: this source and target are already on line 3"],
        ),
    ],
    ids=["not-a-mapping", "unknown-key", "not-a-list", "not-a-pair", "bad-attempt", "twice"],
)
def test_every_problem_is_reported_with_its_line(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = tmp_path / SENT_LOG
    path.parent.mkdir(parents=True)
    path.write_text(text)
    with pytest.raises(ProblemsError) as raised:
        read_sent_log(tmp_path)
    messages = [str(problem) for problem in raised.value.problems]
    assert len(messages) == len(expected)
    for message, start in zip(messages, expected, strict=True):
        assert message.startswith("content/mentions/" + start), message
    with pytest.raises(ProblemsError):
        append_to_sent_log(tmp_path, [((SOURCE, "https://a.example/"), sent())])
    assert path.read_text() == text


def test_a_big_log_is_written_a_pair_at_a_time_as_the_same_text(tmp_path: Path) -> None:
    """A blog imported with many thousand links: the file is written in pieces, never whole in
    memory, and reads the same as the log dumped at once."""
    pairs = [((f"{SOURCE}{n % 7}/", f"https://t{n}.example/"), sent()) for n in range(300)]
    pairs.append(((SOURCE, "https://z.example/"), failed()))
    log = append_to_sent_log(tmp_path, pairs)
    whole = {
        "version": 1,
        "sent": [
            {
                "source": source,
                "target": target,
                "attempts": [_attempt_data(a) for a in attempts],
            }
            for (source, target), attempts in sorted(log.history.items())
        ],
    }
    at_once = yaml.safe_dump(
        whole, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )
    assert (tmp_path / SENT_LOG).read_text() == HEADER + at_once
    assert read_sent_log(tmp_path) == log
    empty = {"version": 1, "sent": []}
    assert render_sent_log(SentLog()) == HEADER + yaml.safe_dump(empty, sort_keys=False)
