"""Tokens from another IndieAuth server (``micropub.token_endpoint`` or
``micropub.introspection_endpoint``), checked there and remembered for a minute."""

from __future__ import annotations

import json

from tests.micropub.conftest import BLOG, StartServer
from tests.webmention.servers import LocalServer, RecordedRequest, Reply, text


def test_a_token_endpoints_answer_decides(
    blog_server: StartServer, local_server: LocalServer
) -> None:
    answers = {
        "Bearer mine": {"me": BLOG, "scope": "create", "client_id": "https://app.example/"},
        "Bearer someone-else": {"me": "https://other.example/", "scope": "create"},
    }

    def verify(request: RecordedRequest) -> Reply:
        found = answers.get(request.header("authorization") or "")
        if found is None:
            return text('{"error": "invalid_token"}', status=401, content_type="application/json")
        return text(json.dumps(found), content_type="application/json")

    endpoint = local_server.route("/token", verify)
    server = blog_server(extra_config=f"micropub:\n  token_endpoint: {endpoint}\n")
    for _ in range(2):
        created = server.post_form({"h": "entry", "content": "From elsewhere"}, token="mine")
        assert created.status_code == 201, created.text
    assert len(local_server.requests_to("/token")) == 1, "the answer is kept for a minute"
    foreign = server.post_form({"h": "entry", "content": "x"}, token="someone-else")
    assert (foreign.status_code, foreign.json()["error"]) == (403, "forbidden")
    unknown = server.post_form({"h": "entry", "content": "x"}, token="nobody")
    assert (unknown.status_code, unknown.json()["error"]) == (401, "unauthorized")
    scoped = server.post_json(
        {"action": "delete", "url": created.headers["location"]}, token="mine"
    )
    assert scoped.json()["error"] == "insufficient_scope"
    home = (server.build() / "index.html").read_text()
    assert f'<link rel="token_endpoint" href="{endpoint}">' in home
    assert 'rel="indieauth-metadata"' not in home


def test_an_introspection_endpoint_is_asked_with_its_own_token(
    blog_server: StartServer, local_server: LocalServer
) -> None:
    def introspect(request: RecordedRequest) -> Reply:
        allowed = request.header("authorization") == "Bearer resource-server-secret"
        token = request.form.get("token", [""])[0]
        if not allowed:
            return text("", status=401)
        body = {"active": token == "good", "me": BLOG, "scope": "create update"}
        return text(
            json.dumps(body if token == "good" else {"active": False}),
            content_type="application/json",
        )

    endpoint = local_server.route("/introspect", introspect)
    server = blog_server(
        extra_config=f"micropub:\n  introspection_endpoint: {endpoint}\n",
        introspection_token="resource-server-secret",
    )
    assert (
        server.post_form({"h": "entry", "content": "Introspected"}, token="good").status_code == 201
    )
    assert server.post_form({"h": "entry", "content": "No"}, token="bad").status_code == 401
