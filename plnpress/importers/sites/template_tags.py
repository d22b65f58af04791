"""Other generators' template tags in a body: the common ones converted to Markdown, the rest
left as written and warned about at their line.

Converted: ``{% highlight %}`` and Hugo's ``{{< highlight >}}`` (fenced code), ``{% raw %}``
(its text kept as it is), ``{% link %}``, ``{% post_url %}`` and ``{{< ref >}}``/``relref`` (the
entry's new address), ``{{< figure >}}`` and Octopress's ``{% img %}`` (a picture with its
caption), ``{{< youtube >}}``, ``{{< vimeo >}}``, ``{{< gist >}}``, ``{{< tweet >}}`` (a link),
``{{ site.baseurl }}``, ``{{ site.url }}`` and the ``relative_url``/``absolute_url`` filters,
``{% comment %}``, kramdown's ``{: ...}`` attribute lists. Code (fenced blocks, code spans) is
never touched: there a tag is an example, not an instruction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from plnpress.content.foreign_syntax import family_of
from plnpress.importers.report import ImportReport

Resolver = Callable[[str], str | None]
"""A reference to another item of the old site (a file path, a post name) -> its new path."""


@dataclass(frozen=True, slots=True)
class TagContext:
    resolve: Resolver
    site_url: str
    """The blog's address without a final slash (what ``{{ site.url }}`` becomes)."""
    origin: str
    """The source file, for warnings."""
    body_line: int
    """The line of the file the body starts on."""


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("raw", re.compile(r"\{%-?\s*raw\s*-?%\}(?P<x>.*?)\{%-?\s*endraw\s*-?%\}", re.S)),
    ("comment", re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)),
    (
        "highlight",
        re.compile(
            r"\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%\n]*%\}[ \t]*\n?(?P<x>.*?)"
            r"\{%-?\s*endhighlight\s*-?%\}",
            re.S,
        ),
    ),
    (
        "highlight",
        re.compile(
            r"\{\{[<%]\s*highlight\s+\"?(?P<lang>[\w+#.-]+)\"?[^\n]*?[>%]\}\}[ \t]*\n?(?P<x>.*?)"
            r"\{\{[<%]\s*/highlight\s*[>%]\}\}",
            re.S,
        ),
    ),
    ("escaped", re.compile(r"\{\{(?P<d>[<%])/\*(?P<x>.*?)\*/[>%]\}\}")),
    (
        "fence",
        re.compile(
            r"^[ ]{0,3}(?P<f>`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}(?P=f)[`~]*[ \t]*$|\Z)", re.S | re.M
        ),
    ),
    ("code", re.compile(r"(?P<t>`+)[^`\n].*?(?P=t)")),
    ("site_root", re.compile(r"\{\{-?\s*site\.url\s*-?\}\}\{\{-?\s*site\.baseurl\s*-?\}\}")),
    ("liquid", re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>(?:[^%]|%(?!\}))*?)-?%\}")),
    ("hugo", re.compile(r"\{\{[<%]\s*(?P<name>/?[\w./-]+)(?P<args>[^\n]*?)\s*[>%]\}\}")),
    ("output", re.compile(r"\{\{-?\s*(?P<x>[^\n{}]*?)\s*-?\}\}")),
    ("kramdown", re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*\n?|\{:[^}\n]*\}", re.M)),
)
"""In the order they are tried where two start at the same place."""

_LIQUID_OBJECT = re.compile(r"(?:site|page|post|paginator|layout|include|content)\b")


def convert_tags(body: str, ctx: TagContext, report: ImportReport) -> str:
    """``body`` with the tags converted; each tag left is warned about at its line."""
    if "{" not in body:
        return body
    out: list[str] = []
    pos = 0
    upcoming: dict[int, re.Match[str] | None] = {}
    """Each pattern's next match (searched again only once the scan has passed it)."""
    while True:
        best: tuple[int, int, str, re.Match[str]] | None = None
        for index, (kind, pattern) in enumerate(_PATTERNS):
            found = upcoming.get(index)
            if index not in upcoming or (found is not None and found.start() < pos):
                found = upcoming[index] = pattern.search(body, pos)
            if found is not None and (best is None or (found.start(), index) < best[:2]):
                best = (found.start(), index, kind, found)
        if best is None:
            out.append(body[pos:])
            return "".join(out)
        _, _, kind, match = best
        out.append(body[pos : match.start()])
        out.append(_converted(kind, match, body, ctx, report))
        pos = max(match.end(), pos + 1) if match.end() == match.start() else match.end()


def _converted(
    kind: str, match: re.Match[str], body: str, ctx: TagContext, report: ImportReport
) -> str:
    text = match.group(0)
    if kind in {"fence", "code"}:
        return text
    if kind == "raw":
        report.count("template tags converted")
        return match.group("x")
    if kind in {"comment", "kramdown", "site_root"}:
        report.count("template tags converted")
        return ""
    if kind == "highlight":
        report.count("template tags converted")
        before = "" if match.start() == 0 or body[match.start() - 1] == "\n" else "\n"
        code = match.group("x").strip("\n")
        return f"{before}```{match.group('lang')}\n{code}\n```\n"
    if kind == "escaped":
        return "{{" + match.group("d") + match.group("x") + match.group("d") + "}}"
    converted = _one_tag(kind, match, ctx)
    if converted is not None:
        report.count("template tags converted")
        return converted
    if kind != "output" or _LIQUID_OBJECT.match(match.group("x")):
        line = ctx.body_line + body.count("\n", 0, match.start())
        family = family_of(text)
        report.warn(ctx.origin, line, f"{text}: {family.name} left as it is (not converted)")
        report.count("template tags left")
    return text


def _one_tag(kind: str, match: re.Match[str], ctx: TagContext) -> str | None:
    if kind == "output":
        return _output(match.group("x"), ctx)
    name, args = match.group("name"), match.group("args").strip()
    if kind == "liquid":
        return _liquid(name, args, ctx)
    return _hugo(name, _arguments(args), ctx)


def _output(expression: str, ctx: TagContext) -> str | None:
    expression = expression.strip()
    if expression == "site.baseurl":
        return ""
    if expression == "site.url":
        return ctx.site_url
    filtered = re.fullmatch(
        r"""(?P<q>["'])(?P<path>[^"']*)(?P=q)\s*\|\s*(?P<f>relative_url|absolute_url)""",
        expression,
    )
    if filtered is not None:
        path = filtered.group("path")
        return ctx.site_url + path if filtered.group("f") == "absolute_url" else path
    prepended = re.fullmatch(
        r"""(?P<q>["'])(?P<path>[^"']*)(?P=q)\s*\|\s*prepend:\s*site\.baseurl""", expression
    )
    return prepended.group("path") if prepended is not None else None


def _liquid(name: str, args: str, ctx: TagContext) -> str | None:
    words = args.split()
    if name in {"link", "post_url"} and words:
        return ctx.resolve(words[0])
    if name == "img":
        return _octopress_image(args)
    if name in {"youtube", "vimeo"} and words:
        return _video_link(name, words[0].strip("\"'"))
    if name == "video" and words:
        return _video_element(words)
    if name == "endraw":
        return ""
    return None


def _hugo(name: str, args: dict[str, str], ctx: TagContext) -> str | None:
    positional = args.get("0", "")
    if name in {"ref", "relref"} and positional:
        target, _, anchor = positional.partition("#")
        found = ctx.resolve(target)
        return None if found is None else found + (f"#{anchor}" if anchor else "")
    if name == "figure" and args.get("src"):
        alt = args.get("alt") or args.get("title") or args.get("caption") or ""
        caption = args.get("caption") or args.get("title") or ""
        title = f' "{caption}"' if caption and '"' not in caption else ""
        return f"![{_md_text(alt)}]({args['src']}{title})"
    if name in {"youtube", "vimeo"} and (positional or args.get("id")):
        return _video_link(name, args.get("id") or positional)
    if name == "gist" and "1" in args:
        url = f"https://gist.github.com/{positional}/{args['1']}"
        return f"[{url}]({url})"
    if name == "tweet" and (args.get("id") or positional):
        user = args.get("user", "i/web")
        url = f"https://twitter.com/{user}/status/{args.get('id') or positional}"
        return f"[{url}]({url})"
    return None


def _arguments(text: str) -> dict[str, str]:
    """Hugo's shortcode arguments: named (``src="a.png"``) or by position (``"0"``, ``"1"``)."""
    found: dict[str, str] = {}
    position = 0
    for match in re.finditer(
        r"""(?:(\w+)=)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))""", text
    ):
        value = next(g for g in match.groups()[1:] if g is not None).replace('\\"', '"')
        if match.group(1):
            found[match.group(1)] = value
        else:
            found[str(position)] = value
            position += 1
    return found


def _octopress_image(args: str) -> str | None:
    """``{% img [class] /path.png [width [height]] ["title" ["alt"]] %}``."""
    match = re.fullmatch(
        r"""(?:(?P<cls>[^\s/"']+)\s+)*?(?P<src>(?:https?://|/)\S+)(?:\s+\d+%?){0,2}"""
        r"""(?:\s+["']?(?P<title>[^"']*)["']?(?:\s+["'](?P<alt>[^"']*)["'])?)?\s*""",
        args,
    )
    if match is None:
        return None
    title = (match.group("title") or "").strip()
    alt = (match.group("alt") or title).strip()
    caption = f' "{title}"' if title else ""
    return f"![{_md_text(alt)}]({match.group('src')}{caption})"


def _video_link(kind: str, video: str) -> str:
    if kind == "youtube":
        url = video if video.startswith("http") else f"https://www.youtube.com/watch?v={video}"
    else:
        url = video if video.startswith("http") else f"https://vimeo.com/{video}"
    return f"[{url}]({url})"


def _video_element(words: list[str]) -> str | None:
    """Octopress's ``{% video URL [width height] [poster] %}`` as an HTML5 video."""
    if not words[0].startswith(("/", "http")):
        return None
    sizes = [w for w in words[1:3] if w.isdigit()]
    poster = next((w for w in words[1:] if w.startswith(("/", "http"))), None)
    attributes = "".join(f' {n}="{v}"' for n, v in zip(("width", "height"), sizes, strict=False))
    attributes += f' poster="{poster}"' if poster else ""
    return f'<video controls src="{words[0]}"{attributes}></video>'


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
