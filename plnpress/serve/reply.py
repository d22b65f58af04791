"""``POST /__plnpress/reply`` in ``plnpress serve``: the Reply button of the reading page.

The served ``/reading/`` page shows a Reply button under each entry (the published page shows
the command instead). Pressing it does what ``plnpress new reply URL`` does: the new post, with
the answered page's context, is in ``content/posts/`` for the writer to open in their editor.

Only a form on the served site itself may ask (its ``Origin`` must be the server's own, so
another web site open in the same browser cannot make files appear), and only for a web address.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from plnpress.config import load_config
from plnpress.errors import PlnpressError

REPLY_PATH = "/__plnpress/reply"
MAX_FORM = 8192
"""Bytes: a form with one address in it (read whole: starlette's own form parser needs an
extra library)."""

StartReply = Callable[[str], str]
"""Makes the reply file for a URL; returns a line that says where it is."""


def reply_starter(root: Path) -> StartReply:
    """What the button does for the blog at `root` (its config read again each time)."""

    def start(url: str) -> str:
        from plnpress.scaffold.responses import new_response

        config = load_config(root)
        path, lookup = new_response(config, "reply", url)
        where = path.relative_to(root).as_posix()
        if lookup.cited is None:
            return (
                f"Started {where}, naming the page by its address alone: it could not be read "
                f"({lookup.problem}). Later: plnpress new reply --refresh {where}"
            )
        return f"Started {where}: open it in your editor and write your reply."

    return start


async def handle_reply(request: Request, start: StartReply, back: str) -> Response:
    """The form's POST: refuse anything but a same-origin request for a web address."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    fetch_site = request.headers.get("sec-fetch-site")
    if origin != own or fetch_site not in (None, "same-origin"):
        return _page("Not from this server", "Only the Reply buttons of this site may ask.", 403)
    body = await request.body()
    if len(body) > MAX_FORM:
        return _page("Too long", "The form said more than a Reply button does.", 413)
    url = next(iter(parse_qs(body.decode("utf-8", "replace")).get("url", [])), "")
    if not url.lower().startswith(("http://", "https://")):
        return _page("No address", "The form did not say which page to answer.", 400)
    try:
        message = await run_in_threadpool(start, url)
    except PlnpressError as exc:
        return _page("Could not start the reply", str(exc), 409)
    return _page("Reply started", message, 200, back)


def _page(title: str, message: str, status: int, back: str | None = None) -> HTMLResponse:
    link = f'<p><a href="{escape(back)}">Back to your reading</a></p>\n' if back else ""
    return HTMLResponse(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · plnpress serve</title>
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<p>{escape(message)}</p>
{link}</main>
</body>
</html>
""",
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )
