"""``plnpress serve`` as a writer runs it: starting, reporting, a port in use, Ctrl-C."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from click.testing import CliRunner

from plnpress.cli.main import cli
from tests.serve.support import BLOG_FILES, HELLO, ServeProcess, serve_command

StartProcess = Callable[..., ServeProcess]


def test_help_names_every_option() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ["--port", "--host", "--no-drafts", "--open"]:
        assert option in result.output


def test_serve_rebuilds_on_save_and_ctrl_c_exits_cleanly(
    make_site: Callable[..., Path], serve_process: StartProcess
) -> None:
    root = make_site(BLOG_FILES)
    running = serve_process(root)
    assert running.url.startswith("http://127.0.0.1:") and running.url.endswith("/blog/")
    page = httpx.get(running.url + "2024/05/hello/")
    assert page.status_code == 200

    post = root / HELLO
    post.write_text(post.read_text(encoding="utf-8").replace("Original", "Changed"), "utf-8")
    line = running.wait_for_line(r"changed:")
    assert f"{HELLO} changed: Built 5 posts" in line
    assert "Changed words." in httpx.get(running.url + "2024/05/hello/").text

    post.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    problem = re.compile(rf"^{re.escape(HELLO)}:\d+: ", re.MULTILINE)
    _wait_for(lambda: problem.search("".join(running.stderr)) is not None)  # on stderr

    code, out, err = running.interrupt()
    assert code == 0
    assert "Traceback" not in err
    assert out.rstrip().endswith("Stopped.")
    assert not (root / "site").exists()

    post.write_text(str(BLOG_FILES[HELLO]), encoding="utf-8")
    built = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert built.exit_code == 0, built.output
    pages = list((root / "site").rglob("*.html"))
    assert pages
    assert all(b"__plnpress" not in page.read_bytes() for page in pages)


def test_a_port_in_use_is_a_clear_message(make_site: Callable[..., Path]) -> None:
    root = make_site(BLOG_FILES)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            serve_command(root, "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"--port {port + 1}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_without_a_config_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        serve_command(tmp_path, "--port", "0"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "plnpress.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_drafts_serves_the_site_as_published(
    make_site: Callable[..., Path], serve_process: StartProcess
) -> None:
    draft = "---\ntitle: Unfinished\ndate: 2024-05-06\ndraft: true\n---\n\nNot yet.\n"
    root = make_site({**BLOG_FILES, "content/posts/2024-05-06-draft.md": draft})
    running = serve_process(root, "--no-drafts")
    assert httpx.get(running.url + "2024/05/draft/").status_code == 404
    assert httpx.get(running.url + "2024/05/hello/").status_code == 200
    code, _, err = running.interrupt()
    assert code == 0, err


def _wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_log_names_the_saved_file_never_a_tool_s_temporary_one(
    make_site: Callable[..., Path], serve_process: StartProcess
) -> None:
    """Editors and tools save by writing a temporary file beside the post and renaming it over
    the post (sed -i, Python's tempfile, macOS's safe save): the log names the post only."""
    root = make_site(BLOG_FILES)
    running = serve_process(root)
    post = root / HELLO
    for number, temporary in enumerate(
        ["sedX1b2C3", "tmpk3j2h1x0", f"{post.name}.sb-2c9e1d4f-Qx8yZ1", "4913"], start=1
    ):
        scratch = post.parent / temporary
        scratch.write_text(post.read_text(encoding="utf-8") + f"\nSaved {number}.\n", "utf-8")
        scratch.replace(post)
        line = running.wait_for_line(r"changed:")
        assert line.split(" ", 1)[1].startswith(f"{HELLO} changed: Built"), line
    code, out, err = running.interrupt()
    assert code == 0, err
    for temporary in ("sedX1b2C3", "tmpk3j2h1x0", ".sb-2c9e1d4f", "4913"):
        assert temporary not in out + err
