"""The receiver for any ASGI server, configured by the environment::

    PLNPRESS_RECEIVER_BASE_URL=https://example.org/ PLNPRESS_RECEIVER_DB=/var/lib/wm/db.sqlite3 \\
        uvicorn plnpress.receiver.asgi:app --host 127.0.0.1 --port 8025

Every ``PLNPRESS_RECEIVER_*`` variable is listed in docs/receiver.md.
"""

from __future__ import annotations

import os

from plnpress.receiver.app import make_app
from plnpress.receiver.settings import ReceiverSettings

app = make_app(ReceiverSettings.from_env(os.environ))
