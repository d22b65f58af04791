"""Pingback 1.0 as a fallback when a target has a Pingback server but no Webmention endpoint.

The XML-RPC call ``pingback.ping(source, target)`` goes through the guarded client like any
other fetch; only the payload is built and read with `xmlrpc.client`'s ``dumps``/``loads``, never
its own transport, which has no address guard, size cap or time budget. The answer is read
through the same capped body reader, and Python's expat refuses entity-expansion bombs.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Callable
from datetime import datetime
from xml.parsers.expat import ExpatError

from plnpress.clock import utc_now
from plnpress.fetch.client import GuardedClient
from plnpress.fetch.errors import FetchError
from plnpress.webmention.notification import NotifyResult, Outcome, classify, failure

FAULTS: dict[int, str] = {
    0x00: "generic fault",
    0x10: "the source URI does not exist",
    0x11: "the source URI does not contain a link to the target URI",
    0x20: "the specified target URI does not exist",
    0x21: "the specified target URI cannot be used as a target",
    0x30: "the pingback has already been registered",
    0x31: "access denied",
    0x32: "the server could not communicate with an upstream server",
}
"""Pingback 1.0's fault codes and what they mean."""

ALREADY_REGISTERED = 0x30
UPSTREAM_ERROR = 0x32


async def send_pingback(
    client: GuardedClient,
    server: str,
    source: str,
    target: str,
    *,
    now: Callable[[], datetime] | None = None,
) -> NotifyResult:
    """Call ``pingback.ping(source, target)`` on `server`; never raises `FetchError`.

    Success is a non-fault answer, or fault 0x30 (already registered: the ping arrived before).
    Fault 0x32 (an upstream server failed) is worth retrying; other faults are permanent.
    """
    payload = xmlrpc.client.dumps((source, target), methodname="pingback.ping", encoding="utf-8")
    try:
        response = await client.post(
            server, payload.encode("utf-8"), content_type="text/xml", accept="text/xml"
        )
    except FetchError as exc:
        return failure(server, source, target, exc)
    if not response.ok:
        return classify(server, source, target, response, now=(now or utc_now)())
    try:
        (answer,), _method = xmlrpc.client.loads(response.body)
    except xmlrpc.client.Fault as fault:
        return _from_fault(server, source, target, fault, response.status)
    except (ExpatError, xmlrpc.client.ResponseError, ValueError, TypeError) as exc:
        return NotifyResult(
            server,
            source,
            target,
            Outcome.PERMANENT,
            f"{response.final_url} did not answer with an XML-RPC response: {exc}",
            status=response.status,
        )
    said = answer if isinstance(answer, str) else repr(answer)
    return NotifyResult(
        server,
        source,
        target,
        Outcome.SUCCESS,
        f"{response.final_url} accepted the pingback: {said}",
        status=response.status,
    )


def fault_meaning(code: int) -> str:
    """What Pingback fault `code` means, in words."""
    return FAULTS.get(code, f"unknown fault code {code:#x}")


def _from_fault(
    server: str, source: str, target: str, fault: xmlrpc.client.Fault, status: int
) -> NotifyResult:
    code = fault.faultCode if isinstance(fault.faultCode, int) else -1
    if code == ALREADY_REGISTERED:
        outcome = Outcome.SUCCESS
    elif code == UPSTREAM_ERROR:
        outcome = Outcome.RETRYABLE
    else:
        outcome = Outcome.PERMANENT
    detail = f" ({fault.faultString})" if fault.faultString else ""
    return NotifyResult(
        server,
        source,
        target,
        outcome,
        f"{server} answered fault {code:#x}: {fault_meaning(code)}{detail}",
        status=status,
        fault_code=code,
    )
