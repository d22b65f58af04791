"""``sitemap.xml`` (every public page of the plan) and a ``robots.txt`` that names it.

A file of the same name in ``content/static/`` wins: the writer's own robots.txt or sitemap is
copied instead of generated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

from plnpress.config import Config
from plnpress.model import Site
from plnpress.model.permalinks import url_path
from plnpress.output.files import OutputFile
from plnpress.render.feeds import XML_DECLARATION, public_entries
from plnpress.render.plan import PageJob

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NOT_LISTED = {"404", "tombstone", "alias"}


def render_sitemap(site: Site, jobs: Sequence[PageJob]) -> list[OutputFile]:
    """The sitemap and robots.txt, unless the writer ships their own in ``content/static/``."""
    own = {static.output for static in site.static_files}
    config = site.config
    files = []
    if SITEMAP not in own:
        files.append(OutputFile(SITEMAP, sitemap_xml(config, jobs)))
    if ROBOTS not in own:
        files.append(OutputFile(ROBOTS, robots_txt(config).encode("utf-8")))
    return files


def listed_in_sitemap(job: PageJob) -> bool:
    """Public pages only: no 404, tombstones or aliases, no drafts or future entries (in preview
    builds)."""
    if job.kind in _NOT_LISTED:
        return False
    return not (job.kind == "entry" and not public_entries(job.entries))


def page_url(config: Config, permalink: str) -> str:
    """The absolute URL of a planned page, percent-encoded as sitemaps require."""
    path = quote(url_path(config.base_path, permalink), safe="/:@!$&'()*+,;=-._~%")
    return config.origin + path


def _last_modified(job: PageJob) -> datetime | None:
    entries = public_entries(job.entries)
    return max((e.last_modified for e in entries), default=None)


def sitemap_xml(config: Config, jobs: Sequence[PageJob]) -> bytes:
    """A sitemap of every listed page; ``lastmod`` is the newest entry the page shows.

    Written as text (the layout ElementTree's indent gives): a big blog has thousands of pages.
    """
    lines = [XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}">']
    for job in jobs:
        if not listed_in_sitemap(job):
            continue
        lines.append(f"  <url>\n    <loc>{_text(page_url(config, job.permalink))}</loc>")
        modified = _last_modified(job)
        if modified is not None:
            lines.append(f"    <lastmod>{modified.isoformat(timespec='seconds')}</lastmod>")
        lines.append("  </url>")
    if len(lines) == 1:
        return (XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}" />\n').encode("utf-8")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def robots_txt(config: Config) -> str:
    """Allow everything and point crawlers at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {page_url(config, '/' + SITEMAP)}\n"
