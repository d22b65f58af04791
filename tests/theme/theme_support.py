"""Helpers for the theme tests: built sites to read, parse and serve.

(A plain module with a distinctive name, so it never clashes with another test folder's helpers.)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import mf2py
from bs4 import BeautifulSoup

from plnpress.build import BuildOptions, BuildResult, build
from plnpress.check.links import SiteAddress
from plnpress.config import load_config

REPO = Path(__file__).resolve().parents[2]
PINNED_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, as in tests/conftest.py


def shipped_csp() -> str:
    """The Content-Security-Policy this repository's ``netlify.toml`` sends with every page."""
    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    for rule in netlify["headers"]:
        if rule["for"] == "/*":
            policy: str = rule["values"]["Content-Security-Policy"]
            return policy
    raise AssertionError("netlify.toml sends no Content-Security-Policy for /*")


CSP = shipped_csp()


def build_site(root: Path, **options: Any) -> BuiltSite:
    """Build through the public API inside a test (where "now" is already pinned)."""
    return BuiltSite.of(build(load_config(root), BuildOptions(**options)))


def build_pinned(root: Path, output: Path | None = None, **options: Any) -> BuildResult:
    """Build with "now" pinned, also outside a test function (for session fixtures); with
    ``base_url=``, for that address (as ``plnpress build --base-url`` does)."""
    base_url: str | None = options.pop("base_url", None)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    try:
        return build(load_config(root, base_url), BuildOptions(output=output, **options))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@dataclass(frozen=True)
class BuiltSite:
    """A built site and how to read it as a visitor or a microformats parser would."""

    output: Path
    base_url: str

    @classmethod
    def of(cls, result: BuildResult) -> BuiltSite:
        return cls(result.output_dir, result.site.config.base_url)

    def text(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def soup(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(rel), "html.parser")

    def url_of(self, rel: str) -> str:
        """The public URL of an output file (``a/index.html`` -> ``{base}a/``)."""
        return SiteAddress(self.base_url).page_url(rel)

    def mf2(self, rel: str) -> dict[str, Any]:
        parsed: dict[str, Any] = mf2py.parse(doc=self.text(rel), url=self.url_of(rel))
        return parsed

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.output).as_posix() for p in self.output.rglob("*.html"))

    def file_for_url(self, url: str) -> str:
        """The output file behind a public URL of this site."""
        assert url.startswith(self.base_url), url
        rel = unquote(url[len(self.base_url) :].split("#")[0])
        return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def items_of_type(parsed: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Every microformat of ``kind`` anywhere in a parse: top level, children and properties."""
    found: list[dict[str, Any]] = []

    def walk(item: dict[str, Any]) -> None:
        if kind in item.get("type", []):
            found.append(item)
        for child in item.get("children", []):
            walk(child)
        for values in item.get("properties", {}).values():
            for value in values:
                if isinstance(value, dict) and "type" in value:
                    walk(value)

    for item in parsed["items"]:
        walk(item)
    return found


def value_of(value: Any) -> Any:
    """A property value without mf2py's wrappers (``{"value": url, "alt": ...}`` for photos)."""
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    picture_delay = 0.0
    """Seconds each picture's bytes are held back (its headers go out at once)."""

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + route[len(self.prefix) :])

    def copyfile(self, source: Any, outputfile: Any) -> None:
        if self.picture_delay and urlsplit(self.path).path.endswith((".jpg", ".png", ".webp")):
            self.wfile.flush()
            time.sleep(self.picture_delay)  # as on a slow line
        shutil.copyfileobj(source, outputfile)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read responses, not the log."""


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/", picture_delay: float = 0.0) -> Iterator[str]:
    """Serve ``directory`` under ``prefix`` on 127.0.0.1 with the shipped CSP (pictures
    ``picture_delay`` seconds late); yields the origin."""
    handler = type("Handler", (_Handler,), {"prefix": prefix, "picture_delay": picture_delay})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
