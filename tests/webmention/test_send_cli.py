"""The ``plnpress webmention send`` command as a writer meets it: help, usage errors, --dry-run,
--only, a broken sent log, and the files it may and may not touch."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from plnpress.cli.webmention import send_command
from plnpress.webmention.send.sent_log_yaml import HEADER
from tests.conftest import PINNED_EPOCH, REPO, tree
from tests.webmention.blogs import SendBlog, plnpress_process, summary
from tests.webmention.rocks import ACCEPTED, layout
from tests.webmention.servers import LocalServer, html

MakeServer = Callable[..., LocalServer]


def target_with_endpoint(server: LocalServer, path: str) -> str:
    server.route("/wm", ACCEPTED)
    return server.route(path, html(layout(head='<link rel="webmention" href="/wm">')))


def test_help_explains_the_command() -> None:
    group = plnpress_process("webmention", "--help")
    assert group.code == 0
    assert "send" in group.out and "Webmention" in group.out
    ran = plnpress_process("webmention", "send", "--help")
    assert ran.code == 0
    for words in ("--dry-run", "--wait-live", "--timeout", "--only", "_sent.yaml", "deploy"):
        assert words in ran.out


def test_timeout_needs_wait_live(send_blog: SendBlog) -> None:
    ran = send_blog.send("--timeout", "5")
    assert ran.code == 2
    assert "--timeout only applies together with --wait-live" in ran.err


def test_nothing_to_do_is_success(send_blog: SendBlog) -> None:
    send_blog.post("plain", "No links at all.")
    ran = send_blog.send()
    assert ran.code == 0, ran.output
    assert "Nothing to send" in ran.out
    assert not send_blog.log_path.exists()


def test_dry_run_lists_what_would_be_sent_and_changes_nothing(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    kept, dropped = target_with_endpoint(them, "/kept"), target_with_endpoint(them, "/dropped")
    post = send_blog.post("dry", f"[kept]({kept}) [dropped]({dropped})")
    send_blog.deploy()
    assert send_blog.send().code == 0
    send_blog.post("dry", f"[kept]({kept}) and [new]({target_with_endpoint(them, '/new')})")
    send_blog.deploy()
    before, requests = tree(send_blog.root), len(them.requests)

    ran = send_blog.send("--dry-run", "--wait-live")

    assert ran.code == 0, ran.output
    assert tree(send_blog.root) == before
    assert len(them.requests) == requests
    assert f"would send  {post} -> {kept}  (entry changed)" in ran.out
    assert f"would send  {post} -> {dropped}  (link removed)" in ran.out
    assert f"would send  {post} -> {them.url('/new')}  (new link)" in ran.out
    assert summary(ran) == {"would send": 3, "skipped": 0, "unchanged": 0}


def test_only_limits_the_run_to_one_entry(send_blog: SendBlog, make_server: MakeServer) -> None:
    them = make_server("127.0.0.2")
    first = send_blog.post("first", f"[a]({target_with_endpoint(them, '/a')})")
    second = send_blog.post("second", f"[b]({target_with_endpoint(them, '/b')})")
    send_blog.deploy()

    ran = send_blog.send("--only", "/2025/06/first")

    assert ran.code == 0, ran.output
    assert [p.form["source"] for p in them.requests_to("/wm", "POST")] == [[first]]
    ran = send_blog.send("--only", second)
    assert ran.code == 0, ran.output
    assert len(them.requests_to("/wm", "POST")) == 2
    assert send_blog.send("--only", "content/posts/2025-06-01-first.md").code == 0


def test_only_that_matches_nothing_is_an_error(send_blog: SendBlog) -> None:
    send_blog.post("real", "Here.")
    send_blog.post("unfinished", "Not yet.", draft=True)
    for wanted in ("/2025/06/nope/", "/2025/06/unfinished/"):
        ran = send_blog.send("--only", wanted)
        assert ran.code == 1
        assert f"--only {wanted}: no published or deleted entry has this address" in ran.err


BROKEN_LOGS = [
    pytest.param(
        HEADER,
        1,
        "version: missing: the sent log has no 'version: 1' line (it was cut down?); restore it"
        " from git, or delete it to start a new log",
        id="cut-to-its-header",
    ),
    pytest.param("", 1, "version: missing", id="emptied"),
    pytest.param(
        "version: 1\nsent: &a []\nother: *a\n",
        3,
        "invalid YAML: aliases (*name) are not used in this file; write the values out",
        id="alias",
    ),
    pytest.param(
        "version: 1\nsent:\n- source: \x00\n",
        3,
        "invalid YAML: the control character U+0000",
        id="nul",
    ),
    pytest.param("version: 1\nsent:\n- source: [unclosed\n", 4, "invalid YAML", id="syntax"),
    pytest.param("version: 1\nversion: 1\n", 2, "version: written twice", id="duplicate"),
    pytest.param(b"version: 1\n# caf\xe9\n", 2, "the sent log is not valid UTF-8", id="encoding"),
    pytest.param("version: 7\nsent: []\n", 1, "version: expected 1, got 7", id="version"),
    pytest.param(
        "version: 1\nsent:\n- source: https://a.example/\n  target: https://b.example/\n"
        "  attempts:\n  - at: 2025-06-01T10:00:00Z\n    entry_hash: 0123456789abcdef\n"
        "    result: sent\n    status: lots\n",
        9,
        "sent[0].attempts[0].status: expected a whole number, got the text 'lots'",
        id="status",
    ),
    pytest.param(
        "version: 1\nsent:\n- source: https://a.example/\n  target: https://b.example/\n"
        "  attempts:\n  - at: 2025-06-01T10:00:00Z\n    entry_hash: 0123456789abcdef\n"
        "    result: maybe\n",
        8,
        "sent[0].attempts[0].result: expected one of sent, no endpoint, failed, refused",
        id="result",
    ),
    pytest.param(
        "version: 1\nsent:\n- source: https://a.example/\n  target: https://b.example/\n"
        "  attempts: []\n",
        5,
        "sent[0].attempts: expected a list of attempts",
        id="no-attempts",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BROKEN_LOGS)
def test_a_broken_sent_log_stops_the_command_and_is_kept(
    send_blog: SendBlog, make_server: MakeServer, text: str | bytes, line: int, message: str
) -> None:
    them = make_server("127.0.0.2")
    send_blog.post("linking", f"[a]({target_with_endpoint(them, '/a')})")
    send_blog.deploy()
    send_blog.log_path.parent.mkdir(parents=True)
    data = text.encode() if isinstance(text, str) else text
    send_blog.log_path.write_bytes(data)
    env = {**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH}

    ran = plnpress_process("-C", str(send_blog.root), "webmention", "send", env=env)

    assert ran.code == 1
    assert f"content/mentions/_sent.yaml:{line}: {message}" in ran.err
    assert "Traceback" not in ran.err
    assert send_blog.log_path.read_bytes() == data
    assert them.requests == []


def test_only_the_sent_log_is_written_in_the_mentions_folder(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    post = send_blog.post("linking", f"[a]({target_with_endpoint(them, '/a')})")
    harvested = send_blog.root / "content/mentions/linking.yaml"
    harvested.parent.mkdir(parents=True)
    harvested.write_text("# responses harvested by someone else\n")
    send_blog.deploy()

    assert send_blog.send().code == 0

    folder = sorted(p.name for p in harvested.parent.iterdir())
    assert folder == ["_sent.yaml", "linking.yaml"]
    assert harvested.read_text() == "# responses harvested by someone else\n"
    text = send_blog.log_path.read_text()
    assert text.startswith("# Webmentions sent by `plnpress webmention send`.")
    assert f"- source: {post}\n  target: {them.url('/a')}\n  attempts:\n  - at: '" in text


def test_content_errors_stop_the_command_before_anything_is_sent(
    send_blog: SendBlog, make_server: MakeServer
) -> None:
    them = make_server("127.0.0.2")
    send_blog.post("fine", f"[a]({target_with_endpoint(them, '/a')})")
    broken = send_blog.root / "content/posts/broken.md"
    broken.write_text("---\ntitle: B\ndate: 2025-13-01\n---\n")

    ran = send_blog.send()

    assert ran.code == 1
    assert "content/posts/broken.md:3: date: '2025-13-01' is not a valid date" in ran.err
    assert them.requests == []


def test_the_guide_explains_every_option_and_setting() -> None:
    guide = (REPO / "docs/webmentions.md").read_text()
    section = guide.split("## Sending Webmentions\n", 1)[1].split("\n## ", 1)[0]
    options = [opt for param in send_command.params for opt in param.opts]
    settings = [
        "send_internal",
        "never_send_to",
        "allow_private_addresses",
        "content/mentions/_sent.yaml",
    ]
    missing = [word for word in options + settings if f"`{word}" not in section]
    assert not missing, f"explain these in docs/webmentions.md: {missing}"
    assert "netlify deploy --prod && plnpress webmention send --wait-live" in section
