"""The pages the writer sees while an app asks to sign in: the password, then what the app may do.

Each names the app by its full ``client_id`` (and by the name its page gives, if any) and says
where the browser will be sent back, as IndieAuth §10.1 asks, so a look-alike app is visible.
Everything from the request is escaped; the frame, its stylesheet and its strict CSP are the
receiver's (`plnpress.receiver.thanks.blog_page`).
"""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

from plnpress.indieauth.authorization import KNOWN_SCOPES, Pending
from plnpress.indieauth.clients import same_origin
from plnpress.receiver.thanks import blog_page


def _app(pending: Pending) -> str:
    client = pending.client
    name = f"<strong>{escape(client.name)}</strong> " if client.name else ""
    logo = (
        f'<img class="app-logo" src="{escape(client.logo, quote=True)}" alt="" width="48" '
        'height="48"> '
        if client.logo
        else ""
    )
    redirect = pending.request.redirect_uri
    sent_back = (
        ""
        if same_origin(client.client_id, redirect)
        else f"<p>Afterwards your browser goes to <code>{escape(redirect)}</code>.</p>"
    )
    return (
        f"<p>{logo}{name}<code>{escape(client.client_id)}</code> asks to sign in to your "
        f"blog.</p>\n{sent_back}"
    )


def _hidden(pending: Pending) -> str:
    return (
        f'<input type="hidden" name="request" value="{escape(pending.id, quote=True)}">\n'
        f'<input type="hidden" name="csrf" value="{escape(pending.csrf, quote=True)}">'
    )


def sign_in_page(
    blog: str, action: str, pending: Pending, message: str = "", status: int = 200
) -> HTMLResponse:
    """The password form, posted to `action`."""
    problem = f'<p class="problem" role="alert">{escape(message)}</p>\n' if message else ""
    body = f"""{_app(pending)}
{problem}<form method="post" action="{escape(action, quote=True)}">
{_hidden(pending)}
<p><label for="password">Your password (set with <code>plnpress server password</code>)</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required
autofocus></p>
<p><button type="submit">Sign in</button></p>
</form>"""
    return blog_page(blog, "Sign in", body, status)


def consent_page(blog: str, action: str, pending: Pending) -> HTMLResponse:
    """What the app may do, each scope a box to untick, then Allow or Deny."""
    request = pending.request
    boxes = "\n".join(
        f'<li><label><input type="checkbox" name="scope" value="{escape(scope, quote=True)}" '
        f"checked> <code>{escape(scope)}</code>: "
        f"{escape(KNOWN_SCOPES.get(scope, 'a permission plnpress does not know'))}</label></li>"
        for scope in request.scope
    )
    asks = (
        f'<p>It asks to:</p>\n<ul class="scopes">\n{boxes}\n</ul>'
        if request.scope
        else "<p>It only asks who you are (your address), nothing more.</p>"
    )
    body = f"""{_app(pending)}
<form method="post" action="{escape(action, quote=True)}">
{_hidden(pending)}
{asks}
<p><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>"""
    targets = (_origin(request.redirect_uri),)
    return blog_page(blog, "Allow this app?", body, form_targets=targets)


def problem_page(blog: str, title: str, message: str, status: int) -> HTMLResponse:
    return blog_page(blog, title, f'<p class="lead">{escape(message)}</p>', status)


def _origin(url: str) -> str:
    """The scheme and host of `url` for a CSP source (a custom scheme: the scheme alone)."""
    scheme, _, rest = url.partition("://")
    if not rest:
        return scheme.partition(":")[0] + ":"
    return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0]}"
