"""The running Micropub endpoint: the blog's entries (`posts.Posts`) and its publisher.

Made and started by ``plnpress server``'s lifespan; the routes find it as
``request.app.state.micropub`` and the token check as ``request.app.state.authority``.
"""

from __future__ import annotations

from collections.abc import Callable

from plnpress.config import Config
from plnpress.micropub.posts import Change, Posts
from plnpress.micropub.publish import Publisher


class Micropub:
    def __init__(self, config: Callable[[], Config], publisher: Publisher) -> None:
        self.config = config
        self.posts = Posts(config)
        self.publisher = publisher

    def start(self) -> None:
        self.publisher.start()

    def stop(self) -> None:
        self.publisher.stop()

    def published(self, change: Change) -> None:
        self.publisher.publish(change.paths, change.message)
