"""``plnpress webmention pull`` and ``add``: verified responses into ``content/mentions/``
(see :mod:`plnpress.webmention`)."""
