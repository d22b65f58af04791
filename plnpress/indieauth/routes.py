"""The IndieAuth endpoints of ``plnpress server`` (IndieAuth 2022, for the one writer).

- ``GET /.well-known/oauth-authorization-server``: the metadata (§4.1.1);
- ``GET /auth``: an app's authorization request; the sign-in page (``POST /auth/sign-in``), then
  the consent page (``POST /auth/consent``), then back to the app with a code;
- ``POST /auth``: a code exchanged for the writer's profile URL only (§5.3.2);
- ``POST /token``: a code exchanged for an access token (§5.3.3); ``action=revoke`` as older
  clients send it; ``GET /token`` with a bearer token: what it allows (the older verification);
- ``POST /token/revoke`` (RFC 7009) and ``POST /token/introspect`` (RFC 7662, §6).
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from plnpress.config import Config
from plnpress.config.server import (
    AUTHORIZATION_PATH,
    INTROSPECTION_PATH,
    REVOCATION_PATH,
    TOKEN_PATH,
)
from plnpress.indieauth.authorization import (
    KNOWN_SCOPES,
    NotRedirectable,
    Redirectable,
    back_to_app,
    pkce_matches,
    read_client,
    read_request,
)
from plnpress.indieauth.clients import ClientError, check_client_id, check_redirect, client_info
from plnpress.indieauth.pages import consent_page, problem_page, sign_in_page
from plnpress.indieauth.passwords import check_password
from plnpress.indieauth.service import Authority
from plnpress.indieauth.store import AuthStore, Code
from plnpress.receiver.limits import client_key
from plnpress.receiver.routes import read_body

COOKIE = "plnpress_auth"
FORM_CAP = 65_536
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _authority(request: Request) -> tuple[Authority, Config]:
    authority: Authority = request.app.state.authority
    return authority, authority.config()


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


async def metadata(request: Request) -> Response:
    _, config = _authority(request)
    server = config.site.server
    if server.url is None:
        return _oauth_error("temporarily_unavailable", "server.url is not set", 503)
    return JSONResponse(
        {
            "issuer": server.url,
            "authorization_endpoint": server.endpoint(AUTHORIZATION_PATH),
            "token_endpoint": server.endpoint(TOKEN_PATH),
            "revocation_endpoint": server.endpoint(REVOCATION_PATH),
            "revocation_endpoint_auth_methods_supported": ["none"],
            "introspection_endpoint": server.endpoint(INTROSPECTION_PATH),
            "introspection_endpoint_auth_methods_supported": ["Bearer"],
            "scopes_supported": sorted(KNOWN_SCOPES),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
            "service_documentation": "https://indieauth.spec.indieweb.org/",
        }
    )


async def authorize(request: Request) -> Response:
    """``GET /auth``: check the request, then ask for the password."""
    authority, config = _authority(request)
    blog, issuer = config.base_url, config.site.server.url
    if issuer is None:
        return problem_page(blog, "Not set up", "Set server.url in plnpress.yaml first.", 503)
    if await authority.db.run(AuthStore.password_hash) is None:
        return problem_page(
            blog, "No password yet", "Run 'plnpress server password' on the server first.", 503
        )
    query = dict(request.query_params)
    try:
        client_id, redirect_uri = read_client(query)
        client = await client_info(authority.http, client_id)
        check_redirect(client, redirect_uri)
    except (NotRedirectable, ClientError) as exc:
        return problem_page(blog, "This sign-in cannot go on", _sentence(str(exc)), 400)
    try:
        auth = read_request(query, client_id, redirect_uri)
    except Redirectable as exc:
        error = {"error": exc.error, "error_description": str(exc)}
        return _to_app(redirect_uri, {**error, "state": query.get("state", ""), "iss": issuer})
    pending = authority.pending.add(auth, client)
    page = sign_in_page(blog, f"{_root(request)}/{AUTHORIZATION_PATH}/sign-in", pending)
    page.set_cookie(
        COOKIE,
        pending.browser,
        path=f"{_root(request)}/{AUTHORIZATION_PATH}",
        httponly=True,
        secure=issuer.startswith("https:"),
        samesite="strict",
    )
    return page


async def sign_in(request: Request) -> Response:
    """``POST /auth/sign-in``: the password, rate-limited per client address."""
    authority, config = _authority(request)
    blog = config.base_url
    wait = authority.sign_ins.take(client_key(request.client.host if request.client else None))
    if wait is not None:
        page = problem_page(blog, "Too many tries", f"Wait {wait} s, then try again.", 429)
        page.headers["Retry-After"] = str(wait)
        return page
    form = await _form(request)
    pending = authority.pending.find(form, request.cookies.get(COOKIE))
    if pending is None:
        return _stale(blog)
    stored = await authority.db.run(AuthStore.password_hash)
    password = form.get("password", "")
    loop = asyncio.get_running_loop()
    right = stored is not None and await loop.run_in_executor(
        None, check_password, password, stored
    )
    action = f"{_root(request)}/{AUTHORIZATION_PATH}/sign-in"
    if not right:
        return sign_in_page(blog, action, pending, "That is not the password.", 401)
    pending = authority.pending.signed_in(pending)
    return consent_page(blog, f"{_root(request)}/{AUTHORIZATION_PATH}/consent", pending)


async def consent(request: Request) -> Response:
    """``POST /auth/consent``: Allow (with the scopes left ticked) or Deny, back to the app."""
    authority, config = _authority(request)
    blog, issuer = config.base_url, config.site.server.url or ""
    fields = await _form_lists(request)
    form = {key: values[0] for key, values in fields.items()}
    pending = authority.pending.find(form, request.cookies.get(COOKIE))
    if pending is None or not pending.signed_in:
        return _stale(blog)
    authority.pending.finish(pending)
    auth = pending.request
    if form.get("decision") != "allow":
        return _to_app(
            auth.redirect_uri,
            {
                "error": "access_denied",
                "error_description": "the writer said no",
                "state": auth.state,
                "iss": issuer,
            },
        )
    chosen = [scope for scope in auth.scope if scope in fields.get("scope", [])]
    code = Code(auth.client_id, auth.redirect_uri, " ".join(chosen), blog, auth.challenge)
    secret = await authority.db.run(AuthStore.new_code, code, authority.now())
    return _to_app(auth.redirect_uri, {"code": secret, "state": auth.state, "iss": issuer})


async def profile_exchange(request: Request) -> Response:
    """``POST /auth``: a code for the profile URL (no token)."""
    authority, config = _authority(request)
    code = await _redeem(request, authority)
    if isinstance(code, Response):
        return code
    return JSONResponse({"me": code.me, **_profile(config, code.scope)}, headers=NO_STORE)


async def token(request: Request) -> Response:
    """``POST /token``: a code for an access token; or ``action=revoke``."""
    authority, config = _authority(request)
    form = await _form(request)
    if form.get("action") == "revoke":
        await authority.db.run(AuthStore.revoke, form.get("token", ""))
        return Response(status_code=200)
    code = await _redeem(request, authority, form)
    if isinstance(code, Response):
        return code
    scope = frozenset(code.scope.split())
    if not scope:
        return _oauth_error(
            "invalid_grant",
            "no scope was granted: exchange this code at the authorization endpoint",
        )
    host = urlsplit(code.client_id).netloc
    secret = await authority.db.run(
        AuthStore.issue, scope, code.me, name=host or code.client_id, client_id=code.client_id
    )
    answer = {
        "access_token": secret,
        "token_type": "Bearer",
        "scope": " ".join(sorted(scope)),
        "me": code.me,
        **_profile(config, code.scope),
    }
    return JSONResponse(answer, headers=NO_STORE)


async def token_info(request: Request) -> Response:
    """``GET /token`` with ``Authorization: Bearer``: the older way to verify a token."""
    authority, _ = _authority(request)
    grant = await authority.db.run(AuthStore.grant, _bearer(request) or "", touch=False)
    if grant is None:
        return _oauth_error("invalid_token", "the token is not valid", 401)
    return JSONResponse(
        {"me": grant.me, "client_id": grant.client_id, "scope": " ".join(sorted(grant.scope))}
    )


async def revoke(request: Request) -> Response:
    """``POST /token/revoke``: 200 whether or not the token was one (RFC 7009 §2.2)."""
    authority, _ = _authority(request)
    form = await _form(request)
    await authority.db.run(AuthStore.revoke, form.get("token", ""))
    return Response(status_code=200)


async def introspect(request: Request) -> Response:
    """``POST /token/introspect``: for a caller holding a valid token of this server."""
    authority, _ = _authority(request)
    caller = await authority.db.run(AuthStore.grant, _bearer(request) or "", touch=False)
    if caller is None:
        return _oauth_error("invalid_token", "introspection needs a valid bearer token", 401)
    form = await _form(request)
    grant = await authority.db.run(AuthStore.grant, form.get("token", ""), touch=False)
    if grant is None:
        return JSONResponse({"active": False}, headers=NO_STORE)
    return JSONResponse(
        {
            "active": True,
            "me": grant.me,
            "client_id": grant.client_id,
            "scope": " ".join(sorted(grant.scope)),
            "iat": int(grant.created_at),
        },
        headers=NO_STORE,
    )


async def _redeem(
    request: Request, authority: Authority, form: dict[str, str] | None = None
) -> Code | Response:
    """The code of an exchange request, used up, or the OAuth error to answer."""
    form = form if form is not None else await _form(request)
    if form.get("grant_type") != "authorization_code":
        return _oauth_error("unsupported_grant_type", "only grant_type=authorization_code")
    code = await authority.db.run(AuthStore.use_code, form.get("code", ""), authority.now())
    if code is None:
        return _oauth_error("invalid_grant", "the code is unknown, used or expired")
    try:
        client_id = check_client_id(form.get("client_id", ""))
    except ClientError:
        client_id = ""
    if client_id != code.client_id or form.get("redirect_uri") != code.redirect_uri:
        return _oauth_error("invalid_grant", "client_id or redirect_uri differ from the request")
    if not pkce_matches(form.get("code_verifier", ""), code.challenge):
        return _oauth_error("invalid_grant", "the code_verifier does not match the code_challenge")
    return code


def _profile(config: Config, scope: str) -> dict[str, object]:
    scopes = scope.split()
    if "profile" not in scopes:
        return {}
    author = config.site.author
    profile: dict[str, object] = {"name": author.name, "url": author.url or config.base_url}
    if author.photo:
        photo = author.photo
        profile["photo"] = photo if "://" in photo else config.origin + photo
    if "email" in scopes and author.email:
        profile["email"] = author.email
    return {"profile": profile}


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def _form_lists(request: Request) -> dict[str, list[str]]:
    body = await read_body(request, FORM_CAP)
    if body is None:
        return {}
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


async def _form(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in (await _form_lists(request)).items()}


def _to_app(redirect_uri: str, params: dict[str, str]) -> Response:
    return RedirectResponse(back_to_app(redirect_uri, params), status_code=302)


def _stale(blog: str) -> Response:
    return problem_page(
        blog,
        "This form has expired",
        "It was opened more than 15 minutes ago, in another browser, or was sent already. "
        "Start again from the app.",
        400,
    )


def _oauth_error(error: str, description: str, status: int = 400) -> Response:
    return JSONResponse(
        {"error": error, "error_description": description}, status_code=status, headers=NO_STORE
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


ROUTES = (
    (f"/{AUTHORIZATION_PATH}", authorize, ["GET"]),
    (f"/{AUTHORIZATION_PATH}", profile_exchange, ["POST"]),
    (f"/{AUTHORIZATION_PATH}/sign-in", sign_in, ["POST"]),
    (f"/{AUTHORIZATION_PATH}/consent", consent, ["POST"]),
    (f"/{TOKEN_PATH}", token, ["POST"]),
    (f"/{TOKEN_PATH}", token_info, ["GET"]),
    (f"/{REVOCATION_PATH}", revoke, ["POST"]),
    (f"/{INTROSPECTION_PATH}", introspect, ["POST"]),
)
"""(path, handler, methods) of every IndieAuth route; the metadata is served by the app."""
