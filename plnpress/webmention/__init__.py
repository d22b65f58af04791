"""Webmentions out and in, and WebSub: the network work of ``plnpress webmention`` and ``ping``.

Every request goes through the guarded client in :mod:`plnpress.fetch`; nothing here renders a
page. The parts depend one way: ``send`` -> ``websub`` -> ``live`` -> ``notification`` and
``entry_hash``; ``harvest`` stands alone (the receiver and ``plnpress check`` use its parts too).
``tests/test_layers.py`` keeps it so.

- `send/`: ``plnpress webmention send``, telling every page the blog links to.
  `send.run` (the whole run, read top to bottom: ``send(config, options)``) ->
  `send.targets` (which entries link where) -> `send.plan` (what this run sends, against the sent
  log) -> `send.one_target` (one source to one target: discover, notify or ping, retry) ->
  `send.discovery` (the target's endpoint), `send.pingback` (the fallback);
  `send.sent_log` (what was sent, in memory) and `send.sent_log_yaml` (it as
  ``content/mentions/_sent.yaml``); `send.copies` (Bridgy Publish's copies into front matter).
- `harvest/`: ``plnpress webmention pull`` and ``add``, bringing responses into
  ``content/mentions/``. `harvest.run` (``pull`` and ``add``) -> `harvest.workset` (one run's
  archive, state and entry URLs) -> where mentions come from: `harvest.webmention_io`,
  `harvest.receiver_export` (the blog's own receiver) -> `harvest.verify` (one source, checked:
  `harvest.source_page`, `harvest.microformats`) -> `mentions.avatars` (photos kept locally).
- `websub/`: ``plnpress ping``: `websub.run` (which topics changed, telling the hub) and
  `websub.state` (``content/mentions/_websub.yaml``).
- Shared by ``send`` and ``websub``: `notification` (one POST, its answer classified, retries),
  `live` (``--wait-live``: polling the deployed page), `entry_hash` (the fingerprint of what a
  receiver would show).
"""
