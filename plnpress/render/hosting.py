"""Rules for static hosts that read ``_headers`` and ``_redirects`` (Netlify, Cloudflare Pages).

The build writes them so that the host answers as the Webmention spec wants: every page advertises
the Webmention endpoint in an HTTP ``Link`` header, and a deleted entry answers ``410 Gone``. With
``websub.hub`` set, the WebSub topics also name the hub and themselves in ``Link`` headers. An old
address of an entry or page (``aliases:``) answers ``301 Moved Permanently`` to the new one; an old
address with a query (``/?p=12``) gets Netlify's rule for query parameters
(``/  p=12  /2025/04/new/  301!``). With ``fediverse.bridgy_fed``, the fediverse's look-ups
(WebFinger, host-meta) go on to Bridgy Fed. A writer's own ``content/static/_headers`` or
``_redirects`` comes first; the generated rules follow.

:func:`read_redirects` reads a built ``_redirects`` back, for everything that must answer as the
host will (``plnpress serve``, the receiver, ``plnpress check``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote

from plnpress.model import Site
from plnpress.output.files import OutputFile
from plnpress.render.websub import hub_headers

HOST_FILES = ("_headers", "_redirects")
"""Static files the build merges its own rules into instead of copying them as they are."""

_STATUS = re.compile(r"^(\d{3})(!?)$")


@dataclass(frozen=True, slots=True)
class RedirectRule:
    """One rule of a ``_redirects`` file, e.g. ``/2025/01/old/  /2025/01/old/index.html  410!``."""

    source: str
    """The path the rule answers; a final ``*`` stands for anything below it."""
    target: str
    """Where it sends the visitor, or the file it shows."""
    status: int
    """The HTTP status; 301 when the line names none."""
    forced: bool
    """Written with ``!``: the rule applies even where a file exists at ``source``."""
    query: tuple[tuple[str, str], ...] = ()
    """Query parameters the request must carry (``p=12``), in the order written; a value
    written as ``:name`` matches any value."""

    @property
    def redirects(self) -> bool:
        """Does the host send the visitor on to :attr:`target` (rather than show it)?"""
        return self.status in {301, 302, 303, 307, 308}

    def matches(self, path: str, query: str = "") -> bool:
        """Does the rule answer a request for ``path`` (a root-relative URL path) with the query
        string ``query``? A final slash makes no difference, as on Netlify: ``/a/`` answers
        ``/a`` too. A rule with query parameters answers only a request that has them all."""
        if self.query and not _has_parameters(query, self.query):
            return False
        if self.source.endswith("*"):
            return path.startswith(self.source[:-1])
        return path.rstrip("/") == self.source.rstrip("/")

    def target_for(self, path: str) -> str:
        """Where the rule sends a request for ``path`` (which it matches): :attr:`target`, with
        ``:splat`` standing for what the final ``*`` matched."""
        if self.source.endswith("*"):
            return self.target.replace(":splat", path[len(self.source) - 1 :])
        return self.target


def _has_parameters(query: str, wanted: tuple[tuple[str, str], ...]) -> bool:
    given = parse_qs(query, keep_blank_values=True)
    return all(
        name in given and (value.startswith(":") or value in given[name]) for name, value in wanted
    )


def read_redirects(path: Path) -> tuple[RedirectRule, ...]:
    """The path rules of a ``_redirects`` file, in order; none if it is missing or unreadable.

    Comments and rules for whole domains (``https://old.example/*``) are left out: they never
    answer a path of the site. A rule's query parameters (``/  p=12  /new/  301!``) are read
    into :attr:`RedirectRule.query`.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ()
    rules = []
    for line in lines:
        parts = line.split()
        if len(parts) < 2 or not parts[0].startswith("/"):
            continue
        source, rest = parts[0], parts[1:]
        query = []
        while rest and "=" in rest[0] and not rest[0].startswith(("/", "http:", "https:")):
            name, _, value = rest.pop(0).partition("=")
            query.append((unquote(name), unquote(value)))
        if not rest:
            continue
        status = next((m for m in map(_STATUS.match, rest[1:]) if m is not None), None)
        code, forced = (int(status[1]), status[2] == "!") if status else (301, False)
        rules.append(RedirectRule(source, rest[0], code, forced, tuple(query)))
    return tuple(rules)


def host_rule_files(site: Site) -> Iterator[OutputFile]:
    own = {static.output: static for static in site.static_files if static.output in HOST_FILES}
    generated = {"_headers": _headers(site), "_redirects": _redirects(site)}
    for name in HOST_FILES:
        parts = []
        if name in own:
            text = (site.config.root / own[name].source).read_text(encoding="utf-8")
            parts.append(text.rstrip("\n") + "\n")
        if generated[name]:
            parts.append("# Generated by plnpress build\n" + "".join(generated[name]))
        if parts:
            source = own[name].source if name in own else None
            yield OutputFile(name, "\n".join(parts).encode("utf-8"), source=source)


def _headers(site: Site) -> list[str]:
    endpoint = site.config.site.webmention.endpoint
    rules = hub_headers(site)
    if not endpoint:
        return rules
    return [f'{site.config.base_path}*\n  Link: <{endpoint}>; rel="webmention"\n', *rules]


def _redirects(site: Site) -> list[str]:
    # The "!" forces each rule although a page exists at that path (Netlify calls it shadowing):
    # the tombstone, or the redirect page an alias has for hosts that do not read this file.
    gone = [f"{entry.path}  {entry.path}index.html  410!\n" for entry in site.tombstones]
    moved = [f"{_source(alias.path)}  {item.path}  301!\n" for alias, item in site.aliases()]
    fediverse = site.config.site.fediverse
    bridged = fediverse.redirect_rules() if fediverse.bridgy_fed else ()
    return gone + moved + [f"{path}  {target}  302\n" for path, target in bridged]


def _source(path: str) -> str:
    """An old address as a rule's source: ``/?p=12`` is the path, then its parameters."""
    path, mark, query = path.partition("?")
    return f"{path}  {'  '.join(query.split('&'))}" if mark else path
