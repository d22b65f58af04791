from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address

import pytest

from plnpress.fetch.addresses import address_refusal
from tests.webmention.casefiles import read_cases


@pytest.mark.parametrize(("address", "verdict"), read_cases("addresses.txt", 2))
def test_address_verdict(address: str, verdict: str) -> None:
    reason = address_refusal(address)
    if verdict == "allow":
        assert reason is None
    else:
        assert reason is not None, f"{address} should be refused ({verdict})"
        assert verdict in reason


def test_accepts_address_objects() -> None:
    assert address_refusal(IPv4Address("127.0.0.1")) == "loopback address in 127.0.0.0/8"
    assert address_refusal(IPv6Address("2606:4700:4700::1111")) is None


def test_scope_id_does_not_hide_metadata_address() -> None:
    assert address_refusal("fd00:ec2::254%eth0") == "cloud metadata service (AWS, IPv6)"
