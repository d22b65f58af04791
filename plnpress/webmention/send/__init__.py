"""``plnpress webmention send``: notify every page the blog links to.

See :mod:`plnpress.webmention` for the map of its modules."""
