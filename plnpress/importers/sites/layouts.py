"""Where each generator keeps what, and what its config says about addresses.

A :class:`Layout` lists a source folder's Markdown items (posts, drafts, pages, with the files of
their bundles), its static files, what is left out and why, and the old permalink patterns: read
from the generator's own config when it is there (``_config.yml``, Hugo's ``[permalinks]``,
``pelicanconf.py``), else its documented default; ``--old-permalink`` overrides either.
"""

from __future__ import annotations

import ast
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plnpress.content.naming import is_bundle_index
from plnpress.importers.sites import old_urls

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")
MEDIA = frozenset(
    ".jpg .jpeg .png .gif .webp .avif .svg .ico .bmp .tif .tiff .pdf .mp3 .m4a .ogg .oga .wav "
    ".mp4 .m4v .webm .ogv .mov .zip .gz .txt .csv .json .ipynb .py".split()
)
"""Files worth bringing along (pictures, media, documents, downloads); an old theme's CSS,
scripts and templates are not."""
NOT_IMPORTED = {
    ".rst": "reStructuredText is not read by plnpress; convert it to Markdown (pandoc -t gfm)",
    ".ipynb": "a Jupyter notebook; convert it (jupyter nbconvert --to markdown) and import again",
    ".adoc": "AsciiDoc is not read by plnpress; convert it to Markdown",
    ".org": "Org mode is not read by plnpress; convert it to Markdown (pandoc -t gfm)",
    ".html": "an HTML page made for the old theme; rewrite it as a Markdown page if you need it",
    ".njk": "a Nunjucks template of the old site; plnpress's theme makes its own pages",
    ".liquid": "a Liquid template of the old site; plnpress's theme makes its own pages",
}
_SKIPPED_FOLDERS = {"node_modules", "vendor", "_site", "public", "_includes", "_layouts", "_data"}


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One Markdown file of the old site."""

    path: Path
    rel: str
    """Relative to the source folder: the origin in messages."""
    inner: str
    """Relative to the content root, as the generator's addresses and references use it
    (``_posts/2016-01-01-a.md``, ``post/2019/a.md``, ``blog/a/index.md``)."""
    page: bool
    draft_folder: bool = False
    """In Jekyll's ``_drafts/``."""
    bundle: tuple[tuple[str, Path], ...] = ()
    """The files beside a bundle's ``index.md``: (path inside the bundle, file)."""


@dataclass(slots=True)
class Layout:
    generator: str
    root: Path
    """The folder the items' ``inner`` paths are relative to."""
    items: list[SourceItem] = field(default_factory=list)
    statics: list[tuple[str, Path]] = field(default_factory=list)
    """(path under ``content/static/``, file)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    other_files: int = 0
    """Files of the old theme and tools, not brought along."""
    patterns: dict[str, str] = field(default_factory=dict)
    """Old permalink pattern by section (``""``: every post)."""
    page_pattern: str | None = None
    config: str = "the generator's default"
    """Where the patterns come from, for the report."""


def jekyll(source: Path) -> Layout:
    layout = Layout("jekyll", source)
    config = _read_config(source, ("_config.yml", "_config.yaml"))
    if config is not None:
        name, data = config
        collections = data.get("collections")
        posts = collections.get("posts") if isinstance(collections, dict) else None
        pattern = posts.get("permalink") if isinstance(posts, dict) else None
        pattern = pattern or data.get("permalink")
        if isinstance(pattern, str):
            layout.patterns[""], layout.config = pattern, name
    layout.patterns.setdefault("", "date")
    for path, rel in _files(source):
        parts = rel.split("/")
        if path.suffix.lower() in MARKDOWN and ("_posts" in parts or parts[0] == "_drafts"):
            layout.items.append(
                SourceItem(path, rel, rel, False, draft_folder=parts[0] == "_drafts")
            )
        elif any(part.startswith("_") for part in parts[:-1]) or parts[-1].startswith("_"):
            layout.other_files += 1
        elif path.suffix.lower() in MARKDOWN and _has_front_matter(path):
            layout.items.append(SourceItem(path, rel, rel, True))
        else:
            _other(layout, path, rel, rel)
    return layout


def hugo(source: Path) -> Layout:
    content = source / "content" if (source / "content").is_dir() else source
    layout = Layout("hugo", content)
    config = _read_config(
        source,
        ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config.json",
         "config/_default/hugo.toml", "config/_default/config.toml"),
    )  # fmt: skip
    if config is not None:
        name, data = config
        permalinks = data.get("permalinks")
        if isinstance(permalinks, dict):
            posts = permalinks.get("page", permalinks)
            for section, pattern in posts.items():
                if isinstance(pattern, str):
                    layout.patterns[str(section)] = pattern
            layout.config = name
    layout.patterns.setdefault("", old_urls.HUGO_DEFAULT)
    _content_items(layout, content, top_level_pages=True)
    static = source / "static"
    if static.is_dir() and content != source:
        for path, rel in _files(static):
            layout.statics.append((rel, path))
    return layout


def pelican(source: Path) -> Layout:
    settings = _pelican_settings(source)
    content = source / str(settings.get("PATH", "content"))
    if not content.is_dir():
        content = source
    layout = Layout("pelican", content)
    if "ARTICLE_URL" in settings:
        layout.config = "pelicanconf.py"
    layout.patterns[""] = str(settings.get("ARTICLE_URL", old_urls.PELICAN_DEFAULT))
    layout.page_pattern = str(settings.get("PAGE_URL", "pages/{slug}.html"))
    page_paths = tuple(str(p) for p in settings.get("PAGE_PATHS", ["pages"]))
    static_paths = tuple(str(p) for p in settings.get("STATIC_PATHS", ["images"]))
    for path, rel in _files(content):
        if path.suffix.lower() in MARKDOWN and not rel.startswith(static_paths):
            layout.items.append(SourceItem(path, rel, rel, rel.startswith(page_paths)))
        else:
            _other(layout, path, rel, rel)
    return layout


def eleventy(source: Path) -> Layout:
    content = source
    if not any(p.suffix in MARKDOWN for p in source.iterdir() if p.is_file()):
        content = next((source / n for n in ("content", "src") if (source / n).is_dir()), source)
    layout = Layout("eleventy", content)
    layout.patterns[""] = old_urls.ELEVENTY_DEFAULT
    _content_items(layout, content, top_level_pages=False)
    return layout


LAYOUTS = {"jekyll": jekyll, "hugo": hugo, "pelican": pelican, "eleventy": eleventy}


def _content_items(layout: Layout, content: Path, top_level_pages: bool) -> None:
    """Hugo's and Eleventy's content folders: Markdown items, leaf bundles with their files,
    section list pages (``_index.md``) left out."""
    files = list(_files(content))
    bundles = {rel.rsplit("/", 1)[0] for _, rel in files if is_bundle_index(rel)}
    beside: dict[str, list[tuple[str, Path]]] = {}
    for path, rel in files:
        folder = _bundle_of(rel, bundles)
        if folder is not None and not is_bundle_index(rel) and path.suffix not in MARKDOWN:
            beside.setdefault(folder, []).append((rel[len(folder) + 1 :], path))
    for path, rel in files:
        name = rel.rsplit("/", 1)[-1]
        if name == "_index.md":
            layout.skipped.append((rel, "a section's list page: plnpress makes its own lists"))
        elif path.suffix.lower() in MARKDOWN:
            folder = rel.rsplit("/", 1)[0] if is_bundle_index(rel) else None
            page = top_level_pages and "/" not in (folder or rel)
            files_beside = tuple(beside.get(folder, ())) if folder else ()
            layout.items.append(SourceItem(path, rel, rel, page, bundle=files_beside))
        elif _bundle_of(rel, bundles) is None:
            _other(layout, path, rel, rel)


def _bundle_of(rel: str, bundles: set[str]) -> str | None:
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    while folder:
        if folder in bundles:
            return folder
        folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return None


def _other(layout: Layout, path: Path, rel: str, static_rel: str) -> None:
    suffix = path.suffix.lower()
    if suffix in NOT_IMPORTED and suffix not in MEDIA:
        layout.skipped.append((rel, NOT_IMPORTED[suffix]))
    elif suffix == ".ipynb":
        layout.skipped.append((rel, NOT_IMPORTED[suffix]))
        layout.statics.append((static_rel, path))  # still downloadable where a post linked it
    elif suffix in MEDIA:
        layout.statics.append((static_rel, path))
    else:
        layout.other_files += 1


def _files(top: Path) -> Iterator[tuple[Path, str]]:
    """Every file below ``top`` in a stable order, skipping hidden and tool folders."""
    for path in sorted(top.rglob("*")):
        rel = path.relative_to(top).as_posix()
        parts = rel.split("/")
        if any(p.startswith(".") or p in _SKIPPED_FOLDERS for p in parts) or not path.is_file():
            continue
        yield path, rel


def _has_front_matter(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4).rstrip(b"\r\n") == b"---"


def _read_config(source: Path, names: tuple[str, ...]) -> tuple[str, dict[str, Any]] | None:
    for name in names:
        path = source / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            if name.endswith(".toml"):
                data: Any = tomllib.loads(text)
            elif name.endswith(".json"):
                data = json.loads(text)
            else:
                data = yaml.safe_load(text)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            return name, data
    return None


def _pelican_settings(source: Path) -> dict[str, Any]:
    """The plain settings of ``pelicanconf.py`` (constants only: the file is read, never run)."""
    path = source / "pelicanconf.py"
    if not path.is_file():
        return {}
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        return {}
    found: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper():
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except (ValueError, SyntaxError, TypeError):
                    continue
    return found
