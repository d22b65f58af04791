"""The blogroll's network work: ``plnpress blogroll discover`` finds the feeds people's sites
advertise (`discover`, through `feedfinder` and the guarded client in :mod:`plnpress.fetch`).
Reading ``content/blogroll.yaml`` is :mod:`plnpress.content.blogroll`; the build shows it."""
