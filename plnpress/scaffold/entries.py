"""``plnpress new post``, ``new page`` and ``new link``: files named and dated the way the build
reads them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from plnpress.atomic import atomic_write
from plnpress.config import Config
from plnpress.errors import PlnpressError
from plnpress.model.slugs import slugify
from plnpress.scaffold.entry_file import write_new_entry, yaml_value


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``."""
    return yaml_value(value)


def _timestamp(config: Config) -> datetime:
    return config.now().astimezone(config.site.timezone).replace(microsecond=0)


def _new_file(folder: Path, when: datetime, slug: str, text: str) -> Path:
    return write_new_entry(folder, when, slug, text)


def new_post(config: Config, title: str, slug: str | None = None, draft: bool = False) -> Path:
    """Create ``content/posts/YYYY-MM-DD-slug.md`` dated now in the site's timezone."""
    slug = slug or slugify(title)
    if not slug:
        raise PlnpressError(f"cannot make a slug from {title!r}; pass --slug")
    when = _timestamp(config)
    lines = [
        "---",
        f"title: {_yaml_text(title)}",
        f"date: {when.isoformat(sep=' ')}",
        "tags: []",
        *(["draft: true"] if draft else []),
        "---",
        "",
        "Write your post here, in Markdown.",
        "",
    ]
    return _new_file(config.content_dir / "posts", when, slug, "\n".join(lines))


def new_page(config: Config, title: str, slug: str | None = None, menu: int | None = None) -> Path:
    """Create ``content/pages/slug.md`` (pages have no date; the slug is their address)."""
    slug = slug or slugify(title)
    if not slug:
        raise PlnpressError(f"cannot make a slug from {title!r}; pass --slug")
    lines = [
        "---",
        f"title: {_yaml_text(title)}",
        *([f"menu: {menu}"] if menu is not None else []),
        "---",
        "",
        "Write your page here, in Markdown.",
        "",
    ]
    folder = config.content_dir / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    if path.exists():
        raise PlnpressError(f"{path} already exists; choose another title or --slug")
    atomic_write(path, "\n".join(lines))
    return path


def with_scheme(url: str) -> str:
    """``indieweb.org/Webmention`` -> ``https://indieweb.org/Webmention``: what a writer copies
    from an address bar often has no scheme."""
    text = url.strip()
    if "://" in text or text.lower().startswith(("mailto:", "javascript:", "data:")):
        return text
    return "https://" + text.removeprefix("//")


def new_link(
    config: Config, url: str, title: str, comment: str = "", slug: str | None = None
) -> Path:
    """Create ``content/links/YYYY-MM-DD-slug.md`` bookmarking ``url``."""
    slug = slug or slugify(title)[:60].strip("-") or "link"
    when = _timestamp(config)
    lines = [
        "---",
        f"title: {_yaml_text(title)}",
        f"bookmark_of: {_yaml_text(url)}",
        f"date: {when.isoformat(sep=' ')}",
        "tags: []",
        "---",
        "",
        comment or "Why this link is worth your time.",
        "",
    ]
    return _new_file(config.content_dir / "links", when, slug, "\n".join(lines))
