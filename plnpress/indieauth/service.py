"""The running sign-in server: its store, the requests waiting for the writer, its limits.

Made and started by ``plnpress server``'s lifespan; the routes find it as
``request.app.state.authority``. The blog's settings are read through `config` on every request,
so an edit of ``plnpress.yaml`` (``server.url``, ``micropub.token_endpoint``) needs no restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from plnpress.config import Config
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.policy import FetchPolicy
from plnpress.indieauth.authorization import PendingRequests
from plnpress.indieauth.store import AuthStore, Grant
from plnpress.indieauth.verify import TokenCheck, Verdict
from plnpress.receiver.database import StoreThread
from plnpress.receiver.limits import RateLimiter

SIGN_INS_PER_MINUTE = 5
"""Password tries per client address and minute; a guess every 12 s is slow against scrypt."""
INTROSPECTION_TOKEN_ENV = "PLNPRESS_SERVER_INTROSPECTION_TOKEN"


class Authority:
    """Everything the IndieAuth routes and the Micropub token check share."""

    def __init__(
        self,
        db: Path,
        config: Callable[[], Config],
        fetch: FetchPolicy,
        introspection_token: str | None = None,
        sign_ins_per_minute: int = SIGN_INS_PER_MINUTE,
    ) -> None:
        self.config = config
        self.db: StoreThread[AuthStore] = StoreThread(db, AuthStore)
        self.pending = PendingRequests()
        self.sign_ins = RateLimiter(sign_ins_per_minute)
        self._fetch = fetch
        self._introspection_token = introspection_token
        self._http: GuardedClient | None = None
        self._tokens: TokenCheck | None = None

    async def start(self) -> None:
        await self.db.open()
        self._http = GuardedClient(self._fetch, max_concurrency=4)
        self._tokens = TokenCheck(self._own_grant, self._http, self._introspection_token)

    async def stop(self) -> None:
        if self._http is not None:
            await self._http.aclose()
        await self.db.close()

    @property
    def http(self) -> GuardedClient:
        assert self._http is not None, "not started"
        return self._http

    async def check_token(self, token: str) -> Verdict:
        """What `token` allows on this blog (see `plnpress.indieauth.verify`)."""
        assert self._tokens is not None, "not started"
        config = self.config()
        return await self._tokens.check(token, config.site.micropub, config.base_url)

    async def _own_grant(self, token: str) -> Grant | None:
        return await self.db.run(AuthStore.grant, token)

    @staticmethod
    def now() -> float:
        return time.time()
