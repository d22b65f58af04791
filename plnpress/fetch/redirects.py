"""Which redirects a fetch follows, and what the next request looks like (RFC 9110 §15.4)."""

from __future__ import annotations

import httpx

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Headers that carry credentials for one origin and must not follow a redirect to another.
_ORIGIN_BOUND_HEADERS = ("authorization", "cookie", "proxy-authorization")


def follows(method: str, status: int) -> bool:
    """Whether a `status` answer to `method` is followed (see `GuardedClient.fetch`)."""
    if status not in REDIRECT_STATUSES:
        return False
    # 301 and 302 to a POST: browsers repeat it as a GET, which would silently drop the body.
    return method in ("GET", "HEAD") or status in (303, 307, 308)


def redirected_request(
    status: int,
    method: str,
    content: bytes | None,
    headers: dict[str, str],
    *,
    same_origin: bool,
) -> tuple[str, bytes | None, dict[str, str]]:
    """The method, body and headers for the request that follows a `status` redirect."""
    if status == 303 and method != "HEAD":
        method, content = "GET", None
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    if not same_origin:
        headers = {k: v for k, v in headers.items() if k.lower() not in _ORIGIN_BOUND_HEADERS}
    return method, content, headers


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """True if both URLs have the same scheme, host and port."""
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def without_fragment(url: httpx.URL) -> str:
    """The URL as a string without its fragment, for telling visited URLs apart."""
    return str(url.copy_with(fragment=None))
