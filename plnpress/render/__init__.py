"""Rendering: Markdown to HTML, and the site model to pages, feeds and files, all in memory."""
