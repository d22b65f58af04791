"""``content/mentions/_sent.yaml``: the sent log as a committed, human-readable file.

Pairs are ordered by source and target, attempts oldest first and keys in a fixed order, so a run
changes the file only by adding lines and ``git diff`` shows what was sent. The file is replaced
atomically (a temporary file renamed over it), and a file that cannot be read is never written:
every problem in it is reported as ``file:line: message`` and the send stops, so a hand edit gone
wrong cannot make plnpress forget what it sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from plnpress.atomic import atomic_write_pieces
from plnpress.errors import ProblemLog, ProblemsError
from plnpress.schema import (
    Choice,
    Context,
    DateTime,
    HexHash,
    Int,
    Text,
    load_section,
)
from plnpress.schema import option as field_of
from plnpress.webmention.send.sent_log import Attempt, Pair, Result, SentLog
from plnpress.yamldoc import YamlDocument, YamlSyntaxError, load_yaml

SENT_LOG = "content/mentions/_sent.yaml"
"""Where the log lives, relative to the blog folder."""

VERSION = 1

HEADER = """\
# Webmentions sent by `plnpress webmention send`. Commit this file with your content: it is how
# plnpress knows what to send again when an entry changes or is deleted. Do not edit it by hand.
#
# For each source (a page of this blog) and target (a page it linked to), every attempt, oldest
# first: when (UTC), the hash of the entry as sent, the result, the endpoint (or pingback server),
# the HTTP status, the Location the endpoint gave, what went wrong, and for Bridgy Publish the
# address of the copy it made. Results: "sent";
# "no endpoint" (the target takes no Webmentions); "failed" (tried again on the next run);
# "refused" (tried again only when the entry changes).
"""

_TIME = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class _AttemptFields:
    """One attempt as written in the file (URLs are text: the log keeps what was tried)."""

    at: datetime = field_of(DateTime())
    entry_hash: str = field_of(HexHash())
    result: str = field_of(Choice(*(result.value for result in Result)))
    endpoint: str | None = field_of(Text(), default=None)
    pingback: str | None = field_of(Text(), default=None)
    status: int | None = field_of(Int(minimum=100, maximum=599), default=None)
    location: str | None = field_of(Text(), default=None)
    message: str | None = field_of(Text(allow_empty=True), default=None)
    syndication: str | None = field_of(Text(), default=None)


def read_sent_log(root: Path) -> SentLog:
    """The blog's sent log (empty if there is none yet); `ProblemsError` if it is broken."""
    path = root / SENT_LOG
    problems = ProblemLog()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SentLog()
    except OSError as exc:
        problems.error(SENT_LOG, 1, f"cannot read the sent log: {exc.strerror or exc}")
        raise ProblemsError(problems.problems, "Send") from None
    log = _parse(raw, problems)
    problems.raise_if_errors("Send")
    return log


def append_to_sent_log(root: Path, attempts: Iterable[tuple[Pair, Attempt]]) -> SentLog:
    """Add `attempts` to the log on disk and write it back atomically; return the new log.

    The file is read again just before writing, so nothing recorded meanwhile is lost.
    """
    new = list(attempts)
    log = read_sent_log(root).with_attempts(new)
    if new:
        atomic_write_pieces(root / SENT_LOG, sent_log_pieces(log))
    return log


def render_sent_log(log: SentLog) -> str:
    """The log as the text of ``_sent.yaml``."""
    return "".join(sent_log_pieces(log))


def sent_log_pieces(log: SentLog) -> Iterator[str]:
    """The text of ``_sent.yaml`` a pair at a time: the same text as the whole log dumped at
    once, without PyYAML's node for every value of it (for a blog imported with a hundred
    thousand links, a gigabyte)."""
    yield HEADER
    pairs = sorted(log.history.items())
    if not pairs:
        yield _dump({"version": VERSION, "sent": []})
        return
    yield _dump({"version": VERSION}) + "sent:\n"
    for (source, target), attempts in pairs:
        attempts_data = [_attempt_data(a) for a in attempts]
        yield _dump([{"source": source, "target": target, "attempts": attempts_data}])


def _dump(data: object) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096
    )


def _attempt_data(attempt: Attempt) -> dict[str, object]:
    data: dict[str, object] = {
        "at": attempt.at.astimezone(UTC).strftime(_TIME),
        "entry_hash": attempt.entry_hash,
        "result": attempt.result.value,
        "endpoint": attempt.endpoint,
        "pingback": attempt.pingback,
        "status": attempt.status,
        "location": attempt.location,
        "message": attempt.message,
        "syndication": attempt.syndication,
    }
    return {key: value for key, value in data.items() if value is not None}


def _parse(raw: bytes, problems: ProblemLog) -> SentLog:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(SENT_LOG, line, "the sent log is not valid UTF-8 text")
        return SentLog()
    try:
        doc = load_yaml(text, max_aliases=0)  # it is written with none
    except YamlSyntaxError as exc:
        problems.error(SENT_LOG, exc.line or 1, exc.message)
        return SentLog()
    for key_path, line in doc.duplicates:
        problems.error(SENT_LOG, line, f"{_name(key_path)}: written twice")
    data = doc.data
    if data is None:
        # Only comments, or nothing: the log was cut down. Sending on would send everything
        # again and write over it, so stop and leave it as it is.
        problems.error(
            SENT_LOG,
            1,
            f"version: missing: the sent log has no 'version: {VERSION}' line (it was cut down?);"
            " restore it from git, or delete it to start a new log",
        )
        return SentLog()
    if not isinstance(data, dict):
        problems.error(SENT_LOG, 1, "expected the keys 'version' and 'sent'")
        return SentLog()
    for key in data:
        if key not in ("version", "sent"):
            problems.error(SENT_LOG, doc.line_of((key,)), f"{key}: unknown key")
    if data.get("version") != VERSION:
        problems.error(
            SENT_LOG,
            doc.line_of(("version",)),
            f"version: expected {VERSION}, got {data.get('version')!r}"
            " (was it written by a newer plnpress?)",
        )
        return SentLog()
    return SentLog(dict(_pairs(data.get("sent"), doc, problems)))


def _pairs(
    items: object, doc: YamlDocument, problems: ProblemLog
) -> Iterable[tuple[Pair, tuple[Attempt, ...]]]:
    if items is None:
        return
    if not isinstance(items, list):
        problems.error(SENT_LOG, doc.line_of(("sent",)), "sent: expected a list")
        return
    seen: dict[Pair, int] = {}
    for index, item in enumerate(items):
        at = ("sent", index)
        line = doc.line_of(at)
        if not isinstance(item, dict):
            problems.error(SENT_LOG, line, f"{_name(at)}: expected source, target and attempts")
            continue
        for key in item:
            if key not in ("source", "target", "attempts"):
                problems.error(SENT_LOG, doc.line_of((*at, key)), f"{_name((*at, key))}: unknown")
        source, target = (
            _url(item, "source", at, doc, problems),
            _url(item, "target", at, doc, problems),
        )
        attempts = _attempts(item.get("attempts"), (*at, "attempts"), doc, problems)
        if source is None or target is None or attempts is None:
            continue
        if (source, target) in seen:
            problems.error(
                SENT_LOG,
                line,
                f"{_name(at)}: this source and target are already on line {seen[(source, target)]}",
            )
            continue
        seen[(source, target)] = line
        yield (source, target), attempts


def _url(
    item: dict[str, object], key: str, at: tuple[str | int, ...], doc: YamlDocument, log: ProblemLog
) -> str | None:
    value = item.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    log.error(SENT_LOG, doc.line_of((*at, key)), f"{_name((*at, key))}: expected a URL")
    return None


def _attempts(
    items: object, at: tuple[str | int, ...], doc: YamlDocument, problems: ProblemLog
) -> tuple[Attempt, ...] | None:
    if not isinstance(items, list) or not items:
        problems.error(SENT_LOG, doc.line_of(at), f"{_name(at)}: expected a list of attempts")
        return None
    attempts: list[Attempt] = []
    ctx = Context(UTC)
    for index, data in enumerate(items):
        fields, _ = load_section(
            _AttemptFields, data, doc=doc, at=(*at, index), ctx=ctx, log=problems, path=SENT_LOG
        )
        if fields is None:
            return None
        attempts.append(
            Attempt(
                at=fields.at.astimezone(UTC),
                entry_hash=fields.entry_hash,
                result=Result(fields.result),
                endpoint=fields.endpoint,
                pingback=fields.pingback,
                status=fields.status,
                location=fields.location,
                message=fields.message,
                syndication=fields.syndication,
            )
        )
    return tuple(attempts)


def _name(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(
        "."
    )
