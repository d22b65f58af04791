"""The guard as a network backend, with a fake resolver and a fake socket layer."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore
import pytest

from plnpress.fetch.guard import AddressRefused, GuardedBackend


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Pretends to connect; records which address each connection went to."""

    def __init__(self, failing: Iterable[str] = ()) -> None:
        self.connected: list[tuple[str, int]] = []
        self.failing = set(failing)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connected.append((host, port))
        if host in self.failing:
            raise httpcore.ConnectError(f"connection to {host} refused")
        return httpcore.AsyncMockStream([])


class RebindingResolver:
    """A DNS that answers differently each time it is asked (the rebinding attack)."""

    def __init__(self, *answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls += 1
        return self.answers.pop(0)


def test_connects_to_the_address_it_checked() -> None:
    inner = RecordingBackend()
    resolver = RebindingResolver(["93.184.215.14"], ["127.0.0.1"])
    backend = GuardedBackend(resolver=resolver, inner=inner)
    asyncio.run(backend.connect_tcp("rebind.example", 80))
    # Resolved once; the socket went to the checked address, not to a name resolved again.
    assert resolver.calls == 1
    assert inner.connected == [("93.184.215.14", 80)]


def test_second_connection_resolves_and_checks_again() -> None:
    inner = RecordingBackend()
    resolver = RebindingResolver(["93.184.215.14"], ["127.0.0.1"])
    backend = GuardedBackend(resolver=resolver, inner=inner)
    asyncio.run(backend.connect_tcp("rebind.example", 80))
    with pytest.raises(AddressRefused) as refused:
        asyncio.run(backend.connect_tcp("rebind.example", 80))
    assert refused.value.address == "127.0.0.1"
    assert "rebind.example resolves to 127.0.0.1 (loopback" in str(refused.value)
    assert inner.connected == [("93.184.215.14", 80)]


def test_refuses_when_any_resolved_address_is_refused() -> None:
    inner = RecordingBackend()
    backend = GuardedBackend(resolver=RebindingResolver(["93.184.215.14", "10.0.0.5"]), inner=inner)
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.5 \(private"):
        asyncio.run(backend.connect_tcp("mixed.example", 443))
    assert inner.connected == []


def test_tries_the_next_checked_address_when_one_fails() -> None:
    inner = RecordingBackend(failing=["2606:4700::1"])
    resolver = RebindingResolver(["2606:4700::1", "93.184.215.14"])
    backend = GuardedBackend(resolver=resolver, inner=inner)
    asyncio.run(backend.connect_tcp("dual.example", 443))
    assert inner.connected == [("2606:4700::1", 443), ("93.184.215.14", 443)]


def test_without_a_check_any_address_is_used_but_still_resolved_once() -> None:
    inner = RecordingBackend()
    resolver = RebindingResolver(["127.0.0.1"])
    backend = GuardedBackend(check=None, resolver=resolver, inner=inner)
    asyncio.run(backend.connect_tcp("localhost", 8000))
    assert inner.connected == [("127.0.0.1", 8000)]


def test_resolution_failure_is_a_connect_error() -> None:
    async def broken(host: str, port: int) -> Sequence[str]:
        raise OSError("Name or service not known")

    backend = GuardedBackend(resolver=broken, inner=RecordingBackend())
    with pytest.raises(httpcore.ConnectError, match=r"cannot resolve nowhere\.invalid"):
        asyncio.run(backend.connect_tcp("nowhere.invalid", 80))


def test_empty_resolution_is_a_connect_error() -> None:
    backend = GuardedBackend(resolver=RebindingResolver([]), inner=RecordingBackend())
    with pytest.raises(httpcore.ConnectError, match="no addresses"):
        asyncio.run(backend.connect_tcp("empty.example", 80))


def test_unix_sockets_are_refused() -> None:
    backend = GuardedBackend(inner=RecordingBackend())
    with pytest.raises(AddressRefused, match="Unix socket"):
        asyncio.run(backend.connect_unix_socket("/run/docker.sock"))
