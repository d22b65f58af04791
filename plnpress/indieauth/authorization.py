"""An authorization request (IndieAuth §5.2), checked, and kept while the writer signs in.

`read_request` checks the query of ``GET /auth``. Mistakes in ``client_id`` or ``redirect_uri``
are shown to the writer (`NotRedirectable`): sending the browser to an unchecked address would
make the server an open redirector. Other mistakes go back to the app (`Redirectable`), as OAuth
2.0 §4.1.2.1 says: ``redirect_uri?error=...&state=...&iss=...``.

PKCE is required: a request without ``code_challenge`` or with a method other than ``S256`` is
refused, so a stolen code is worth nothing without the app's verifier.

A checked request waits in `PendingRequests` (in memory, fifteen minutes at most) under a random
id; the sign-in and consent forms carry only that id, a CSRF token, and the browser's own cookie
value, all three of which must match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

from plnpress.indieauth.clients import ClientError, ClientInfo, check_client_id

KNOWN_SCOPES = {
    "create": "create new posts",
    "draft": "create posts as drafts only",
    "update": "change your posts",
    "delete": "delete and undelete your posts",
    "media": "upload photos and files",
    "profile": "see your name, photo and address",
    "email": "see your e-mail address",
}
PENDING_SECONDS = 900.0
_MAX_PENDING = 500
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


class NotRedirectable(ValueError):
    """The request cannot be sent back to the app; show the writer why."""


class Redirectable(ValueError):
    """The request is wrong; tell the app (``error`` and ``error_description``)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error


@dataclass(frozen=True, slots=True)
class AuthRequest:
    """What an app asked for."""

    client_id: str
    redirect_uri: str
    state: str
    challenge: str
    scope: tuple[str, ...]
    me: str | None = None


def read_client(query: Mapping[str, str]) -> tuple[str, str]:
    """The ``client_id`` and ``redirect_uri`` of ``GET /auth``, checked first and apart from
    the rest: until the redirect_uri is known to be the app's, no error may go there."""
    try:
        client_id = check_client_id(query.get("client_id", ""))
    except ClientError as exc:
        raise NotRedirectable(str(exc)) from None
    redirect_uri = query.get("redirect_uri", "")
    if not redirect_uri:
        raise NotRedirectable("the request has no redirect_uri")
    return client_id, redirect_uri


def read_request(query: Mapping[str, str], client_id: str, redirect_uri: str) -> AuthRequest:
    """Check the rest of ``GET /auth``; raises `Redirectable`."""
    if query.get("response_type", "code") != "code":
        raise Redirectable("unsupported_response_type", "only response_type=code is supported")
    challenge = query.get("code_challenge", "")
    if query.get("code_challenge_method") != "S256" or not _CHALLENGE.fullmatch(challenge):
        raise Redirectable(
            "invalid_request",
            "PKCE is required: send code_challenge with code_challenge_method=S256",
        )
    state = query.get("state", "")
    if not state or len(state) > 1000:
        raise Redirectable("invalid_request", "the request needs a state (at most 1000 characters)")
    scope = tuple(dict.fromkeys(query.get("scope", "").split()))
    return AuthRequest(client_id, redirect_uri, state, challenge, scope, query.get("me") or None)


def back_to_app(redirect_uri: str, params: Mapping[str, str]) -> str:
    """`redirect_uri` with `params` added to its query (keeping the query it has)."""
    parts = urlsplit(redirect_uri)
    extra = urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def pkce_matches(verifier: str, challenge: str) -> bool:
    """RFC 7636 S256: ``BASE64URL(SHA256(verifier)) == challenge``, in constant time."""
    if not _VERIFIER.fullmatch(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    made = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
    return hmac.compare_digest(made, challenge)


@dataclass(frozen=True, slots=True)
class Pending:
    """A request waiting for the writer, and the secrets its forms must send back."""

    request: AuthRequest
    client: ClientInfo
    id: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    browser: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    """The value of the cookie set on the browser that opened the request."""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    signed_in: bool = False
    created: float = 0.0


class PendingRequests:
    """Requests waiting for sign-in and consent, by id."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._waiting: dict[str, Pending] = {}

    def add(self, request: AuthRequest, client: ClientInfo) -> Pending:
        now = self._clock()
        self._waiting = {
            key: pending
            for key, pending in self._waiting.items()
            if pending.created + PENDING_SECONDS > now
        }
        while len(self._waiting) >= _MAX_PENDING:
            del self._waiting[next(iter(self._waiting))]
        pending = Pending(request, client, created=now)
        self._waiting[pending.id] = pending
        return pending

    def find(self, form: Mapping[str, str], cookie: str | None) -> Pending | None:
        """The request a form belongs to, if its id, CSRF token and the browser's cookie all
        match and it has not expired."""
        pending = self._waiting.get(form.get("request", ""))
        if pending is None or pending.created + PENDING_SECONDS < self._clock():
            return None
        if not hmac.compare_digest(form.get("csrf", ""), pending.csrf):
            return None
        if cookie is None or not hmac.compare_digest(cookie, pending.browser):
            return None
        return pending

    def signed_in(self, pending: Pending) -> Pending:
        """The request once the password was right, with a fresh CSRF token."""
        updated = replace(pending, signed_in=True, csrf=secrets.token_urlsafe(24))
        self._waiting[pending.id] = updated
        return updated

    def finish(self, pending: Pending) -> None:
        self._waiting.pop(pending.id, None)
