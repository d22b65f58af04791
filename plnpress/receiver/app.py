"""The receiver as an ASGI app: `make_app(settings)` (Starlette; uvicorn or any ASGI server).

The app's lifespan starts the receiver's parts (`plnpress.receiver.service.Receiver`) and stops
them, so the server must run lifespan events (uvicorn does by default).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from plnpress.receiver import routes
from plnpress.receiver.service import Receiver
from plnpress.receiver.settings import ReceiverSettings


def make_app(settings: ReceiverSettings) -> Starlette:
    """The receiver for `settings`, ready to serve."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        receiver = await Receiver.start(settings)
        app.state.receiver = receiver
        try:
            yield
        finally:
            await receiver.stop()

    return Starlette(routes=receiver_routes(), lifespan=lifespan)


def receiver_routes() -> list[Route]:
    """The receiver's routes (``plnpress server`` serves them beside its own)."""
    return [
        Route("/webmention", routes.receive, methods=["POST"]),
        Route("/webmention", routes.about, methods=["GET", "HEAD"]),
        Route("/webmention/status/{key}", routes.status, methods=["GET", "HEAD"]),
        Route("/webmention/export", routes.export, methods=["GET"]),
    ]
