"""``plnpress server`` as an ASGI app: `make_server_app(settings)`.

The lifespan starts the receiver (`plnpress.receiver.service.Receiver`), the sign-in server
(`plnpress.indieauth.service.Authority`) and Micropub with its publisher, and stops them in the
reverse order. A setting that cannot work (``publish: git-push`` outside a git repository,
``publish: build-hook`` without a hook) stops the start with the reason.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from plnpress.config.server import MEDIA_PATH, METADATA_PATH, MICROPUB_PATH
from plnpress.errors import PlnpressError
from plnpress.indieauth import routes as auth_routes
from plnpress.indieauth.service import Authority
from plnpress.micropub import routes as micropub_routes
from plnpress.micropub.git import GitError, is_repository
from plnpress.micropub.publish import Publisher
from plnpress.micropub.service import Micropub
from plnpress.receiver.app import receiver_routes
from plnpress.receiver.service import Receiver
from plnpress.receiver.settings import ENV_PREFIX
from plnpress.server.blog import BlogConfig
from plnpress.server.settings import ServerSettings


def make_server_app(settings: ServerSettings) -> Starlette:
    """The whole server for `settings`, ready to serve."""
    blog = BlogConfig(settings.root)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            receiver = await Receiver.start(settings.receiver)
            stack.push_async_callback(receiver.stop)
            authority = Authority(
                settings.db,
                blog,
                settings.receiver.fetch,
                settings.introspection_token,
                settings.sign_ins_per_minute,
            )
            await authority.start()
            stack.push_async_callback(authority.stop)
            micropub = Micropub(blog, _publisher(settings, blog, receiver))
            try:
                micropub.start()
            except GitError as exc:
                raise PlnpressError(str(exc)) from None
            stack.callback(micropub.stop)
            app.state.receiver = receiver
            app.state.authority = authority
            app.state.micropub = micropub
            yield

    routes = [
        *receiver_routes(),
        Route(f"/{MICROPUB_PATH}", micropub_routes.post, methods=["POST"]),
        Route(f"/{MICROPUB_PATH}", micropub_routes.query, methods=["GET"]),
        Route(f"/{MEDIA_PATH}", micropub_routes.media, methods=["POST"]),
        Route(f"/{METADATA_PATH}", auth_routes.metadata, methods=["GET"]),
        *(Route(path, handler, methods=methods) for path, handler, methods in auth_routes.ROUTES),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def check_settings(settings: ServerSettings) -> None:
    """Refuse, before listening, settings the lifespan would fail on."""
    config = BlogConfig(settings.root)()
    mode = config.site.micropub.publish
    if mode == "build-hook" and not settings.receiver.build_hook:
        raise PlnpressError(
            f"micropub.publish is build-hook: set {ENV_PREFIX}BUILD_HOOK to the hook's URL"
        )
    if mode == "git-push" and not is_repository(settings.root):
        raise PlnpressError(
            f"micropub.publish is git-push, but {settings.root} is not in a git repository "
            "(git init, and add a remote named origin)"
        )


def _publisher(settings: ServerSettings, blog: BlogConfig, receiver: Receiver) -> Publisher:
    config = blog()
    mode = config.site.micropub.publish
    if mode == "build-hook" and not settings.receiver.build_hook:
        raise PlnpressError(
            f"micropub.publish is build-hook: set {ENV_PREFIX}BUILD_HOOK to the hook's URL"
        )
    author = config.site.author
    host = config.base_url.split("://", 1)[-1].split("/", 1)[0]
    return Publisher(
        mode,
        settings.root,
        identity=(author.name, author.email or f"plnpress@{host}"),
        retry_delays=settings.publish_retry_delays,
        build_hook=receiver.background.request_build,
    )
