"""``plnpress ping``: tell the WebSub hub which feeds changed (see :mod:`plnpress.webmention`)."""
