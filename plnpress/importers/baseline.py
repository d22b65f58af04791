"""The sent log, marked as if every link of every published entry had been notified.

A blog brought from elsewhere has years of links that were notified long ago (or never will be
worth notifying). Without this, the first ``plnpress webmention send`` after a move would send
one Webmention per link of every old post. After every import, and with
``plnpress webmention send --mark-sent``, each (entry, target) pair that the next send would
notify is written to the sent log as sent, with the entry as it is now; nothing goes out. The
next send then notifies only what changes later: new entries, edited ones, deletions.
"""

from __future__ import annotations

from collections.abc import Collection

from plnpress.clock import Clock, utc_now
from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.errors import ProblemLog
from plnpress.webmention.send.plan import plan_sends
from plnpress.webmention.send.sent_log import Attempt, Result
from plnpress.webmention.send.sent_log_yaml import append_to_sent_log, read_sent_log
from plnpress.webmention.send.targets import TargetRules, sources_of

MARKED = "marked as sent without sending (plnpress import or webmention send --mark-sent)"
"""The message each marked attempt carries in the sent log."""


def baseline_sent_log(
    config: Config,
    *,
    files: Collection[str] | None = None,
    strict: bool = True,
    clock: Clock = utc_now,
) -> int:
    """Mark every pair the next send would notify as sent; return how many were marked.

    With ``files`` (paths relative to the blog folder), only the entries read from those files
    are marked: an import marks what it wrote, not a post the writer has yet to announce.

    With ``strict``, a problem in any content file stops it (``ProblemsError``), as it stops a
    send; without (after an import), entries that do not load are left for the writer to fix
    and are not marked.
    """
    problems = ProblemLog()
    site = load_site(config, ContentOptions(), problems)
    if strict:
        problems.raise_if_errors("Marking as sent")
    log = read_sent_log(config.root)
    sources = [s for s in sources_of(site) if files is None or s.entry.source in files]
    plan = plan_sends(sources, log, TargetRules.from_config(config))
    at = clock().replace(microsecond=0)
    marked = [
        (
            (send.source.url, send.target),
            Attempt(at=at, entry_hash=send.source.fingerprint, result=Result.SENT, message=MARKED),
        )
        for send in plan.sends
    ]
    append_to_sent_log(config.root, marked)
    return len(marked)
