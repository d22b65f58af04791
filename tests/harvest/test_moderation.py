"""Moderation: who waits, who is shown, and ``plnpress webmention review`` (flags and prompts)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from plnpress.config import load_config
from plnpress.errors import PlnpressError
from tests.conftest import build_blog
from tests.harvest.conftest import FIRST, MakeBlog
from tests.harvest.sources import entry_page, h_card
from tests.harvest.test_refresh import do_add, do_pull
from tests.webmention.servers import LocalServer, html

MakeServer = Callable[..., LocalServer]


def review(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "webmention", "review", *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def sources_on(make_server: MakeServer, *hosts: str) -> list[str]:
    """One reply page on each loopback address (each its own domain)."""
    urls = []
    for host in hosts:
        server = make_server(host)
        name = f"Author at {host}"
        urls.append(server.route("/r", html(entry_page(FIRST, author=h_card(name, "/")))))
    return urls


def shown(root: Path) -> str:
    page = build_blog(root).output_dir / "2025/04/first-post/index.html"
    return page.read_text()


@pytest.fixture
def service_blog(
    make_server: MakeServer, make_blog: MakeBlog
) -> Callable[..., tuple[Path, list[str]]]:
    from tests.harvest.sources import WebmentionIo, jf2

    def make(moderation: str, hosts: tuple[str, ...], extra: str = "") -> tuple[Path, list[str]]:
        service = WebmentionIo(make_server("127.0.0.9"))
        sources = sources_on(make_server, *hosts)
        service.mentions = [jf2(n, s, FIRST, "in-reply-to") for n, s in enumerate(sources, 1)]
        root = make_blog(api=service.api, moderation=moderation, extra=extra)
        return root, sources

    return make


def pulled(root: Path) -> list[str]:
    from tests.harvest.sources import TOKEN

    return [r.source for r in do_pull(root, token=TOKEN).stored]


def test_first_time_holds_a_domains_first_response_until_approved(
    service_blog: Callable[..., tuple[Path, list[str]]], make_server: MakeServer
) -> None:
    root, (first, other) = service_blog("first-time", ("127.0.0.2", "127.0.0.3"))
    pulled(root)
    page = shown(root)
    assert "Author at 127.0.0.2" not in page and "Author at 127.0.0.3" not in page

    listed = review(root, "--list")
    assert listed.returncode == 0 and first in listed.stdout and other in listed.stdout
    assert "2 responses waiting for review" in listed.stdout

    approved = review(root, "--approve", first)
    assert approved.returncode == 0, approved.stderr
    assert "1 response waiting for review" in approved.stdout
    assert "Author at 127.0.0.2" in shown(root)
    # The domain is trusted now: its next response is shown without waiting.
    more = make_server("127.0.0.2").route(
        "/again", html(entry_page(FIRST, author=h_card("Again", "/")))
    )
    report = do_add(root, more)  # added by hand: approved anyway
    assert report.stored[0].status.value == "approved"


def test_all_holds_even_a_known_domain(
    service_blog: Callable[..., tuple[Path, list[str]]],
) -> None:
    root, (first,) = service_blog("all", ("127.0.0.2",))
    pulled(root)
    assert review(root, "--approve", first).returncode == 0
    again = do_pull(root, refresh=True)
    assert again.stored == []
    assert "1 response waiting" not in review(root, "--list").stdout


def test_open_holds_nothing(service_blog: Callable[..., tuple[Path, list[str]]]) -> None:
    root, _ = service_blog("open", ("127.0.0.3",))
    pulled(root)
    assert "Author at 127.0.0.3" in shown(root)


def test_allowed_domains_never_wait_and_blocked_ones_are_never_stored(
    service_blog: Callable[..., tuple[Path, list[str]]],
) -> None:
    extra = "  allow: [127.0.0.2]\n  block: [127.0.0.3]\n"
    root, (allowed, blocked) = service_blog("all", ("127.0.0.2", "127.0.0.3"), extra)
    assert pulled(root) == [allowed]
    archive = (root / "content/mentions/2025-04-first-post.yaml").read_text()
    assert blocked not in archive and "status: approved" in archive


def test_reject_and_block_are_remembered(
    service_blog: Callable[..., tuple[Path, list[str]]],
) -> None:
    root, (first, second, third) = service_blog("all", ("127.0.0.2", "127.0.0.3", "127.0.0.4"))
    pulled(root)
    result = review(root, "--reject", first, "--block", "127.0.0.3")
    assert result.returncode == 0, result.stderr
    assert f"rejected {first}" in result.stdout and f"rejected {second}" in result.stdout
    assert "1 response waiting for review" in result.stdout
    state = (root / "content/mentions/_harvest.yaml").read_text()
    assert "blocked:\n  - 127.0.0.3" in state and f"source: {first}" in state
    archive = (root / "content/mentions/2025-04-first-post.yaml").read_text()
    assert first not in archive and second not in archive and third in archive
    assert pulled(root) == []  # nothing rejected or blocked comes back


def test_interactive_review_asks_for_each(
    service_blog: Callable[..., tuple[Path, list[str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, (first, second) = service_blog("all", ("127.0.0.2", "127.0.0.3"))
    pulled(root)
    from click.testing import CliRunner

    from plnpress.cli.main import cli

    monkeypatch.setattr("plnpress.cli.responses._is_terminal", lambda: True)
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(root), "webmention", "review"], input="a\nr\n")
    assert result.exit_code == 0, result.output
    assert f"approved {first}" in result.output and f"rejected {second}" in result.output
    assert "0 responses waiting for review" in result.output


def test_review_refuses_unknown_sources_and_bad_domains(make_blog: MakeBlog) -> None:
    root = make_blog()
    assert review(root, "--approve", "https://nobody.example/").returncode == 1
    bad = review(root, "--block", "not a domain")
    assert bad.returncode == 1 and "not a domain name" in bad.stderr


def test_adding_by_hand_checks_the_target(local_server: LocalServer, make_blog: MakeBlog) -> None:
    root = make_blog()
    source = local_server.route("/r", html(entry_page(FIRST)))
    with pytest.raises(PlnpressError, match="not an entry"):
        do_add(root, source, "https://blog.example.org/nowhere/")
    report = do_add(root, source, None)  # no target: every entry the page links to
    assert [r.target for r in report.stored] == [FIRST]
    assert load_config(root).site.webmention.moderation == "open"
