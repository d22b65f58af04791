"""Rendering: the site model to pages, feeds and files, all in memory (Markdown is rendered
earlier, while content loads: :mod:`plnpress.content.markdown`)."""
