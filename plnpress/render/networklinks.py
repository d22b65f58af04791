"""Where the network pages live: one place for the paths that pages link to and the build writes."""

from __future__ import annotations

NETWORK = "/network/"
"""The directory of people who responded and sites the blog links to."""
NETWORK_JSON = "/network.json"
"""The same directory as data."""
BLOGROLL = "/blogroll/"
"""The writer's blogroll, one h-card per person."""
BLOGROLL_OPML = "/blogroll.opml"
"""The blogroll as OPML 2.0, for feed readers to import in one step."""
READING = "/reading/"
"""The newest entries of the people on the blogroll (``plnpress read``)."""
