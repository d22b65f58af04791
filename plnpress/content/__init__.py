"""Content discovery and reading: files under ``content/`` become the model."""

from plnpress.content.loader import ContentOptions, MarkdownRenderer, load_site

__all__ = ["ContentOptions", "MarkdownRenderer", "load_site"]
