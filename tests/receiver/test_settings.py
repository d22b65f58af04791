"""Settings from the environment, the ASGI app under another command, and the command's own
errors (exit 1 with one line, never a traceback)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from plnpress.errors import PlnpressError
from plnpress.receiver.server import check_database
from plnpress.receiver.settings import Limits, ReceiverSettings, SettingsError
from tests.receiver.conftest import FIRST, UNREACHABLE, read_rows
from tests.webmention.servers import LocalServer


def test_every_setting_can_come_from_the_environment(tmp_path: Path) -> None:
    environ = {
        "PLNPRESS_RECEIVER_BASE_URL": "https://blog.example.org/blog",
        "PLNPRESS_RECEIVER_DB": str(tmp_path / "wm.sqlite3"),
        "PLNPRESS_RECEIVER_SITE": str(tmp_path / "site"),
        "PLNPRESS_RECEIVER_SITEMAP": "https://blog.example.org/blog/sitemap.xml",
        "PLNPRESS_RECEIVER_SITEMAP_REFRESH": "120",
        "PLNPRESS_RECEIVER_TOKEN": "secret",
        "PLNPRESS_RECEIVER_BUILD_HOOK": "https://api.netlify.com/build_hooks/abc",
        "PLNPRESS_RECEIVER_BUILD_HOOK_INTERVAL": "900",
        "PLNPRESS_RECEIVER_WORKERS": "2",
        "PLNPRESS_RECEIVER_MAX_BODY": "4096",
        "PLNPRESS_RECEIVER_PER_CLIENT": "10",
        "PLNPRESS_RECEIVER_PER_SOURCE_HOST": "5",
        "PLNPRESS_RECEIVER_QUEUE_SIZE": "50",
        "PLNPRESS_RECEIVER_ALLOW_PRIVATE_ADDRESSES": "1",
    }
    settings = ReceiverSettings.from_env(environ)
    assert settings.base_url == "https://blog.example.org/blog/"
    assert settings.db == tmp_path / "wm.sqlite3" and settings.site_dir == tmp_path / "site"
    assert settings.public_sitemap == "https://blog.example.org/blog/sitemap.xml"
    assert (settings.sitemap_refresh, settings.build_hook_interval) == (120, 900)
    assert settings.token == "secret" and settings.build_hook is not None
    assert settings.workers == 2
    assert settings.limits == Limits(4096, 10, 5, 50)
    assert settings.fetch.allow_private_addresses is True


def test_defaults_fill_in_and_the_environment_wins() -> None:
    settings = ReceiverSettings.from_env(
        {"PLNPRESS_RECEIVER_PER_CLIENT": "7"},
        base_url="https://blog.example.org",
        limits=Limits(per_source_host=3),
    )
    assert settings.base_url == "https://blog.example.org/"
    assert settings.public_sitemap == "https://blog.example.org/sitemap.xml"
    assert settings.limits == Limits(per_client=7, per_source_host=3)
    assert settings.token is None and settings.fetch.allow_private_addresses is False


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "set PLNPRESS_RECEIVER_BASE_URL to your blog's address"),
        ({"PLNPRESS_RECEIVER_BASE_URL": "ftp://x.example/"}, "is not an http(s) address"),
        ({"PLNPRESS_RECEIVER_WORKERS": "two"}, "PLNPRESS_RECEIVER_WORKERS='two' is not a whole"),
        ({"PLNPRESS_RECEIVER_QUEUE_SIZE": "0"}, "queue_size must be at least 1, not 0"),
        ({"PLNPRESS_RECEIVER_BUILD_HOOK_INTERVAL": "soon"}, "is not a number of seconds"),
        ({"PLNPRESS_RECEIVER_ALLOW_PRIVATE_ADDRESSES": "maybe"}, "use 1 or 0"),
        ({"PLNPRESS_RECEIVER_BUILD_HOOK": "javascript:x"}, "the build hook is not an http(s)"),
    ],
)
def test_bad_settings_say_which_and_why(environ: dict[str, str], message: str) -> None:
    if environ and "PLNPRESS_RECEIVER_BASE_URL" not in environ:
        environ = {"PLNPRESS_RECEIVER_BASE_URL": "https://blog.example.org/", **environ}
    with pytest.raises(SettingsError, match=re.escape(message)):
        ReceiverSettings.from_env(environ)


def receiver_env(tmp_path: Path, built_site: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PLNPRESS_RECEIVER_BASE_URL": "https://blog.example.org/",
        "PLNPRESS_RECEIVER_DB": str(tmp_path / "asgi.sqlite3"),
        "PLNPRESS_RECEIVER_SITE": str(built_site),
        "PLNPRESS_RECEIVER_ALLOW_PRIVATE_ADDRESSES": "1",
    }


def test_the_asgi_app_runs_under_another_command(
    tmp_path: Path, built_site: Path, local_server: LocalServer
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "plnpress.receiver.asgi:app", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=receiver_env(tmp_path, built_site),
        cwd=tmp_path,
    )
    assert process.stdout is not None
    try:
        origin = None
        for line in process.stdout:
            found = re.search(r"running on (http://127\.0\.0\.1:\d+)", line)
            if found:
                origin = found.group(1)
                break
        assert origin is not None, "uvicorn did not start"
        answer = httpx.post(
            origin + "/webmention",
            data={"source": UNREACHABLE + "x", "target": FIRST},
            trust_env=False,
        )
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stdout.close()
    assert answer.status_code == 201
    assert [row["target"] for row in read_rows(tmp_path / "asgi.sqlite3")] == [FIRST]


def run_command(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "webmention", "receive", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={k: v for k, v in (env or os.environ).items() if not k.startswith("PLNPRESS_RECEIVER")},
        check=False,
        timeout=60,
    )


def test_the_command_needs_a_blog_folder_or_an_address(tmp_path: Path) -> None:
    result = run_command(cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: no plnpress.yaml in {tmp_path.resolve()} or above: run this in your blog folder,"
        " or give --base-url (or set PLNPRESS_RECEIVER_BASE_URL)"
    )


def test_the_command_explains_a_database_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database, but some notes\n" * 100)
    result = run_command(
        "--base-url", "https://blog.example.org/", "--db", "notes.txt", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: cannot use the database notes.txt: file is not a database"
    )
    assert "Traceback" not in result.stderr


def test_the_command_explains_a_port_in_use(tmp_path: Path, local_server: LocalServer) -> None:
    result = run_command(
        "--base-url", "https://blog.example.org/", "--port", str(local_server.port), cwd=tmp_path
    )
    assert result.returncode == 1
    assert f"port {local_server.port} on 127.0.0.1 is already in use" in result.stderr


def test_a_database_it_cannot_use_keeps_the_cause(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database, but some notes\n" * 100)
    settings = ReceiverSettings(base_url="https://blog.example.org/", db=tmp_path / "notes.txt")
    with pytest.raises(PlnpressError) as caught:
        check_database(settings)
    assert str(caught.value).endswith("notes.txt: file is not a database")
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
