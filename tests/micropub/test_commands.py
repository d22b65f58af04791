"""The commands: ``plnpress server`` (one process: /webmention, /micropub, /auth),
``plnpress server password``, ``plnpress micropub token`` and ``tokens``."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from plnpress.indieauth.passwords import check_password
from plnpress.indieauth.store import AuthStore
from tests.micropub.conftest import make_blog


def plnpress(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_token_prints_the_token_alone_and_tokens_revokes_it(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    made = plnpress(root, "micropub", "token", "--scope", "create media", "--name", "shortcut")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert made.stdout == token + "\n" and re.fullmatch(r"[A-Za-z0-9_-]{40,}", token)
    store = AuthStore(root / "server.sqlite3")
    try:
        grant = store.grant(token, touch=False)
    finally:
        store.close()
    assert grant is not None and grant.scope == {"create", "media"}
    listed = plnpress(root, "micropub", "tokens")
    assert "shortcut  (create media)  command line  created " in listed.stdout
    assert token not in listed.stdout
    assert plnpress(root, "micropub", "tokens", "--revoke", "shortcut").returncode == 0
    assert "No tokens yet." in plnpress(root, "micropub", "tokens").stdout
    missing = plnpress(root, "micropub", "tokens", "--revoke", "shortcut")
    assert missing.returncode == 1 and "no token is named 'shortcut'" in missing.stderr
    bad = plnpress(root, "micropub", "token", "--scope", "everything")
    assert bad.returncode == 2


def test_password_is_read_twice_from_stdin_and_stored_hashed(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    assert plnpress(root, "server", "password", stdin="one password\nanother\n").returncode == 1
    short = plnpress(root, "server", "password", stdin="short\nshort\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    done = plnpress(root, "server", "password", stdin="a long password\na long password\n")
    assert done.returncode == 0, done.stderr
    stored = (root / "server.sqlite3").read_bytes()
    assert b"a long password" not in stored
    store = AuthStore(root / "server.sqlite3")
    try:
        hashed = store.password_hash()
    finally:
        store.close()
    assert hashed is not None and hashed.startswith("scrypt$")
    assert check_password("a long password", hashed)
    assert not check_password("a long passwore", hashed)


def test_server_serves_webmention_and_micropub_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    token = plnpress(root, "micropub", "token", "--scope", "create").stdout.strip()
    process = subprocess.Popen(
        [sys.executable, "-m", "plnpress", "-C", str(root), "server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def read() -> None:
        for line in stdout:
            lines.put(line)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        first = lines.get(timeout=60)
        found = re.search(r" at (http://127\.0\.0\.1:\d+): /webmention, /micropub, /auth", first)
        assert found, first
        with httpx.Client(base_url=found.group(1), trust_env=False, timeout=30) as http:
            assert "Webmention endpoint" in http.get("/webmention").text
            answer = http.post(
                "/micropub",
                data={"h": "entry", "content": "From the command line server"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 201, answer.text
        assert (root / "content/posts/2026-01-01-from-the-command-line-server.md").is_file()
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        reader.join()
        assert process.stderr is not None
        errors = process.stderr.read()
        process.stderr.close()
        process.stdout.close()
    assert code == 0, errors


def test_server_refuses_git_push_outside_a_repository(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog", "micropub:\n  publish: git-push\n")
    refused = plnpress(root, "server", "--port", "0")
    assert refused.returncode == 1
    assert "micropub.publish is git-push, but" in refused.stderr
    assert "is not in a git repository" in refused.stderr
