"""The synchronous checks of Webmention §3.2.1, done before anything is stored.

A request is refused with a plain reason (the route answers 400) when:

- its body is not ``application/x-www-form-urlencoded`` (or not UTF-8 once decoded);
- ``source`` or ``target`` is missing, empty or given more than once (other parameters, such
  as Vouch's ``vouch``, are ignored);
- either is not an absolute http(s) URL with a host (no spaces, control characters, user names
  or passwords, nor more than 2,048 characters): the same rule ``pull`` applies to sources;
- the source is the target (fragments aside);
- the target is not a published page of this site, nor an old address of one
  (`plnpress.receiver.pages`).

The source is fetched later, by the worker; the only request made here is, for a receiver
without the built site, the one that asks the published site where an unknown address of it
redirects (an old address, ``aliases:``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from plnpress.mentions.sanitize import clean_url
from plnpress.receiver.pages import SitePages, normal_url

FORM_TYPE = "application/x-www-form-urlencoded"
_MAX_FIELDS = 20


@dataclass(frozen=True, slots=True)
class MentionRequest:
    """A request that passed the checks."""

    source: str
    target: str
    """As sent, fragment included."""
    page: str
    """The target without its fragment, or the page an old address of it leads to: the pair is
    (source, page)."""


class Refused(Exception):
    """The request is the sender's mistake; the message says which, for the 400 answer."""


def read_form(content_type: str | None, body: bytes) -> dict[str, list[str]]:
    """The body's parameters, each with every value it was given."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != FORM_TYPE:
        given = f"not {media}" if media else "and the request has no Content-Type"
        raise Refused(f"send source and target as {FORM_TYPE} ({given})")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=_MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise Refused("the body is not URL-encoded UTF-8") from None
    except ValueError:
        raise Refused(f"the body has more than {_MAX_FIELDS} parameters") from None
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        form.setdefault(name, []).append(value)
    return form


async def check_request(form: dict[str, list[str]], pages: SitePages) -> MentionRequest:
    """The request in `form`, checked; raises `Refused` with the reason.

    Raises `plnpress.receiver.pages.PagesUnknown` when the pages are not known yet.
    """
    source, target = _one(form, "source"), _one(form, "target")
    bad_source, bad_target = _url_problem(source), _url_problem(target)
    if bad_source and bad_target:
        raise Refused(f"source {bad_source}, and target {bad_target}")
    if bad_source or bad_target:
        raise Refused(f"source {bad_source}" if bad_source else f"target {bad_target}")
    page = target.split("#", 1)[0]
    if source.split("#", 1)[0] == page:
        raise Refused("source and target are the same page; the source must be another page")
    published, reason = await pages.page_for(target)
    if published is None:
        raise Refused(reason or f"target {target} is not a published page of this site")
    if normal_url(page) != published:  # an old address: stored for the page it leads to
        page = published
    return MentionRequest(source, target, page)


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name, [])
    if not values:
        raise Refused(f"{name} is missing")
    if len(values) > 1:
        raise Refused(f"{name} is given {len(values)} times; send it once")
    if not values[0].strip():
        raise Refused(f"{name} is empty")
    return values[0]


def _url_problem(value: str) -> str | None:
    """What is wrong with `value` as a source or target URL, or None."""
    if clean_url(value) != value:
        try:
            scheme = urlsplit(value).scheme
        except ValueError:
            scheme = ""
        if scheme and scheme.lower() not in ("http", "https"):
            return f"{value!r} is a {scheme}: URL, not http or https"
        return f"{value!r} is not an absolute http or https URL"
    try:
        urlsplit(value).port  # noqa: B018 (a bad port raises)
    except ValueError:
        return f"{value!r} has an invalid port"
    return None
