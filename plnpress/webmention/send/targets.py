"""Which pages of the blog send Webmentions (sources), and to which pages (targets).

Sources are the published entries, as the build shows them (drafts and future entries are never
loaded here), plus the deleted ones, which announce that they are gone. The targets of an entry
are what it links to: every absolute link in its body, then ``in_reply_to``, ``bookmark_of``,
``like_of`` and ``repost_of``, each exactly as written. `TargetRules` says which of those the
writer does not want notified.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from plnpress.config import Config
from plnpress.model import Entry, Site
from plnpress.model.network import linked_urls
from plnpress.webmention.entry_hash import entry_fingerprint


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of the blog as a sender of Webmentions."""

    entry: Entry
    url: str
    """The entry's public address: the ``source`` of every notification it sends."""
    targets: tuple[str, ...]
    """What the entry links to now, in order, without repeats; nothing for a deleted entry.

    Last come its Bridgy Publish targets (``syndicate_to:``) and Bridgy Fed (with
    ``fediverse.bridgy_fed``), which its page links to as well."""
    fingerprint: str
    """`entry_fingerprint` of the entry as it is now."""

    @property
    def deleted(self) -> bool:
        return self.entry.deleted

    @property
    def opted_out(self) -> bool:
        """True if the writer set ``webmentions: false`` on the entry."""
        return not self.entry.webmentions


def sources_of(site: Site) -> list[Source]:
    """Every published and every deleted entry, ordered by address."""
    sources = [source_of(entry, site.config) for entry in (*site.entries, *site.tombstones)]
    return sorted(sources, key=lambda source: source.url)


def source_of(entry: Entry, config: Config) -> Source:
    """One entry (as the build shows it, its responses included) as a source."""
    return Source(
        entry=entry,
        url=entry.url,
        targets=_targets(entry, config),
        fingerprint=entry_fingerprint(entry),
    )


def _targets(entry: Entry, config: Config) -> tuple[str, ...]:
    if entry.deleted:
        return ()
    bridgy, fediverse = config.site.bridgy, config.site.fediverse
    publish = tuple(bridgy.publish_target(silo) for silo in entry.syndicate_to)
    # Bridgy Fed hears of every entry it announces, new, changed or deleted: a deleted one
    # has no targets, but the sent log remembers that it was told, so it is told again.
    bridged = (fediverse.bridgy_fed_url,) if fediverse.announces(entry.published) else ()
    return tuple(dict.fromkeys(linked_targets(entry) + publish + bridged))


def linked_targets(entry: Entry) -> tuple[str, ...]:
    """The URLs `entry` links to: body links, then reply, bookmark, like and repost targets."""
    return linked_urls(entry)


def matches(source: Source, wanted: str) -> bool:
    """True if `wanted` names `source`: its public URL or its path, with or without the final
    slash, or its file (``content/posts/...``)."""
    wanted = wanted.strip()
    names = {source.url, source.entry.path, source.entry.source}
    return wanted in names or wanted + "/" in names


@dataclass(frozen=True, slots=True)
class TargetRules:
    """The writer's limits on what is notified (``webmention:`` in ``plnpress.yaml``)."""

    site_url: str
    """The blog's ``base_url``; links under it are the blog's own."""
    send_internal: bool = False
    never_send_to: tuple[str, ...] = ()
    """Domains (lowercased) whose pages, and their subdomains' pages, are never notified."""
    publish_prefix: str = "https://brid.gy/publish/"
    """Targets under it are Bridgy Publish targets (``syndicate_to:``)."""
    publish_endpoint: str = "https://brid.gy/publish/webmention"
    """Where those are sent, without discovery."""

    @classmethod
    def from_config(cls, config: Config) -> TargetRules:
        settings = config.site.webmention
        return cls(
            site_url=config.base_url,
            send_internal=settings.send_internal,
            never_send_to=tuple(_domain(d) for d in settings.never_send_to if _domain(d)),
            publish_prefix=config.site.bridgy.publish_target(""),
            publish_endpoint=config.site.bridgy.endpoint,
        )

    def is_publish(self, target: str) -> bool:
        """True if `target` asks Bridgy Publish to copy the entry to a silo."""
        return target.startswith(self.publish_prefix) and target != self.publish_endpoint

    def skip_reason(self, source: Source, target: str) -> str | None:
        """Why `target` is not notified from `source`, or None if it is."""
        if target == source.url or any(target == alias.url for alias in source.entry.aliases):
            return "the entry's own address"  # or an old one, which redirects to it
        if not self.send_internal and self.is_internal(target):
            return "a link to this blog (set webmention.send_internal to notify those)"
        host = (urlsplit(target).hostname or "").lower()
        for domain in self.never_send_to:
            if host == domain or host.endswith("." + domain):
                return f"{domain} is in webmention.never_send_to"
        return None

    def is_internal(self, target: str) -> bool:
        """True if `target` is a page of this blog (under ``base_url``, http or https)."""
        site, link = urlsplit(self.site_url), urlsplit(target)
        if (
            link.scheme.lower() not in ("http", "https")
            or link.netloc.lower() != site.netloc.lower()
        ):
            return False
        return (link.path or "/").startswith(site.path or "/")


def _domain(value: str) -> str:
    """A ``never_send_to`` item as a bare domain: ``https://www.x.org/a`` and ``*.x.org`` work."""
    text = value.strip().lower()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    return text.removeprefix("*.").strip(".").split("/")[0]
