"""An IndieAuth client for the tests: PKCE values, the authorization URL, and the sign-in driven
over plain HTTP (the browser test drives the same pages in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from plnpress.indieauth.passwords import hash_password
from plnpress.indieauth.store import AuthStore
from tests.micropub.conftest import RunningServer

PASSWORD = "correct horse battery staple"


def set_password(server: RunningServer, password: str = PASSWORD) -> None:
    store = AuthStore(server.db)
    try:
        store.set_password_hash(hash_password(password))
    finally:
        store.close()


@dataclass
class App:
    """One sign-in attempt of an app at `client_id`."""

    client_id: str
    redirect_uri: str
    scope: str = "create update delete media"
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    state: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    @property
    def challenge(self) -> str:
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def authorization_url(self, server: RunningServer, **changes: str) -> str:
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "state": self.state,
            "code_challenge": self.challenge,
            "code_challenge_method": "S256",
            "scope": self.scope,
            "me": "https://blog.example.org/",
            **changes,
        }
        return f"{server.url}/auth?{urlencode({k: v for k, v in params.items() if v})}"

    def exchange(self, server: RunningServer, code: str, **changes: str) -> httpx.Response:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self.verifier,
            **changes,
        }
        return server.http.post("/token", data=form, headers={"Accept": "application/json"})


def hidden_fields(page: str) -> dict[str, str]:
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page)
    }


def sign_in_over_http(
    server: RunningServer, app: App, password: str = PASSWORD, decision: str = "allow"
) -> dict[str, list[str]]:
    """Sign in and answer the consent page as a browser would; the query the app gets back."""
    with httpx.Client(base_url=server.url, trust_env=False, timeout=30.0) as browser:
        opened = browser.get(app.authorization_url(server))
        assert opened.status_code == 200, opened.text
        signed = browser.post(
            "/auth/sign-in", data={**hidden_fields(opened.text), "password": password}
        )
        assert signed.status_code == 200, signed.text
        form = {**hidden_fields(signed.text), "decision": decision}
        scopes = re.findall(r'name="scope" value="([^"]+)"', signed.text)
        answer = browser.post(
            "/auth/consent",
            content=urlencode([*form.items(), *(("scope", s) for s in scopes)]),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(app.redirect_uri)
    return parse_qs(urlsplit(location).query)
