"""The first reading of the export: is it one, and what does it hold?

Before anything is written, the whole file is read once: a file that is not well-formed (or
declares an entity) stops the import here, with its line, and nothing has been written. This
pass also gathers what the second one needs before it meets it: every attachment (a gallery may
come before its pictures), and every post and page with its slug, date and old addresses, so
each entry's new address is settled, and links between posts can be rewritten, before the first
body is converted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from plnpress.config import Config
from plnpress.importers.entry import ImportedEntry, ImportedKind
from plnpress.importers.report import ImportReport
from plnpress.importers.wordpress.export import Channel, Export, Item
from plnpress.importers.wordpress.items import (
    KINDS,
    State,
    date_of,
    link_key,
    old_urls,
    page_permalink,
    slug_of,
    state_of,
    title_of,
)
from plnpress.importers.wordpress.media import Uploads
from plnpress.importers.wordpress.media_shortcodes import Attachment, Attachments

WHY_NOT_ENTRIES = {
    "attachment": "uploaded files, fetched where a post shows them",
    "nav_menu_item": "menu items",
    "revision": "earlier versions of posts",
}


@dataclass(slots=True)
class Scan:
    """What the first pass found."""

    channel: Channel = field(default_factory=Channel)
    attachments: Attachments = field(default_factory=Attachments)
    entries: list[ImportedEntry] = field(default_factory=list)
    """Every post and page to import, in file order, without its body yet."""
    states: dict[str, State] = field(default_factory=dict)
    """By origin (``export.xml:LINE``)."""
    titles: dict[str, str] = field(default_factory=dict)
    """By origin: the title, for a post or page that has one."""
    published_links: dict[str, str] = field(default_factory=dict)
    """Old address (see `link_key`) -> origin, for the published entries."""
    others: Counter[str] = field(default_factory=Counter)
    """Items that are not entries, by post type."""

    @property
    def uploads(self) -> Uploads:
        blog = (self.channel.link, self.channel.base_blog_url, self.channel.base_site_url)
        return Uploads.of(blog, self.attachments.urls)


def scan_export(export: Export, config: Config, report: ImportReport) -> Scan:
    """Read the whole export once (``ExportError`` if it cannot be read)."""
    scan = Scan()
    name = export.path.name
    for item in export.items():
        scan.channel = export.channel
        origin = f"{name}:{item.line}"
        if item.post_type == "attachment":
            scan.attachments.add(_attachment(item))
        elif item.post_type in KINDS:
            _entry(scan, item, origin, config, report)
        else:
            scan.others[item.post_type or "(no type)"] += 1
    scan.channel = export.channel
    if scan.attachments.by_id:
        scan.others["attachment"] = len(scan.attachments.by_id)
    for kind, count in sorted(scan.others.items()):
        why = WHY_NOT_ENTRIES.get(kind, "a post type that is not a post or page")
        report.skip(name, f"{count} item{'s' if count != 1 else ''} of type {kind} ({why})")
    return scan


def _entry(scan: Scan, item: Item, origin: str, config: Config, report: ImportReport) -> None:
    state = state_of(item)
    if not isinstance(state, State):
        report.skip(origin, state)
        return
    kind = KINDS[item.post_type]
    title = title_of(item)
    date = date_of(item, config.site.timezone)
    if date is None and kind is not ImportedKind.PAGE:
        report.skip(origin, "it has no date WordPress could publish it at")
        return
    report.count("posts" if kind is ImportedKind.POST else "pages")
    if state is not State.PUBLISHED:
        report.count("drafts" if state is State.DRAFT else "scheduled")
    permalink = page_permalink(item, scan.channel) if kind is ImportedKind.PAGE else None
    entry = ImportedEntry(
        kind=kind,
        origin=origin,
        slug=slug_of(item, title),
        date=date if kind is not ImportedKind.PAGE else None,
        front={"permalink": permalink} if permalink else {},
        body="",
        old_urls=old_urls(item, scan.channel),
    )
    scan.entries.append(entry)
    scan.states[origin] = state
    if title:
        scan.titles[origin] = title
    if state is State.PUBLISHED:
        for url in entry.old_urls:
            scan.published_links.setdefault(link_key(url), origin)


def _attachment(item: Item) -> Attachment:
    order = item.get("wp:menu_order")
    return Attachment(
        id=item.id,
        url=item.get("wp:attachment_url") or item.get("guid"),
        title=title_of(item),
        caption=item.get("excerpt:encoded"),
        alt=item.meta.get("_wp_attachment_image_alt", ""),
        parent=item.get("wp:post_parent"),
        order=int(order) if order.lstrip("-").isdigit() else 0,
    )
