"""The command line, run as a writer would run it: a real process, real files, exit codes."""

from __future__ import annotations

import ctypes
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MakeSite

CONFIG_WITH_LOCAL_FETCHES = """\
title: Test Blog
base_url: https://blog.example.org/
timezone: Europe/Berlin
author: {name: Ada}
webmention:
  allow_private_addresses: true
"""


def plnpress(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        check=False,
    )


def test_init_makes_a_blog_that_builds_at_once(tmp_path: Path) -> None:
    made = plnpress("init", str(tmp_path / "myblog"), "--title", "Notes", "--author", "Bo")
    assert made.returncode == 0, made.stderr
    built = plnpress("-C", str(tmp_path / "myblog"), "build")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 1 post, 1 link, 1 page: ")
    site = tmp_path / "myblog/site"
    home = (site / "index.html").read_text()
    assert "Notes" in home and "Hello, world" in home and "IndieWeb" in home
    assert (site / "about/index.html").is_file()
    again = plnpress("init", str(tmp_path / "myblog"))
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_new_post_is_named_and_dated_in_the_site_timezone(make_site: MakeSite) -> None:
    root = make_site()
    result = plnpress("new", "post", "Ünïcode & Friends: a Post!", cwd=root)
    assert result.returncode == 0, result.stderr
    # SOURCE_DATE_EPOCH is 2026-01-01T00:00Z: 01:00 in Berlin.
    path = root / "content/posts/2026-01-01-unicode-friends-a-post.md"
    assert path.is_file()
    text = path.read_text()
    assert 'title: "Ünïcode & Friends: a Post!"' in text
    assert "date: 2026-01-01 01:00:00+01:00" in text
    built = plnpress("build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert (root / "site/2026/01/unicode-friends-a-post/index.html").is_file()
    duplicate = plnpress("new", "post", "Ünïcode & Friends: a Post!", cwd=root)
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr


@pytest.fixture
def page_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/titled":
                body = b"<html><head><title>  A &amp; B:\n the page </title></head></html>"
                self.send_response(200)
            else:
                body = b"gone"
                self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_new_link_fetches_the_page_title(make_site: MakeSite, page_server: str) -> None:
    root = make_site({"plnpress.yaml": CONFIG_WITH_LOCAL_FETCHES})
    result = plnpress("new", "link", f"{page_server}/titled", cwd=root)
    assert result.returncode == 0, result.stderr
    path = root / "content/links/2026-01-01-a-b-the-page.md"
    text = path.read_text()
    assert 'title: "A & B: the page"' in text
    assert f'bookmark_of: "{page_server}/titled"' in text


def test_new_link_without_a_title_keeps_the_bookmark(make_site: MakeSite, page_server: str) -> None:
    root = make_site({"plnpress.yaml": CONFIG_WITH_LOCAL_FETCHES})
    missing = plnpress("new", "link", f"{page_server}/missing", cwd=root)
    assert missing.returncode == 0, missing.stderr
    assert "404" in missing.stdout and "change the title: line" in missing.stdout
    host = page_server.removeprefix("http://")
    written = (
        root / f"content/links/2026-01-01-{host.replace('.', '-').replace(':', '-')}-missing.md"
    )
    assert f'title: "{host}/missing"' in written.read_text()
    given = plnpress("new", "link", f"{page_server}/missing", "--title", "Lost page", cwd=root)
    assert given.returncode == 0, given.stderr
    assert (root / "content/links/2026-01-01-lost-page.md").is_file()
    bad = plnpress("new", "link", "ftp://example.org/", "--title", "x", cwd=root)
    assert bad.returncode == 2


def test_python_dash_m_and_the_console_script_are_the_same_program(tmp_path: Path) -> None:
    module = plnpress("--version")
    script = subprocess.run(
        [str(Path(sys.executable).parent / "plnpress"), "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout
    assert module.stdout.startswith("plnpress, version ")


def _commands() -> list[list[str]]:
    """Every command and subcommand, asked of the group as ``--help`` asks (the top level loads
    its commands lazily: ``cli.commands`` alone holds none of them)."""
    import click

    from plnpress.cli.main import cli

    found: list[list[str]] = [[]]

    def walk(group: click.Group, prefix: list[str]) -> None:
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            found.append([*prefix, name])
            if isinstance(command, click.Group):
                walk(command, [*prefix, name])

    walk(cli, [])
    return found


def test_every_command_is_listed() -> None:
    listed = {" ".join(command) for command in _commands()}
    assert {"build", "check", "serve", "webmention send", "webmention receive"} <= listed


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "plnpress")
def test_every_command_explains_itself(command: list[str]) -> None:
    result = plnpress(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: plnpress")
    description = result.stdout.split("\n\n")[1].strip()
    assert len(description) > 20, f"{command} needs a real description"


def test_usage_mistakes_exit_2(tmp_path: Path) -> None:
    assert plnpress("build", "--no-such-flag").returncode == 2
    assert plnpress("no-such-command").returncode == 2


def test_a_folder_without_config_is_a_clear_error(tmp_path: Path) -> None:
    result = plnpress("-C", str(tmp_path), "build")
    assert result.returncode == 1
    assert "no plnpress.yaml" in result.stderr and "plnpress init" in result.stderr
    assert "Traceback" not in result.stderr


def _without_root_override() -> None:
    """In the child, before it runs plnpress: give up what lets root write anywhere (the
    capabilities to override and bypass file permissions), so that a read-only folder is
    read-only for the command as it is for any writer."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_site_folder_is_a_one_line_error(make_site: MakeSite) -> None:
    root = make_site({"content/posts/2025-05-01-hello.md": "---\ntitle: Hello\n---\nFirst.\n"})
    assert plnpress("build", cwd=root).returncode == 0
    post = root / "content/posts/2025-05-01-hello.md"
    post.write_text(post.read_text().replace("First.", "Second."))
    folders = [root / "site", *(p for p in (root / "site").rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "plnpress", "build"],
            capture_output=True,
            text=True,
            cwd=root,
            check=False,
            preexec_fn=_without_root_override if os.geteuid() == 0 else None,
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {root / 'site'}/") and line.endswith(": Permission denied")
    assert "First." in (root / "site/2025/05/hello/index.html").read_text()
