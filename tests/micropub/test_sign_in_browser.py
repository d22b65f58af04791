"""A whole IndieAuth sign-in in headless Chromium: a local app page sends the writer to the
blog's server, the writer types the password and allows the app, the app exchanges the code
(PKCE) for a token, posts with it, revokes it, and is refused after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from html import escape
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Route, expect

from tests.browser import chromium
from tests.micropub.auth import PASSWORD, App
from tests.micropub.conftest import BLOG, StartServer
from tests.webmention.servers import LocalServer, html

pytestmark = pytest.mark.browser
WAIT_MS = 15_000


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _offline(route: Route) -> None:
    """The blog's stylesheet lives on its public host, which tests never reach."""
    if route.request.url.startswith(BLOG):
        route.abort()
    else:
        route.continue_()


def test_sign_in_with_pkce_then_post_then_revoke(
    blog_server: StartServer, local_server: LocalServer, browser: Browser
) -> None:
    server = blog_server()
    typed = f"{PASSWORD}\n{PASSWORD}\n"
    done = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(server.root), "server", "password"],
        input=typed,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    app = App(local_server.url("/app/"), local_server.url("/app/callback"))
    local_server.route(
        "/app/",
        html(
            '<!DOCTYPE html><title>Pocket Poster</title><div class="h-app">'
            f'<a class="u-url p-name" href="/app/">Pocket Poster</a></div>'
            f'<a id="sign-in" href="{escape(app.authorization_url(server), quote=True)}">'
            "Sign in with your blog</a>"
        ),
    )
    local_server.route("/app/callback", html("<!DOCTYPE html><title>Back</title><p>Signed in</p>"))
    violations: list[str] = []
    page = browser.new_page()
    page.route("**/*", _offline)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(app.client_id)
    page.click("#sign-in")
    expect(page.locator("h1")).to_have_text("Sign in", timeout=WAIT_MS)
    expect(page.locator("main")).to_contain_text(app.client_id)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Allow this app?", timeout=WAIT_MS)
    for scope in ("create", "update", "delete", "media"):
        expect(page.locator(f'input[name=scope][value="{scope}"]')).to_be_checked()
    page.uncheck('input[name=scope][value="delete"]')
    page.click("button[value=allow]")
    page.wait_for_url(f"{app.redirect_uri}?*", timeout=WAIT_MS)
    expect(page.locator("p")).to_have_text("Signed in")
    back = parse_qs(urlsplit(page.url).query)
    assert back["state"] == [app.state]
    assert back["iss"] == [server.url + "/"]
    assert violations == []

    exchanged = app.exchange(server, back["code"][0])
    assert exchanged.status_code == 200, exchanged.text
    token = exchanged.json()["access_token"]
    assert exchanged.json()["scope"] == "create media update", "the writer unticked delete"
    url = server.created(
        server.post_form({"h": "entry", "content": "Posted from my phone"}, token=token)
    )
    assert server.h_entry(url)["content"][0]["value"] == "Posted from my phone"
    refused = server.post_form({"action": "delete", "url": url}, token=token)
    assert refused.json()["error"] == "insufficient_scope"

    assert server.http.post("/token/revoke", data={"token": token}).status_code == 200
    after = server.post_form({"h": "entry", "content": "After revoking"}, token=token)
    assert after.status_code == 401
