"""Is this access token good, and for what? The question every Micropub request asks first.

Tokens this server issued are looked up in its store. With ``micropub.token_endpoint`` (or
``micropub.introspection_endpoint``) set, tokens from another IndieAuth server are asked about
there (IndieAuth §6: a POST of the token to the introspection endpoint, authorised with
``PLNPRESS_SERVER_INTROSPECTION_TOKEN``; or the older GET to the token endpoint with the token as
the bearer), and the answer is kept for a minute so a burst of requests asks once. A token must
belong to the blog: its ``me`` is the blog's ``base_url``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from plnpress.config.server import MicropubConfig
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.indieauth.store import Grant, token_hash

CACHE_SECONDS = 60.0
_CACHE_SIZE = 1000


@dataclass(frozen=True, slots=True)
class Verdict:
    """What checking a token found: a grant for this blog, or why not."""

    grant: Grant | None
    foreign: bool = False
    """The token is good but for someone else's site (403, not 401)."""


OwnLookup = Callable[[str], Awaitable[Grant | None]]


class TokenCheck:
    """`check(token, micropub, me)`: own tokens first, then the external server, if any."""

    def __init__(
        self,
        own: OwnLookup,
        http: GuardedClient,
        introspection_token: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._own = own
        self._http = http
        self._introspection_token = introspection_token
        self._clock = clock
        self._cache: dict[str, tuple[float, Verdict]] = {}

    async def check(self, token: str, micropub: MicropubConfig, me: str) -> Verdict:
        grant = await self._own(token)
        if grant is not None:
            return Verdict(grant)
        if not micropub.external:
            return Verdict(None)
        key = token_hash(token)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > self._clock():
            return cached[1]
        verdict = _judge(await self._ask(token, micropub), me)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = (self._clock() + CACHE_SECONDS, verdict)
        return verdict

    async def _ask(self, token: str, micropub: MicropubConfig) -> dict[str, object] | None:
        """The external server's answer about `token`, or None when it is not a good one."""
        try:
            if micropub.introspection_endpoint:
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                }
                if self._introspection_token:
                    headers["Authorization"] = f"Bearer {self._introspection_token}"
                result = await self._http.fetch(
                    micropub.introspection_endpoint,
                    method="POST",
                    headers=headers,
                    content=urlencode({"token": token}).encode("ascii"),
                )
            else:
                assert micropub.token_endpoint is not None
                result = await self._http.fetch(
                    micropub.token_endpoint,
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
                )
        except FetchError:
            return None
        if not result.ok:
            return None
        try:
            answer = json.loads(result.body)
        except ValueError:
            return None
        if not isinstance(answer, dict) or answer.get("active") is False:
            return None
        return answer


def _judge(answer: dict[str, object] | None, me: str) -> Verdict:
    if answer is None or not isinstance(answer.get("me"), str):
        return Verdict(None)
    scope = answer.get("scope")
    grant = Grant(
        name="external",
        scope=frozenset(scope.split()) if isinstance(scope, str) else frozenset(),
        me=str(answer["me"]),
        client_id=str(answer.get("client_id") or ""),
    )
    if _same_profile(grant.me, me):
        return Verdict(grant)
    return Verdict(None, foreign=True)


def _same_profile(first: str, second: str) -> bool:
    """Profile URLs compare with the host's case ignored and a missing final slash added."""

    def canonical(url: str) -> str:
        scheme, _, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        return f"{scheme.lower()}://{host.lower()}/{path if slash else ''}"

    return canonical(first) == canonical(second)
