"""Photos of a post, each made a file of the blog: an upload, or a URL fetched once.

A photo that is already the blog's own (``<base_url>media/...``, or a path under
``content/static/``) is used where it is. Any other URL is fetched through the guarded client
(`plnpress.fetch`: timeouts, a size cap of ``micropub.max_upload``, no private addresses) and
stored like an upload, so the post never depends on another site keeping the picture.
Nothing is written here: the caller writes the files once the post itself has passed the build's
checks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from plnpress.config import Config
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.fetch.policy import policy_for
from plnpress.micropub.errors import invalid
from plnpress.micropub.media import Media, examine, media_path
from plnpress.micropub.properties import PhotoRef
from plnpress.micropub.request import Upload

FETCH_SECONDS = 30.0


@dataclass(slots=True)
class NewFiles:
    """Files chosen for a change, written only once it is known to be good."""

    files: list[tuple[Path, bytes]]
    reserved: set[Path]

    def __init__(self) -> None:
        self.files = []
        self.reserved = set()

    def add(self, config: Config, when: datetime, name: str, media: Media) -> str:
        """Choose a place for `media`; its address on the site."""
        path, address = media_path(
            config.content_dir / "static", when, name, media.extension, self.reserved
        )
        self.files.append((path, media.data))
        return address


def own_path(config: Config, url: str) -> str | None:
    """The site path of `url` if it is a file the blog already has in ``content/static/``."""
    path = url
    if url.startswith(config.base_url):
        path = "/" + url[len(config.base_url) :]
    elif url.startswith(config.base_path) and url.startswith("/"):
        path = "/" + url[len(config.base_path) :]
    if not path.startswith("/") or path.startswith("//"):
        return None
    relative = PurePosixPath(unquote(urlsplit(path).path).lstrip("/"))
    if ".." in relative.parts or not relative.parts:
        return None
    static = (config.content_dir / "static").resolve()
    file = (static / relative).resolve()
    if static not in file.parents or not file.is_file():
        return None
    return "/" + relative.as_posix()


async def store_photos(
    config: Config,
    refs: list[PhotoRef],
    uploads: list[Upload],
    when: datetime,
    new: NewFiles,
) -> list[str | dict[str, str]]:
    """The ``photo:`` values for `refs` (uploads by index into `uploads`)."""
    max_upload = config.site.micropub.max_upload
    values: list[str | dict[str, str]] = []
    for ref in refs:
        if ref.upload is not None:
            upload = uploads[ref.upload]
            media = _image(examine(upload.data, max_upload), upload.filename)
            address = new.add(config, when, upload.filename or "photo", media)
        else:
            assert ref.url is not None
            address = own_path(config, ref.url) or await _fetched(config, ref.url, when, new)
        values.append({"url": address, "alt": ref.alt} if ref.alt else address)
    return values


async def store_upload(config: Config, upload: Upload, when: datetime, new: NewFiles) -> str:
    """A video, sound or image file of a post or of the media endpoint."""
    media = examine(upload.data, config.site.micropub.max_upload)
    return new.add(config, when, upload.filename or "file", media)


async def _fetched(config: Config, url: str, when: datetime, new: NewFiles) -> str:
    max_upload = config.site.micropub.max_upload
    policy = replace(policy_for(config), max_bytes=max_upload, total_timeout=FETCH_SECONDS)
    try:
        async with GuardedClient(policy, max_concurrency=2) as http:
            result = await http.get(url, accept="image/*")
    except FetchError as exc:
        raise invalid(f"photo {url} could not be fetched: {exc}") from None
    if not result.ok:
        raise invalid(f"photo {url} could not be fetched: it answered {result.status}")
    if result.truncated:
        raise invalid(f"photo {url} is larger than micropub.max_upload ({max_upload} bytes)")
    media = _image(examine(result.body, max_upload), url)
    name = PurePosixPath(unquote(urlsplit(result.final_url).path)).name or "photo"
    return new.add(config, when, name, media)


def _image(media: Media, name: str) -> Media:
    if not media.is_image:
        raise invalid(f"photo {name or ''} is not an image".replace("  ", " "))
    return media
