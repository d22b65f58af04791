"""The app asking to sign in: its ``client_id``, where it may be sent back, what it is called.

IndieAuth (2022) §3.2 and §4.2: a client is identified by a URL; the server fetches that page to
learn the app's name and logo (an ``h-app``) and the redirect URLs it publishes (``rel=
"redirect_uri"`` in a Link header or a ``<link>``). A ``redirect_uri`` on the client's own scheme,
host and port is always allowed; any other must be one of those published, exactly. A client on
a loopback address (a desktop app, a test) is never fetched, so it may only use its own origin.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import mf2py

from plnpress.fetch import parsing
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.html import soup_of
from plnpress.fetch.htmlrels import find_rel_links
from plnpress.fetch.linkheader import parse_link_headers
from plnpress.fetch.parsing import read_fetched

parsing.preload(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
MAX_URL = 2048


class ClientError(ValueError):
    """The client_id or redirect_uri cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """What the client's page says about it."""

    client_id: str
    name: str | None = None
    logo: str | None = None
    redirect_uris: tuple[str, ...] = ()
    fetched: bool = False
    """The page was read (so an empty `redirect_uris` means it publishes none)."""


def check_client_id(client_id: str) -> str:
    """`client_id` as the spec allows it (a path of ``/`` added), or `ClientError`."""
    parts = urlsplit(client_id)
    if len(client_id) > MAX_URL or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ClientError(f"client_id {client_id!r} is not an http(s) URL")
    if parts.fragment or parts.username or parts.password:
        raise ClientError("client_id must not have a fragment, user name or password")
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        raise ClientError("client_id must not have . or .. path segments")
    host = parts.hostname
    if _is_ip(host) and host not in LOOPBACK_HOSTS:
        raise ClientError("client_id must be a domain name (or 127.0.0.1, [::1]), not an address")
    return client_id if parts.path else client_id + "/"


def is_loopback(client_id: str) -> bool:
    return (urlsplit(client_id).hostname or "") in LOOPBACK_HOSTS


def same_origin(first: str, second: str) -> bool:
    """Same scheme, host and port (default ports spelt out or not)."""
    a, b = urlsplit(first), urlsplit(second)
    try:
        return (a.scheme, a.hostname, _port(a.scheme, a.port)) == (
            b.scheme,
            b.hostname,
            _port(b.scheme, b.port),
        )
    except ValueError:
        return False


def check_redirect(client: ClientInfo, redirect_uri: str) -> None:
    """Raise `ClientError` unless the app may be sent back to `redirect_uri`."""
    parts = urlsplit(redirect_uri)
    if len(redirect_uri) > MAX_URL or not parts.scheme or parts.fragment:
        raise ClientError(f"redirect_uri {redirect_uri!r} is not a URL without a fragment")
    if same_origin(client.client_id, redirect_uri) and parts.scheme in ("http", "https"):
        return
    if redirect_uri in client.redirect_uris:
        return
    where = (
        "its page lists other redirect URLs"
        if client.fetched
        else "its page could not be read to confirm it"
    )
    raise ClientError(
        f"redirect_uri {redirect_uri} is not on the app's own site ({client.client_id}), "
        f"and {where}"
    )


async def client_info(http: GuardedClient, client_id: str) -> ClientInfo:
    """The app's name, logo and redirect URLs from its page; what can be had when the page
    cannot be read (never fetched for a loopback client)."""
    if is_loopback(client_id):
        return ClientInfo(client_id)
    try:
        result = await http.get(client_id, accept="text/html, application/xhtml+xml;q=0.9")
    except FetchError:
        return ClientInfo(client_id)
    if not result.ok:
        return ClientInfo(client_id)
    base = result.final_url
    redirects = [
        urljoin(base, link.target)
        for link in parse_link_headers(result.header_values("link"))
        if link.has_rel("redirect_uri")
    ]
    name = logo = None
    if result.is_html:
        try:
            # Read in a reader process within the fetch's time budget, as every page from
            # elsewhere is: a hostile client page must not stall the sign-in server.
            linked, name, logo = await read_fetched(
                http.policy, result, _read_client_page, result.text, base, client_id
            )
        except FetchError:
            return ClientInfo(client_id)
        redirects += linked
    return ClientInfo(client_id, name, logo, tuple(dict.fromkeys(redirects)), fetched=True)


def _read_client_page(
    text: str, base: str, client_id: str
) -> tuple[list[str], str | None, str | None]:
    """The redirect URLs the page links to, and its h-app's name and logo."""
    redirects = [
        urljoin(base, link.href)
        for link in find_rel_links(text, frozenset({"link"}))
        if "redirect_uri" in link.rels and link.href is not None
    ]
    return (redirects, *_h_app(text, base, client_id))


def _h_app(text: str, base: str, client_id: str) -> tuple[str | None, str | None]:
    """The name and logo of the page's h-app (or h-x-app) whose url is the client_id, or the
    first one."""
    parsed = mf2py.parse(doc=soup_of(text), url=base)
    apps = [
        item for item in parsed.get("items", []) if {"h-app", "h-x-app"} & set(item.get("type", []))
    ]
    if not apps:
        return None, None
    chosen = next((app for app in apps if client_id in app["properties"].get("url", [])), apps[0])
    properties = chosen["properties"]
    name = _text(properties.get("name"))
    logo = _text(properties.get("logo"))
    return name, logo if logo and logo.startswith(("https://", "http://")) else None


def _text(values: object) -> str | None:
    if not isinstance(values, list) or not values:
        return None
    first = values[0]
    if isinstance(first, dict):
        first = first.get("value")
    return " ".join(first.split())[:100] if isinstance(first, str) and first.strip() else None


def _port(scheme: str, port: int | None) -> int | None:
    return port if port is not None else {"http": 80, "https": 443}.get(scheme)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
