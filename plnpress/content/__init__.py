"""Content discovery and reading: files under ``content/`` become the model, their Markdown
rendered to HTML on the way (``markdown``, the only module importing markdown-it-py)."""

from plnpress.content.loader import ContentOptions, MarkdownRenderer, load_site

__all__ = ["ContentOptions", "MarkdownRenderer", "load_site"]
