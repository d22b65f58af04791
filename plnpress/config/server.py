"""The blog's own server in ``plnpress.yaml``: ``server:`` and ``micropub:`` (docs/micropub.md).

The paths of the server's endpoints live here too, in one place: the built site advertises them
(``<link rel="micropub">`` and the IndieAuth links) and ``plnpress server`` answers at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from plnpress.schema import Choice, Context, Custom, Int, Invalid, Url, option

MICROPUB_PATH = "micropub"
MEDIA_PATH = "micropub/media"
AUTHORIZATION_PATH = "auth"
TOKEN_PATH = "token"
REVOCATION_PATH = "token/revoke"
INTROSPECTION_PATH = "token/introspect"
METADATA_PATH = ".well-known/oauth-authorization-server"
"""RFC 8414's well-known path: IndieAuth's ``indieauth-metadata`` link points at it too."""

DEFAULT_MAX_UPLOAD = 20_000_000


def server_url(value: object, ctx: Context) -> str:
    """An http(s) address without query or fragment, with a final slash."""
    url = Url().convert(value, ctx)
    if "?" in url or "#" in url:
        raise Invalid(f"{url!r} must not have a query or fragment")
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Where ``plnpress server`` answers (its Micropub, media and IndieAuth endpoints)."""

    url: str | None = option(
        Custom(server_url, "a URL"),
        default=None,
        doc="The server's public address, e.g. https://blog.example.org/api/; the built site "
        "then advertises its Micropub and IndieAuth endpoints.",
    )

    def endpoint(self, path: str) -> str | None:
        """The public URL of one of the paths above, or None without ``server.url``."""
        return None if self.url is None else self.url + path


@dataclass(frozen=True, slots=True)
class MicropubConfig:
    """Posting from apps through the server (Micropub), and how posts are published."""

    publish: str = option(
        Choice("git-push", "build-hook", "none"),
        default="none",
        doc="After each post: commit and push it (git-push), call the build hook, or nothing.",
    )
    max_upload: int = option(
        Int(minimum=1), default=DEFAULT_MAX_UPLOAD, doc="The largest upload, in bytes."
    )
    token_endpoint: str | None = option(
        Url(),
        default=None,
        doc="Another IndieAuth server's token endpoint, to accept its tokens (checked there).",
    )
    introspection_endpoint: str | None = option(
        Url(),
        default=None,
        doc="Or its introspection endpoint (with PLNPRESS_SERVER_INTROSPECTION_TOKEN).",
    )
    authorization_endpoint: str | None = option(
        Url(), default=None, doc="That server's authorization endpoint, advertised instead."
    )

    @property
    def external(self) -> bool:
        """Tokens come from another IndieAuth server, not from ``plnpress server``."""
        return bool(self.token_endpoint or self.introspection_endpoint)


def advertised_links(server: ServerConfig, micropub: MicropubConfig) -> list[tuple[str, str]]:
    """The ``(rel, href)`` links every page carries for the server, in order; none without
    ``server.url``."""
    if server.url is None:
        return []
    links = [("micropub", server.url + MICROPUB_PATH)]
    if micropub.external:
        if micropub.authorization_endpoint:
            links.append(("authorization_endpoint", micropub.authorization_endpoint))
        if micropub.token_endpoint:
            links.append(("token_endpoint", micropub.token_endpoint))
        return links
    return [
        *links,
        ("indieauth-metadata", server.url + METADATA_PATH),
        ("authorization_endpoint", server.url + AUTHORIZATION_PATH),
        ("token_endpoint", server.url + TOKEN_PATH),
    ]
