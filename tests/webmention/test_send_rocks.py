"""Every discovery form through ``plnpress webmention send``: one blog post links to the 23
webmention.rocks discovery cases (rebuilt on a local server) and to more shapes: a redirect chain
ending in a ``../`` endpoint, a Link header on a redirect, a path-relative endpoint, a non-HTML
target and a page without an endpoint.

The command runs once, in its own process, for the whole module; each test checks one target.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from plnpress.webmention.send.sent_log import Result, SentLog
from plnpress.webmention.send.sent_log_yaml import read_sent_log
from tests.conftest import PINNED_EPOCH
from tests.webmention.blogs import Ran, blog_config, plnpress_process, post_file, summary
from tests.webmention.rocks import (
    ACCEPTED,
    CASES,
    WRONG,
    Case,
    Case23,
    layout,
    serve_case,
    serve_case_23,
)
from tests.webmention.servers import LocalServer, html, redirect, static_site, text


@dataclass(frozen=True)
class Extra:
    """A discovery shape beyond the rocks cases: the target path and where it must be sent."""

    name: str
    target_path: str
    endpoint: str | None
    """Path and query of the endpoint, or None for "no endpoint"."""


EXTRAS = [
    Extra("redirect chain, then ../ endpoint", "/chain/start", "/chain/blog/wm?k=1"),
    Extra("Link header on a redirect is not the target's", "/moved", "/right"),
    Extra("path-relative endpoint", "/deep/post/", "/deep/post/wm"),
    Extra("non-HTML target", "/paper.pdf", None),
    Extra("no endpoint at all", "/quiet", None),
]


def serve_extras(server: LocalServer) -> None:
    server.route("/chain/start", redirect("/chain/one", status=301))
    server.route("/chain/one", redirect(server.url("/chain/two"), status=302))
    server.route("/chain/two", redirect("blog/2024/post/", status=307))
    server.route(
        "/chain/blog/2024/post/", html(layout(head='<link rel="webmention" href="../../wm?k=1">'))
    )
    server.route("/chain/blog/wm", ACCEPTED)
    server.route("/moved", redirect("/here", headers=[("Link", "</wrong>; rel=webmention")]))
    server.route("/here", html(layout(body='<a rel="webmention" href="/right">endpoint</a>')))
    server.route("/right", ACCEPTED)
    server.route("/wrong", WRONG)
    server.route("/deep/post/", html(layout(head='<link rel="webmention" href="wm">')))
    server.route("/deep/post/wm", ACCEPTED)
    pdf = b'%PDF-1.7\n<link rel="webmention" href="/quiet/wm">'
    server.route("/paper.pdf", text(pdf, content_type="application/pdf"))
    server.route("/quiet", html(layout(body='<a href="/elsewhere">a plain link</a>')))
    server.route("/quiet/wm", WRONG)


@dataclass(frozen=True)
class SendRun:
    targets: LocalServer
    source: str
    case_23: Case23
    ran: Ran
    log: SentLog


@pytest.fixture(scope="module")
def send_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SendRun]:
    blog_server, targets = LocalServer().start(), LocalServer(host="127.0.0.2").start()
    try:
        root = tmp_path_factory.mktemp("rocks") / "blog"
        urls = [serve_case(targets, case) for case in CASES]
        case_23 = serve_case_23(targets)
        serve_extras(targets)
        urls += [case_23.target, *(targets.url(extra.target_path) for extra in EXTRAS)]
        write(root, "plnpress.yaml", blog_config(blog_server.url("/")))
        body = "\n\n".join(f"{n}. [target {n}]({url})" for n, url in enumerate(urls, 1))
        write(root, "content/posts/2025-06-01-rocks.md", post_file("rocks", body))
        blog_server.fallback = static_site(root / "site")
        environment = {**os.environ, "SOURCE_DATE_EPOCH": PINNED_EPOCH}
        build = plnpress_process("-C", str(root), "build", env=environment)
        assert build.code == 0, build.output
        ran = plnpress_process("-C", str(root), "webmention", "send", env=environment)
        source = blog_server.url("/2025/06/rocks/")
        yield SendRun(targets, source, case_23, ran, read_sent_log(root))
    finally:
        blog_server.stop()
        targets.stop()
    assert not targets.errors and not blog_server.errors


def write(root: Path, rel: str, content: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(content), encoding="utf-8")


def assert_sent_once(run: SendRun, target_path: str, endpoint: str) -> None:
    path, _, query = endpoint.partition("?")
    target = run.targets.url(target_path)
    (post,) = run.targets.requests_to(path, "POST")
    assert post.query == query
    assert post.header("content-type") == "application/x-www-form-urlencoded"
    assert post.form == {"source": [run.source], "target": [target]}
    (attempt,) = run.log.history[(run.source, target)]
    assert (attempt.result, attempt.endpoint, attempt.status) == (
        Result.SENT,
        run.targets.url(endpoint),
        202,
    )


@pytest.mark.parametrize("case", CASES, ids=[f"rocks-{c.number:02d}" for c in CASES])
def test_rocks_case(send_run: SendRun, case: Case) -> None:
    assert_sent_once(send_run, case.target_path, case.endpoint_path)
    for wrong in case.wrong:
        assert send_run.targets.requests_to(wrong) == [], case.what


def test_rocks_case_23_one_time_redirect(send_run: SendRun) -> None:
    case = send_run.case_23
    assert len(send_run.targets.requests_to(case.final_path)) == 1
    assert_sent_once(send_run, "/test/23/page", case.endpoint_path)


@pytest.mark.parametrize("extra", EXTRAS, ids=[e.name for e in EXTRAS])
def test_more_discovery_shapes(send_run: SendRun, extra: Extra) -> None:
    if extra.endpoint is not None:
        assert_sent_once(send_run, extra.target_path, extra.endpoint)
        return
    target = send_run.targets.url(extra.target_path)
    (attempt,) = send_run.log.history[(send_run.source, target)]
    assert (attempt.result, attempt.endpoint, attempt.status) == (Result.NO_ENDPOINT, None, 200)
    assert send_run.targets.requests_to("/quiet/wm") == []


def test_the_run_reports_every_target(send_run: SendRun) -> None:
    assert send_run.ran.code == 0, send_run.ran.output
    sent = len(CASES) + 1 + 3
    assert summary(send_run.ran) == {
        "sent": sent,
        "no endpoint": 2,
        "failed": 0,
        "skipped": 0,
        "unchanged": 0,
    }
    lines = send_run.ran.out.splitlines()
    assert len([line for line in lines if line.startswith("sent ")]) == sent
