"""The one guarded HTTP client for every fetch of an outside URL.

Discovery, sending, harvesting, the receiver and ``new link`` title fetching all reach the outside
world through `GuardedClient`, so the rules live in one place:

- http and https only, on the first URL and on every redirect;
- the address guard (`plnpress.fetch.guard`) runs after DNS resolution on every connection,
  so on every redirect hop and for POSTs too, and the socket goes to the address that was checked;
- redirects are followed here, one hop at a time, with a cap and loop detection;
- connect and read timeouts per hop, plus a time budget for the whole fetch, so a server that
  trickles bytes cannot hold a fetch for minutes;
- the body is read as a stream and capped after decompression; a capped body is returned with
  ``truncated=True`` rather than treated as an error;
- a global and a per-host concurrency limit, because the sender fans out.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from ipaddress import ip_address

import httpx

from plnpress.fetch.addresses import address_refusal
from plnpress.fetch.body import ACCEPT_ENCODING, CappedDecoder, DecodingFailed
from plnpress.fetch.errors import (
    BadResponse,
    FetchError,
    FetchRefused,
    FetchTimeout,
    InvalidURL,
    NetworkError,
    RedirectLoop,
    TooManyRedirects,
    UnsupportedScheme,
)
from plnpress.fetch.guard import (
    AddressCheck,
    AddressRefused,
    GuardedBackend,
    GuardedTransport,
    Resolver,
    system_resolver,
)
from plnpress.fetch.policy import DEFAULT_USER_AGENT, FetchPolicy
from plnpress.fetch.redirects import (
    follows,
    redirected_request,
    same_origin,
    without_fragment,
)
from plnpress.fetch.result import FetchResult


@dataclass(frozen=True, slots=True)
class _Hop:
    status: int
    headers: tuple[tuple[str, str], ...]
    location: str | None = None
    body: bytes = b""
    truncated: bool = False


class GuardedClient:
    """An async HTTP client that applies a `FetchPolicy` to every request.

    Use it as ``async with GuardedClient(policy) as client:`` and call `fetch`, `get` or `post`.
    One client serves many concurrent fetches on one event loop.

    `transport` replaces the network (e.g. ``httpx.MockTransport`` in unit tests); the address
    guard then only sees IP-literal hosts, so guard tests use real sockets. `resolver`,
    `address_check` and `ssl_context` exist for tests: a fake DNS, a check that allows one chosen
    address, a test certificate authority.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        max_concurrency: int = 10,
        max_per_host: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
        address_check: AddressCheck | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        if max_concurrency < 1 or max_per_host < 1:
            raise ValueError("max_concurrency and max_per_host must be at least 1")
        self.policy = policy if policy is not None else FetchPolicy()
        self._check: AddressCheck | None = (
            None if self.policy.allow_private_addresses else (address_check or address_refusal)
        )
        if transport is None:
            backend = GuardedBackend(check=self._check, resolver=resolver or system_resolver)
            transport = GuardedTransport(
                backend, ssl_context=ssl_context, max_connections=max_concurrency
            )
        self._http = httpx.AsyncClient(
            transport=transport,
            trust_env=False,  # an environment proxy would bypass the address guard
            follow_redirects=False,
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # keep none
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(
                connect=self.policy.connect_timeout,
                read=self.policy.read_timeout,
                write=self.policy.read_timeout,
                pool=self.policy.total_timeout,
            ),
        )
        self._slots = asyncio.Semaphore(max_concurrency)
        self._max_per_host = max_per_host
        self._host_slots: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> GuardedClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._http.aclose()

    async def get(self, url: str, *, accept: str = "*/*") -> FetchResult:
        """GET `url`, following redirects."""
        return await self.fetch(url, headers={"Accept": accept})

    async def post(
        self,
        url: str,
        content: bytes,
        *,
        content_type: str,
        accept: str = "*/*",
    ) -> FetchResult:
        """POST `content` to `url`; 307/308 repeat the POST, 303 becomes a GET (see `fetch`)."""
        return await self.fetch(
            url,
            method="POST",
            content=content,
            headers={"Content-Type": content_type, "Accept": accept},
        )

    async def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        follow_redirects: bool = True,
    ) -> FetchResult:
        """Send one request and follow its redirects under the policy; raise `FetchError`.

        Redirects (RFC 9110 §15.4): GET and HEAD follow 301, 302, 303, 307 and 308 unchanged.
        Other methods (a POST) are repeated with the same body only on 307 and 308, which promise
        that; 303 ("the answer is over there") is followed with a GET. A 301 or 302 answer to a
        POST is returned as the final response: browsers turn it into a GET, which would silently
        drop what the POST carried. Credential headers are dropped when a redirect leaves the
        origin.
        """
        method = method.upper()
        async with self._slots:
            return await self._follow(url, method, dict(headers or {}), content, follow_redirects)

    async def _follow(
        self,
        url: str,
        method: str,
        headers: dict[str, str],
        content: bytes | None,
        follow_redirects: bool,
    ) -> FetchResult:
        loop = asyncio.get_running_loop()
        budget = self.policy.total_timeout
        current = self._parse(url, url)
        visited = {without_fragment(current)}
        redirects: list[str] = []
        while True:
            self._check_url(current, url, redirected=bool(redirects))
            async with self._host_slot(current):
                # Time spent waiting for a per-host slot is not the server's fault, so only
                # time spent on the hop itself is taken from the budget.
                started = loop.time()
                try:
                    async with asyncio.timeout(budget):
                        hop = await self._hop(current, method, headers, content, follow_redirects)
                except TimeoutError:
                    raise FetchTimeout(
                        f"fetching {url} took longer than {self.policy.total_timeout}s in total"
                        + (f" (gave up at {current})" if redirects else ""),
                        url=str(current),
                    ) from None
                finally:
                    budget -= loop.time() - started
            if hop.location is None:
                return FetchResult(
                    url=url,
                    final_url=str(current),
                    status=hop.status,
                    headers=hop.headers,
                    body=hop.body,
                    truncated=hop.truncated,
                    redirects=tuple(redirects),
                    elapsed=self.policy.total_timeout - budget,
                )
            target = self._parse(hop.location, str(current), base=current)
            if without_fragment(target) in visited:
                raise RedirectLoop(
                    f"{url} redirects in a loop: {current} points back to {target}",
                    url=str(current),
                )
            if len(redirects) >= self.policy.max_redirects:
                raise TooManyRedirects(
                    f"{url} redirected more than {self.policy.max_redirects} times"
                    f" (last: {current} -> {target})",
                    url=str(current),
                )
            redirects.append(str(current))
            visited.add(without_fragment(target))
            method, content, headers = redirected_request(
                hop.status, method, content, headers, same_origin=same_origin(current, target)
            )
            current = target

    async def _hop(
        self,
        url: httpx.URL,
        method: str,
        headers: Mapping[str, str],
        content: bytes | None,
        follow_redirects: bool,
    ) -> _Hop:
        with self._errors(url):
            request = self._http.build_request(method, url, headers=headers, content=content)
            response = await self._http.send(request, stream=True)
            try:
                response_headers = tuple(
                    (key.decode("latin-1"), value.decode("latin-1"))
                    for key, value in response.headers.raw
                )
                location = response.headers.get("location")
                if (
                    follow_redirects
                    and location is not None
                    and follows(method, response.status_code)
                ):
                    return _Hop(response.status_code, response_headers, location=location)
                body, truncated = await self._read_body(response)
                return _Hop(
                    response.status_code,
                    response_headers,
                    body=body,
                    truncated=truncated,
                )
            finally:
                await response.aclose()

    async def _read_body(self, response: httpx.Response) -> tuple[bytes, bool]:
        if response.is_stream_consumed:
            # A test transport built the response from bytes (httpx.MockTransport with
            # content=); httpx has already undone its Content-Encoding.
            decoder = CappedDecoder(None, self.policy.max_bytes)
            decoder.feed(response.content)
        else:
            decoder = CappedDecoder(response.headers.get("content-encoding"), self.policy.max_bytes)
            async for chunk in response.aiter_raw():
                decoder.feed(chunk)
                if decoder.truncated:
                    break
        return decoder.finish(), decoder.truncated

    @contextmanager
    def _errors(self, url: httpx.URL) -> Iterator[None]:
        where = str(url)
        try:
            yield
        except AddressRefused as exc:
            raise FetchRefused(
                f"refused to fetch {where}: {exc}",
                url=where,
                reason=exc.reason,
                address=exc.address,
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"{_timeout_phrase(exc, self.policy)} {where}", url=where) from exc
        except httpx.UnsupportedProtocol as exc:
            raise UnsupportedScheme(
                f"cannot fetch {where}: {exc}", url=where, reason=str(exc)
            ) from exc
        except httpx.InvalidURL as exc:
            raise InvalidURL(f"cannot fetch {where}: {exc}", url=where) from exc
        except httpx.TransportError as exc:
            detail = str(exc) or type(exc).__name__
            raise NetworkError(f"could not fetch {where}: {detail}", url=where) from exc
        except DecodingFailed as exc:
            raise BadResponse(f"could not read the body of {where}: {exc}", url=where) from exc

    def _parse(self, value: str, where: str, *, base: httpx.URL | None = None) -> httpx.URL:
        try:
            return base.join(value.strip()) if base is not None else httpx.URL(value)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            what = f"{where} redirected to an invalid Location" if base else "invalid URL"
            raise InvalidURL(f"{what} {value!r}: {exc}", url=where) from exc

    def _check_url(self, url: httpx.URL, original: str, *, redirected: bool) -> None:
        where = str(url)
        via = f" (redirected from {original})" if redirected else ""
        if url.scheme not in ("http", "https"):
            raise UnsupportedScheme(
                f"refused to fetch {where}{via}: only http and https URLs are fetched",
                url=where,
                reason=f"scheme {url.scheme!r} is not http or https",
            )
        if not url.host:
            raise InvalidURL(f"cannot fetch {where}{via}: the URL has no host", url=where)
        # IP-literal hosts are checked before any connection, so the rule holds even over a
        # test transport; hostnames are checked by the guard once they are resolved.
        if self._check is not None and _is_ip_literal(url.host):
            reason = self._check(url.host)
            if reason is not None:
                raise FetchRefused(
                    f"refused to fetch {where}{via}: {url.host} is a forbidden address ({reason})",
                    url=where,
                    reason=reason,
                    address=url.host,
                )

    @asynccontextmanager
    async def _host_slot(self, url: httpx.URL) -> AsyncIterator[None]:
        host = url.host.lower()
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self._max_per_host)
        async with slot:
            yield


def fetch_sync(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchResult:
    """Fetch one URL from synchronous code (e.g. ``plnpress new link`` fetching a title).

    Runs its own event loop, so it cannot be called from inside one; use `GuardedClient` there.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("fetch_sync() was called inside an event loop; use GuardedClient")

    async def run() -> FetchResult:
        async with GuardedClient(policy, transport=transport) as client:
            return await client.fetch(url, method=method, headers=headers, content=content)

    return asyncio.run(run())


def _is_ip_literal(host: str) -> bool:
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


def _timeout_phrase(exc: httpx.TimeoutException, policy: FetchPolicy) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {policy.connect_timeout}s connecting to"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out after {policy.read_timeout}s waiting for data from"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out after {policy.read_timeout}s sending to"
    return "timed out waiting for a connection to"


__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "GuardedClient",
    "fetch_sync",
]
