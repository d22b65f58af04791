"""``plnpress import wordpress``: a WordPress export (WXR 1.0, 1.1, 1.2) into the blog.

The export is read twice, as a stream (never as a tree): once to know it, once to write it.

- `run`: the whole import, top to bottom (``import_wordpress``);
- `export`: the file fed to expat through defusedxml, a chunk at a time, as `Item`s (entities
  and external entities refused; the line of any trouble);
- `scan`: the first reading: every attachment, every post and page with its slug, date, state
  and old addresses, so their files and addresses are settled before anything is written;
- `items`: what an item becomes (state from status and password, dates, slugs, terms, old
  addresses; a page's permalink);
- `writer`: the second reading: a few posts at a time, their files fetched, each written
  through the shared importer pieces (``importers.write``), its comments kept;
- `body` -> `shortcodes` and `media_shortcodes` (WordPress's shortcodes to HTML) -> `autop`
  (the classic editor's paragraphs) -> `markdown` (markdownify, with plnpress's choices);
- `media`: which addresses are the old site's files, where they go, fetching them through
  `plnpress.fetch`;
- `comments`: comments, pingbacks and trackbacks as responses in ``content/mentions/``.
"""
