"""IndieAuth (2022) for the one writer: metadata, the sign-in with PKCE, its refusals, tokens,
revocation and introspection, over HTTP against the real app."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import FetchPolicy
from plnpress.indieauth.clients import ClientError, ClientInfo, check_redirect, client_info
from tests.micropub.auth import App, hidden_fields, set_password, sign_in_over_http
from tests.micropub.conftest import BLOG, RunningServer, StartServer

CLIENT = "http://127.0.0.1:9/app/"
CALLBACK = "http://127.0.0.1:9/app/callback"


@pytest.fixture
def server(blog_server: StartServer) -> RunningServer:
    server = blog_server()
    set_password(server)
    return server


def test_the_metadata_and_the_built_site_name_the_endpoints(server: RunningServer) -> None:
    metadata = server.http.get("/.well-known/oauth-authorization-server").json()
    base = server.url + "/"
    assert metadata["issuer"] == base
    assert metadata["authorization_endpoint"] == base + "auth"
    assert metadata["token_endpoint"] == base + "token"
    assert metadata["revocation_endpoint"] == base + "token/revoke"
    assert metadata["introspection_endpoint"] == base + "token/introspect"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    home = (server.build() / "index.html").read_text()
    for rel, href in (
        ("micropub", base + "micropub"),
        ("indieauth-metadata", base + ".well-known/oauth-authorization-server"),
        ("authorization_endpoint", base + "auth"),
        ("token_endpoint", base + "token"),
    ):
        assert f'<link rel="{rel}" href="{href}">' in home


def test_a_sign_in_gives_a_token_that_posts_until_it_is_revoked(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK)
    back = sign_in_over_http(server, app)
    assert back["state"] == [app.state]
    assert back["iss"] == [server.url + "/"]
    answer = app.exchange(server, back["code"][0])
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    granted = answer.json()
    assert granted["me"] == BLOG
    assert granted["scope"] == "create delete media update"
    token = granted["access_token"]
    assert server.created(server.post_form({"h": "entry", "content": "Signed in"}, token=token))
    assert app.exchange(server, back["code"][0]).json()["error"] == "invalid_grant", "used once"
    stored = server.db.read_bytes()
    assert token.encode() not in stored, "tokens are stored hashed"
    assert server.http.post("/token/revoke", data={"token": token}).status_code == 200
    refused = server.post_form({"h": "entry", "content": "After revoking"}, token=token)
    assert refused.status_code == 401


def test_pkce_is_required_and_checked(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK)
    plain = server.http.get(app.authorization_url(server, code_challenge_method="plain"))
    assert plain.status_code == 302
    error = parse_qs(urlsplit(plain.headers["location"]).query)
    assert error["error"] == ["invalid_request"] and error["state"] == [app.state]
    missing = server.http.get(app.authorization_url(server, code_challenge=""))
    assert parse_qs(urlsplit(missing.headers["location"]).query)["error"] == ["invalid_request"]
    code = sign_in_over_http(server, app)["code"][0]
    wrong = app.exchange(server, code, code_verifier="x" * 50)
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")


def test_a_code_is_for_its_client_and_redirect_only(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK)
    code = sign_in_over_http(server, app)["code"][0]
    other = app.exchange(server, code, redirect_uri="http://127.0.0.1:9/app/other")
    assert other.json()["error"] == "invalid_grant"


def test_a_redirect_elsewhere_is_shown_not_followed(server: RunningServer) -> None:
    app = App(CLIENT, "https://evil.example/steal")
    answer = server.http.get(app.authorization_url(server))
    assert answer.status_code == 400
    assert "location" not in answer.headers
    assert "is not on the app&#x27;s own site" in answer.text or "not on the app" in answer.text


def test_deny_goes_back_with_access_denied(server: RunningServer) -> None:
    back = sign_in_over_http(server, App(CLIENT, CALLBACK), decision="deny")
    assert back["error"] == ["access_denied"]
    assert "code" not in back


def test_profile_only_at_the_authorization_endpoint(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK, scope="profile")
    code = sign_in_over_http(server, app)["code"][0]
    answer = server.http.post(
        "/auth",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": CLIENT,
            "redirect_uri": CALLBACK,
            "code_verifier": app.verifier,
        },
    )
    assert answer.json() == {
        "me": BLOG,
        "profile": {
            "name": "Ada Example",
            "url": BLOG,
            "photo": "https://blog.example.org/img/ada.png",
        },
    }


def test_forms_need_their_csrf_token_and_cookie(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK)
    with httpx.Client(base_url=server.url, trust_env=False) as browser:
        opened = browser.get(app.authorization_url(server))
        assert "default-src 'none'" in opened.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in opened.headers["content-security-policy"]
        fields = hidden_fields(opened.text)
        forged = browser.post("/auth/sign-in", data={**fields, "csrf": "guess", "password": "x"})
        assert forged.status_code == 400
        skipped = browser.post("/auth/consent", data={**fields, "decision": "allow"})
        assert skipped.status_code == 400, "consent before signing in"
    with httpx.Client(base_url=server.url, trust_env=False) as stranger:  # no cookie
        other = stranger.post("/auth/sign-in", data={**fields, "password": "x"})
        assert other.status_code == 400


def test_sign_in_is_rate_limited_per_address(server: RunningServer) -> None:
    app = App(CLIENT, CALLBACK)
    with httpx.Client(base_url=server.url, trust_env=False) as browser:
        fields = hidden_fields(browser.get(app.authorization_url(server)).text)
        answers = [
            browser.post("/auth/sign-in", data={**fields, "password": "wrong guess"}).status_code
            for _ in range(6)
        ]
    assert answers[:5] == [401] * 5
    assert answers[5] == 429


def test_introspection_needs_a_token_and_says_what_one_allows(server: RunningServer) -> None:
    assert server.http.post("/token/introspect", data={"token": server.token}).status_code == 401
    found = server.http.post(
        "/token/introspect", data={"token": server.token}, headers=server.auth()
    ).json()
    assert found["active"] is True and found["me"] == BLOG
    assert found["scope"] == "create delete media update"
    unknown = server.http.post("/token/introspect", data={"token": "nope"}, headers=server.auth())
    assert unknown.json() == {"active": False}
    legacy = server.http.get("/token", headers=server.auth()).json()
    assert legacy["me"] == BLOG


def test_without_a_password_nobody_can_sign_in(blog_server: StartServer) -> None:
    server = blog_server()
    answer = server.http.get(App(CLIENT, CALLBACK).authorization_url(server))
    assert answer.status_code == 503
    assert "plnpress server password" in answer.text


def test_a_client_page_publishes_its_redirect_urls_and_name() -> None:
    page = (
        '<html><head><link rel="redirect_uri" href="/callback"></head><body>'
        '<div class="h-app"><a class="u-url p-name" href="/">Quill</a>'
        '<img class="u-logo" src="/logo.png" alt=""></div></body></html>'
    )

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={
                "Content-Type": "text/html",
                "Link": '<https://app.example/native>; rel="redirect_uri"',
            },
            text=page,
        )

    async def read() -> ClientInfo:
        async with GuardedClient(FetchPolicy(), transport=httpx.MockTransport(answer)) as http:
            return await client_info(http, "https://quill.example/")

    info = asyncio.run(read())
    assert info.name == "Quill"
    assert info.logo == "https://quill.example/logo.png"
    assert info.redirect_uris == ("https://app.example/native", "https://quill.example/callback")
    check_redirect(info, "https://app.example/native")
    check_redirect(info, "https://quill.example/anything")  # its own origin
    with pytest.raises(ClientError):
        check_redirect(info, "https://app.example/other")
    with pytest.raises(ClientError, match="could not be read"):
        check_redirect(ClientInfo("https://quill.example/"), "https://elsewhere.example/cb")
    assert re.match(r"^https://", info.client_id)


def test_a_client_page_nested_too_deep_is_read_as_an_unreadable_page() -> None:
    """A hostile app page (100,000 nested elements) is read in a reader process with the limits
    of every page from elsewhere: the sign-in server goes on without its name or redirect URLs."""
    page = "<div>" * 100_000 + '<link rel="redirect_uri" href="https://elsewhere.example/cb">'

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text=page)

    async def read() -> ClientInfo:
        async with GuardedClient(FetchPolicy(), transport=httpx.MockTransport(answer)) as http:
            return await client_info(http, "https://hostile.example/")

    info = asyncio.run(read())
    assert info == ClientInfo("https://hostile.example/")
    with pytest.raises(ClientError, match="could not be read"):
        check_redirect(info, "https://elsewhere.example/cb")
