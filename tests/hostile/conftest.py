"""The receiver's and the harvester's fixtures, for the hostile sources here."""

from __future__ import annotations

from tests.harvest.conftest import make_blog  # noqa: F401 (fixtures)
from tests.receiver.conftest import built_site, receiver  # noqa: F401 (fixtures)
from tests.webmention.conftest import local_server, make_server  # noqa: F401 (fixtures)
