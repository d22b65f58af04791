"""Pingback over httpx.MockTransport; one end-to-end ping is in test_discovery_e2e.py."""

from __future__ import annotations

import asyncio
import xmlrpc.client

import httpx
import pytest

from plnpress.fetch.client import GuardedClient
from plnpress.webmention.notification import NotifyResult, Outcome
from plnpress.webmention.send.pingback import FAULTS, fault_meaning, send_pingback

SOURCE = "https://me.example/post"
TARGET = "https://them.example/article"
SERVER = "https://them.example/xmlrpc.php"


def xml_response(body: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, headers={"Content-Type": "text/xml"}, text=body)


def fault(code: int, text: str = "") -> httpx.Response:
    return xml_response(xmlrpc.client.dumps(xmlrpc.client.Fault(code, text), methodresponse=True))


def ping(response: httpx.Response) -> tuple[NotifyResult, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    async def run() -> NotifyResult:
        async with GuardedClient(transport=httpx.MockTransport(handler)) as client:
            return await send_pingback(client, SERVER, SOURCE, TARGET)

    return asyncio.run(run()), seen


def test_sends_an_xml_rpc_call_with_source_and_target() -> None:
    ok = xmlrpc.client.dumps(("Ping registered",), methodresponse=True)
    result, (request,) = ping(xml_response(ok))
    assert result.ok
    assert result.message.endswith("accepted the pingback: Ping registered")
    assert request.method == "POST"
    assert request.headers["content-type"] == "text/xml"
    params, method = xmlrpc.client.loads(request.content)
    assert (method, params) == ("pingback.ping", (SOURCE, TARGET))


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (0x00, Outcome.PERMANENT),
        (0x10, Outcome.PERMANENT),
        (0x11, Outcome.PERMANENT),
        (0x20, Outcome.PERMANENT),
        (0x21, Outcome.PERMANENT),
        (0x30, Outcome.SUCCESS),
        (0x31, Outcome.PERMANENT),
        (0x32, Outcome.RETRYABLE),
        (0x99, Outcome.PERMANENT),
    ],
)
def test_fault_codes_are_reported_by_meaning(code: int, outcome: Outcome) -> None:
    result, _ = ping(fault(code, "server says so"))
    assert result.outcome is outcome
    assert result.fault_code == code
    assert fault_meaning(code) in result.message
    assert "(server says so)" in result.message


def test_every_pingback_fault_has_a_meaning() -> None:
    assert sorted(FAULTS) == [0x00, 0x10, 0x11, 0x20, 0x21, 0x30, 0x31, 0x32]
    assert fault_meaning(0x11) == "the source URI does not contain a link to the target URI"
    assert fault_meaning(0x45) == "unknown fault code 0x45"


def test_http_errors_are_classified_like_webmention_endpoints() -> None:
    result, _ = ping(httpx.Response(503, headers={"Retry-After": "10"}))
    assert (result.outcome, result.retry_after) == (Outcome.RETRYABLE, 10.0)
    result, _ = ping(httpx.Response(404))
    assert result.outcome is Outcome.PERMANENT


@pytest.mark.parametrize(
    "body", ["<html>not xml-rpc</html>", "", "<?xml version='1.0'?><methodResponse>"]
)
def test_a_non_xml_rpc_answer_is_a_permanent_failure(body: str) -> None:
    result, _ = ping(xml_response(body))
    assert result.outcome is Outcome.PERMANENT
    assert "did not answer with an XML-RPC response" in result.message


def test_entity_expansion_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]><methodResponse><params><param><value><string>&i;</string></value></param>"
        "</params></methodResponse>"
    )
    result, _ = ping(xml_response(bomb))
    assert result.outcome is Outcome.PERMANENT
    assert "did not answer with an XML-RPC response" in result.message


def test_network_failure() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset")

    async def run() -> NotifyResult:
        async with GuardedClient(transport=httpx.MockTransport(broken)) as client:
            return await send_pingback(client, SERVER, SOURCE, TARGET)

    assert asyncio.run(run()).outcome is Outcome.NETWORK
