"""Create, update, delete and undelete: a Micropub request made into files of the blog.

Each change runs under one lock (two posts cannot pick the same slug), reads the site's
addresses (`site_index`), builds the new file's text, checks it as the build will
(`validation`), and only then writes: media first, then the entry, each through the one atomic
writer. A new entry never replaces a file or takes an address in use: its slug gets ``-2``,
``-3``, ... instead. What changed is handed to the publisher (`publish`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from plnpress.atomic import atomic_write
from plnpress.config import Config
from plnpress.indieauth.store import Grant
from plnpress.micropub import frontedit
from plnpress.micropub.errors import MicropubError, invalid
from plnpress.micropub.photos import NewFiles, store_photos, store_upload
from plnpress.micropub.properties import (
    MANAGED,
    Front,
    PhotoRef,
    from_front,
    slug_for,
    to_front,
)
from plnpress.micropub.request import MicropubRequest
from plnpress.micropub.site_index import SiteIndex
from plnpress.micropub.validation import checked_entry
from plnpress.model.permalinks import PermalinkError, expand, locate
from plnpress.model.slugs import slug_problem
from plnpress.scaffold.entry_file import (
    FrontValue,
    entry_path,
    entry_text,
    free_slug,
)
from plnpress.scaffold.title import fetch_title
from plnpress.yamldoc import YamlSyntaxError, load_yaml

ORDER = (
    "title",
    "bookmark_of",
    "date",
    "updated",
    "summary",
    "tags",
    "photo",
    "in_reply_to",
    "like_of",
    "repost_of",
    "syndication",
    "syndicate_to",
    "draft",
    "properties",
)


@dataclass(frozen=True, slots=True)
class Change:
    """What a request did: the entry's address now, and the files it wrote."""

    url: str
    paths: tuple[Path, ...]
    message: str
    created: bool = False
    moved: bool = False
    """An update changed the entry's address (its date or slug)."""


@dataclass(slots=True)
class Posts:
    """The blog's entries as Micropub changes them."""

    config: Callable[[], Config]
    index: SiteIndex = field(default_factory=SiteIndex)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def create(self, request: MicropubRequest, grant: Grant) -> Change:
        config = self.config()
        if request.type != "h-entry":
            raise invalid(f"this blog takes h-entry posts, not {request.type}")
        if not grant.allows("create"):  # a draft-only token
            request.commands["post-status"] = ["draft"]
        if "slug" in request.properties:
            request.commands.setdefault("slug", request.properties["slug"])
        front = to_front(request.properties, request.commands, config)
        await self._bookmark_title(config, front)
        async with self.lock:
            index = await asyncio.to_thread(self.index.read, config)
            when = front.fields["date"]
            assert isinstance(when, datetime)
            new = NewFiles()
            await self._media(config, front, request, when, new)
            folder = config.content_dir / ("links" if front.is_link else "posts")
            slug = free_slug(
                slug_for(front, request.commands),
                lambda s: _taken(config, front, folder, when, s, index.outputs),
            )
            path = entry_path(folder, when, slug)
            _inside_content(config, path)
            comments = {"title": frontedit.GENERATED} if front.generated_title else {}
            text = entry_text(_ordered(front.fields), front.body, comments)
            entry = checked_entry(config, path, text, index)
            await asyncio.to_thread(_write_all, new.files, path, text)
        paths = (*(p for p, _ in new.files), path)
        return Change(entry.url, paths, f"New {_kind(front)}: {entry.title}", created=True)

    async def update(self, request: MicropubRequest) -> Change:
        config = self.config()
        async with self.lock:
            index = await asyncio.to_thread(self.index.read, config)
            path = self._file_of(config, request.url, index.entries)
            text = path.read_text(encoding="utf-8")
            before = self.properties(config, text)
            after = apply_update(before, request)
            old = _front_of(before, config)
            new_front = _front_of(after, config)
            changes = _changed(old, new_front)
            new = NewFiles()
            if old.photos != new_front.photos:
                when = old.fields["date"]
                assert isinstance(when, datetime)
                photos = await store_photos(config, new_front.photos, [], when, new)
                changes["photo"] = photos or None
            body = new_front.body if new_front.body != old.body else None
            if not changes and body is None:
                entry = checked_entry(config, path, text, index)
                return Change(entry.url, (), "")
            changes["updated"] = _now(config)
            comments = {"title": frontedit.GENERATED} if new_front.generated_title else {}
            edited = frontedit.edit(text, changes, body, comments)
            entry = checked_entry(config, path, edited, index)
            await asyncio.to_thread(_write_all, new.files, path, edited, replace=True)
        old_url = _url_of(request.url)
        paths = (*(p for p, _ in new.files), path)
        return Change(entry.url, paths, f"Update: {entry.title}", moved=entry.url != old_url)

    async def set_deleted(self, url: str | None, deleted: bool) -> Change:
        """Delete (a tombstone: ``deleted: true``) or undelete an entry."""
        config = self.config()
        async with self.lock:
            index = await asyncio.to_thread(self.index.read, config)
            path = self._file_of(config, url, index.entries)
            text = path.read_text(encoding="utf-8")
            edited = frontedit.edit(text, {"deleted": True if deleted else None})
            entry = checked_entry(config, path, edited, index)
            if edited != text:
                await asyncio.to_thread(atomic_write, path, edited)
        what = "Delete" if deleted else "Undelete"
        return Change(entry.url, (path,) if edited != text else (), f"{what}: {entry.title}")

    async def source(self, url: str | None) -> tuple[dict[str, list[Any]], Path]:
        """The properties of the entry at `url`, and its file."""
        config = self.config()
        index = await asyncio.to_thread(self.index.read, config)
        path = self._file_of(config, url, index.entries)
        return self.properties(config, path.read_text(encoding="utf-8")), path

    def properties(self, config: Config, text: str) -> dict[str, list[Any]]:
        front, body = frontedit.split(text)
        try:
            data = load_yaml("\n".join(front)).data or {}
        except YamlSyntaxError:
            raise MicropubError("the entry's front matter cannot be read", status=500) from None
        generated = frontedit.is_generated_title(text)
        return from_front(data, body.lstrip("\n"), generated, config)

    def _file_of(self, config: Config, url: str | None, entries: dict[str, str]) -> Path:
        if not url:
            raise invalid("the request needs the url of the post")
        wanted = _url_of(url)
        rel = entries.get(wanted) or entries.get(wanted.rstrip("/") + "/")
        if rel is None:
            raise invalid(f"there is no post at {url} on this blog")
        return config.root / rel

    async def upload(self, request: MicropubRequest) -> tuple[str, Path]:
        """The media endpoint's file, stored; its URL and path."""
        config = self.config()
        files = [u for u in request.uploads if u.property == "file"]
        if len(files) != 1:
            raise invalid("send one file, in the multipart field named file")
        async with self.lock:
            new = NewFiles()
            address = await store_upload(config, files[0], _now(config), new)
            await asyncio.to_thread(_write_all, new.files, None, "")
        return config.base_url + address.lstrip("/"), new.files[0][0]

    async def _media(
        self, config: Config, front: Front, request: MicropubRequest, when: datetime, new: NewFiles
    ) -> None:
        refs = [*front.photos]
        for position, upload in enumerate(request.uploads):
            if upload.property == "photo":
                refs.append(PhotoRef(None, upload=position))
        if refs:
            front.fields["photo"] = await store_photos(config, refs, request.uploads, when, new)
        extra: dict[str, list[Any]] = {}
        for upload in request.uploads:
            if upload.property in ("video", "audio"):
                address = await store_upload(config, upload, when, new)
                extra.setdefault(upload.property, []).append(config.base_url + address.lstrip("/"))
        if extra:
            known = front.fields.get("properties")
            merged: dict[str, list[Any]] = dict(known) if isinstance(known, dict) else {}
            for name, urls in extra.items():
                merged[name] = [*merged.get(name, []), *urls]
            front.fields["properties"] = merged

    async def _bookmark_title(self, config: Config, front: Front) -> None:
        """A bookmark without a name gets its page's title, as ``plnpress new link`` does."""
        if not front.is_link or "title" in front.fields:
            return
        title, _ = await asyncio.to_thread(fetch_title, config, str(front.fields["bookmark_of"]))
        if title:
            front.fields["title"] = title


def apply_update(props: dict[str, list[Any]], request: MicropubRequest) -> dict[str, list[Any]]:
    """`props` after the request's ``replace``, ``add`` and ``delete`` (Micropub §3.4.2)."""
    result = {name: list(values) for name, values in props.items()}
    for name, values in request.replace.items():
        result[name] = list(values)
    for name, values in request.add.items():
        result.setdefault(name, []).extend(values)
    if isinstance(request.delete, list):
        for name in request.delete:
            result.pop(name, None)
    else:
        for name, values in request.delete.items():
            kept = [value for value in result.get(name, []) if value not in values]
            if kept:
                result[name] = kept
            else:
                result.pop(name, None)
    return {name: values for name, values in result.items() if values}


def _front_of(props: dict[str, list[Any]], config: Config) -> Front:
    props = dict(props)
    commands = {"post-status": props.pop("post-status")} if "post-status" in props else {}
    return to_front(props, commands, config)


def _changed(old: Front, new: Front) -> dict[str, FrontValue | None]:
    """The managed keys (photos aside) whose values differ (None: removed); a made-up title
    changes only with the text it was made from."""
    changes: dict[str, FrontValue | None] = {}
    for key in MANAGED - {"photo"}:
        if old.fields.get(key) != new.fields.get(key):
            changes[key] = new.fields.get(key)
    if "title" in changes and new.generated_title and old.generated_title and old.body == new.body:
        del changes["title"]
    return changes


def _taken(
    config: Config, front: Front, folder: Path, when: datetime, slug: str, outputs: dict[str, str]
) -> bool:
    """True if `slug` names an existing file or an address in use."""
    if slug_problem(slug) or entry_path(folder, when, slug).exists():
        return True
    pattern = config.site.permalinks.link if front.is_link else config.site.permalinks.post
    try:
        return locate(config, expand(pattern, slug, when)).output in outputs
    except PermalinkError:
        return True


def _inside_content(config: Config, path: Path) -> None:
    content = config.content_dir.resolve()
    if content not in path.parent.resolve().parents and path.parent.resolve() != content:
        raise MicropubError(f"{path} is outside content/", status=500, error="server_error")


def _write_all(
    files: list[tuple[Path, bytes]], entry: Path | None, text: str, replace: bool = False
) -> None:
    """Write new media files, then the entry (a new one never replaces a file)."""
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():  # chosen free a moment ago; never replace a file
            raise MicropubError(f"{path.name} appeared meanwhile; send again", status=409)
        atomic_write(path, data)
    if entry is None:
        return
    if not replace and entry.exists():
        raise MicropubError(f"{entry.name} appeared meanwhile; send again", status=409)
    atomic_write(entry, text)


def _ordered(fields: dict[str, FrontValue]) -> list[tuple[str, FrontValue]]:
    return [(key, fields[key]) for key in ORDER if key in fields]


def _kind(front: Front) -> str:
    return "link" if front.is_link else "post"


def _url_of(url: str | None) -> str:
    return (url or "").split("#", 1)[0]


def _now(config: Config) -> datetime:
    return config.now().astimezone(config.site.timezone).replace(microsecond=0)
