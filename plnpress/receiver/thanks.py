"""What a person sees after pressing "Send" in a post's respond form: a page, not a line of text.

Senders' software gets the plain answers the specification describes; a browser (it asks for
``text/html``) gets the same status and headers with a page in the blog's own stylesheet that says
what happens next and leads back to the post.

`blog_page` is the frame of every page the server shows a person (these, and the sign-in pages
of `plnpress.indieauth`): the blog's stylesheet, and a strict Content-Security-Policy that lets
the page load nothing but that stylesheet and its fonts, run no script, send forms only to the
server itself (and where a form's answer redirects to), and be framed by nobody.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="{blog}css/plnpress.css">
</head>
<body class="kind-webmention">
<header class="site-header"><a class="site-brand" href="{blog}" rel="home">
<span class="site-brand-text"><span class="site-title">{blog_name}</span></span></a></header>
<main id="main-content">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def wants_html(request: Request) -> bool:
    """A browser submitting a form asks for HTML first; sending software does not."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept


def thanks_page(blog: str, target: str, status_path: str, again: bool) -> HTMLResponse:
    """The answer to a response sent from a post's form (201, with its status page)."""
    title = f"{'Thanks again' if again else 'Thanks'}: your response is on its way"
    body = f"""<p class="lead">The blog has your address and will look at your page in a moment.
</p>
<h2>What happens next</h2>
<ol>
<li>Your page is fetched and checked: it must link to the post, so that nobody can put words
under it that are not theirs.</li>
<li>The writer may read it before it is shown: the first response from a site waits for their
approval.</li>
<li>It appears under the post the next time the blog is published, as a reply, a like or a
mention, with your name and picture from your page.</li>
</ol>
<p>If you change your page later, send it again from the same form: the blog then shows the new
version.</p>
<p><a href="{escape(target, quote=True)}">Back to the post</a> ·
<a href="{escape(status_path, quote=True)}">Where your response is now</a></p>"""
    return blog_page(blog, title, body, 201, {"Location": status_path})


def refused_page(blog: str, target: str | None, reason: str, status: int) -> HTMLResponse:
    """The answer to a response the receiver cannot take, with the reason."""
    back = (
        f'<p><a href="{escape(target, quote=True)}">Back to the post</a></p>'
        if target and target.startswith(blog)
        else f'<p><a href="{escape(blog, quote=True)}">To the blog</a></p>'
    )
    body = f"""<p class="lead">{escape(reason)}</p>
<p>Check the address of your page (it starts with https://) and that your page links to the
post, then send it again.</p>
{back}"""
    return blog_page(blog, "Your response could not be taken", body, status)


def content_security_policy(blog: str, form_targets: tuple[str, ...] = ()) -> str:
    """The policy of the server's pages; `form_targets` are origins a form may end up at."""
    origin = "/".join(blog.split("/", 3)[:3])
    forms = " ".join(("'self'", *form_targets))
    return (
        f"default-src 'none'; style-src {origin}; font-src {origin}; img-src {origin} https:; "
        f"form-action {forms}; frame-ancestors 'none'; base-uri 'none'"
    )


def blog_page(
    blog: str,
    title: str,
    body: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    form_targets: tuple[str, ...] = (),
) -> HTMLResponse:
    """A page of the server in the blog's look; `body` is HTML already escaped."""
    name = blog.split("://", 1)[-1].rstrip("/")
    html = _PAGE.format(
        title=escape(title),
        blog=escape(blog, quote=True),
        blog_name=escape(name),
        body=body,
    )
    security = {
        "Content-Security-Policy": content_security_policy(blog, form_targets),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }
    return HTMLResponse(html, status_code=status, headers={**security, **(headers or {})})
