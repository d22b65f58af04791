"""What a check of a source does to its row: the receiver's side of Webmention §3.2.4.

- the source links to the target: ``verified``; the export reports it if it is new or changed
  (a check that finds the same response again reports nothing, so repeats are idempotent);
- it answers 410 Gone or no longer links: a verified response becomes ``deleted`` (and the
  export reports the deletion); one never verified is ``rejected``;
- it cannot be reached for now (a timeout, a 5xx, a 429): tried again after each of the
  configured delays, then ``rejected``;
- anything else (a 404, not a web page, a refused address): ``rejected`` with the reason. A
  response verified before stays in the export, as ``pull --refresh`` keeps it: only its own
  author can delete it.
"""

from __future__ import annotations

from plnpress.receiver.jf2 import entry_of
from plnpress.receiver.store import Mention, Settlement, State
from plnpress.webmention.harvest.verify import Outcome, Verification


def settle(
    mention: Mention, verification: Verification, *, now: float, retry_delays: tuple[float, ...]
) -> Settlement:
    """The row's new state after `verification` of `mention`'s current request."""
    if verification.outcome is Outcome.VERIFIED and verification.response is not None:
        entry = entry_of(verification.response)
        fresh = mention.change_kind is not State.VERIFIED or entry != mention.entry
        return Settlement(State.VERIFIED, "", entry=entry, change=State.VERIFIED if fresh else None)
    reason = _why(verification.reason)
    if verification.outcome in (Outcome.GONE, Outcome.NO_LINK):
        if mention.change_kind is State.VERIFIED:
            return Settlement(State.DELETED, reason, change=State.DELETED)
        return Settlement(State.REJECTED, reason)
    if verification.temporary and mention.attempts < len(retry_delays):
        delay = retry_delays[mention.attempts]
        return Settlement(
            State.QUEUED,
            f"{reason}; trying again in {_duration(delay)}",
            due=now + delay,
            attempts=mention.attempts + 1,
        )
    return Settlement(State.REJECTED, reason, attempts=mention.attempts)


def _why(reason: str) -> str:
    """`Verification.reason` as a sentence about the source."""
    if reason.startswith(("answered", "says", "does not", "is ")):
        return f"the source {reason}"
    if reason.startswith("the source"):
        return reason
    return f"could not check the source: {reason}"


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"
