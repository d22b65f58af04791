"""``plnpress import``: bring a blog made elsewhere into this one.

Every importer reads its source into :class:`~plnpress.importers.entry.ImportedEntry` values and
hands them to :func:`~plnpress.importers.run.finish_import`, which does the rest the same way for
all of them. The modules, from the shared pieces up:

- ``entry``: what one imported entry, page or link is (front matter, body, old addresses, the
  files beside it) and the text of its Markdown file;
- ``ledger``: ``content/imported.yaml``, what earlier imports wrote, so that a second run changes
  nothing and never overwrites a file the writer edited since;
- ``addresses``: each entry's new address, and its old ones that become ``aliases``;
- ``write``: where each entry's file goes, and writing it (through the one atomic writer);
- ``baseline``: the sent log marked as if every current link had been notified (also
  ``plnpress webmention send --mark-sent``);
- ``report``: the counts, warnings and files kept, and the summary table;
- ``run``: write, baseline, report;
- the sources: ``sites/`` (Jekyll, Hugo, Pelican, Eleventy folders) and ``bookmarks``.
"""
