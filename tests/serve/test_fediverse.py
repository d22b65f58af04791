"""``plnpress serve`` answers Bridgy Fed's ``_redirects`` rules as the host will: the
fediverse's WebFinger and host-meta look-ups go on to Bridgy Fed, query string and all."""

from __future__ import annotations

import httpx

from tests.serve.conftest import StartServer

CONFIG = """\
title: Followed
base_url: https://example.org/
timezone: UTC
author:
  name: Ada Example
fediverse:
  bridgy_fed: true
"""


def test_webfinger_and_host_meta_go_on_to_bridgy_fed(
    start_server: StartServer, client: httpx.Client
) -> None:
    served = start_server({"plnpress.yaml": CONFIG})
    origin = served.origin

    finger = client.get(f"{origin}/.well-known/webfinger?resource=acct:example.org@example.org")
    meta = client.get(f"{origin}/.well-known/host-meta.json")

    assert finger.status_code == 302
    assert finger.headers["location"] == (
        "https://fed.brid.gy/.well-known/webfinger?resource=acct:example.org@example.org"
    )
    assert meta.status_code == 302
    assert meta.headers["location"] == "https://fed.brid.gy/.well-known/host-meta.json"
    assert client.get(f"{origin}/").status_code == 200  # the rest of the site as it was
