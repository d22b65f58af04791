"""The content model: frozen values the renderers and the Webmention tools read."""

from plnpress.model.entry import Cited, Entry, EntryKind, Location, Page, StaticFile
from plnpress.model.site import ArchiveMonth, Site, Taxon

__all__ = [
    "ArchiveMonth",
    "Cited",
    "Entry",
    "EntryKind",
    "Location",
    "Page",
    "Site",
    "StaticFile",
    "Taxon",
]
