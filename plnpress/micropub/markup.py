"""What a post's text may contain when it arrives through Micropub with someone's token.

The writer's HTML is kept as sent (it is the writer's), but anything that runs code goes:
``<script>`` and the like with their content, every ``on...`` event handler, and links to
``javascript:`` or any scheme but http(s), mailto and relative ones. A stolen token can then put
words on the blog, not an attack on its readers.

HTML content becomes the Markdown body as one raw HTML block (`html_body`): wrapped in a
``<div class="micropub-html">`` with no blank line inside, so Markdown leaves every line of it
alone. Plain text content is Markdown, as most apps mean it, with its raw HTML made inert
(`inert_text`): a ``<`` that would open a tag is escaped as ``\\<`` outside code, since in plain
text it is a character, not markup.
"""

from __future__ import annotations

import re

import nh3

DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "frame", "frameset"}
)
_TAGS = (
    (
        set(nh3.ALLOWED_TAGS)
        | {
            "figure",
            "figcaption",
            "picture",
            "source",
            "video",
            "audio",
            "track",
            "details",
            "summary",
            "mark",
            "time",
            "s",
            "u",
            "section",
            "aside",
        }
    )
    - set(DROPPED_WITH_CONTENT)
    - {"form", "input", "button", "textarea", "select", "option", "base", "link", "meta"}
)
_COMMON = {"class", "id", "title", "lang", "dir"}
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _COMMON,
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "poster", "controls", "width", "height", "loop", "muted"},
    "audio": {"src", "controls", "loop"},
    "track": {"src", "kind", "label", "srclang"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
_SCHEMES = {"http", "https", "mailto"}
WRAPPER_OPEN = '<div class="micropub-html">'
WRAPPER_CLOSE = "</div>"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def clean_html(markup: str) -> str:
    """`markup` without scripts, event handlers, frames or unsafe URLs."""
    return nh3.clean(
        markup,
        tags=_TAGS,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip()


def html_body(markup: str) -> str:
    """Cleaned HTML as a Markdown body that renders to exactly that HTML (in its wrapper).

    Blank lines would end the raw block and hand the rest to Markdown; each is joined to the
    line before it by a ``&#10;`` (a newline, which is what it was inside ``<pre>``)."""
    cleaned = _BLANK_LINES.sub("\n&#10;", clean_html(markup).replace("\r\n", "\n"))
    return f"{WRAPPER_OPEN}\n{cleaned}\n{WRAPPER_CLOSE}\n"


def html_of_body(body: str) -> str | None:
    """The HTML of a body `html_body` made, or None for a Markdown body."""
    text = body.strip("\n")
    if not (text.startswith(WRAPPER_OPEN + "\n") and text.endswith("\n" + WRAPPER_CLOSE)):
        return None
    inner = text[len(WRAPPER_OPEN) + 1 : -len(WRAPPER_CLOSE) - 1]
    return inner.replace("\n&#10;", "\n\n")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>")


def inert_text(text: str) -> str:
    """Markdown `text` with every ``<`` that could start raw HTML escaped, outside code."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            out.append(line)
        elif opener:
            fence = opener.group(1)
            out.append(line)
        elif line.startswith(("    ", "\t")) and (not out or not out[-1].strip()):
            out.append(line)  # an indented code block
        else:
            out.append(_escape_outside_code_spans(line))
    return "\n".join(out)


def _escape_outside_code_spans(line: str) -> str:
    parts = re.split(r"(`+[^`]*?`+)", line)
    for index in range(0, len(parts), 2):
        parts[index] = _escape_tags(parts[index])
    return "".join(parts)


def _escape_tags(text: str) -> str:
    pieces: list[str] = []
    position = 0
    for link in _AUTOLINK.finditer(text):
        pieces.append(_TAG_START.sub(r"\\<", text[position : link.start()]))
        pieces.append(
            link.group(0)
            if not link.group(0).lower().startswith("<javascript:")
            else "\\" + link.group(0)
        )
        position = link.end()
    pieces.append(_TAG_START.sub(r"\\<", text[position:]))
    return "".join(pieces)
