"""Other generators' template syntax in a Markdown body: found, kept as written, warned about.

A post brought from Jekyll, Hugo, Pelican or Eleventy may still hold that tool's tags:
``{% highlight ruby %}``, ``{{< figure src="a.png" >}}``, ``{{% note %}}``, ``{{ site.baseurl }}``,
kramdown's ``{: .class}``. plnpress does not run them. The Markdown renderer (its
``plnpress_foreign`` rule) finds them in the text it will show, outside code, and

- leaves them exactly as written: typographic quotes and dashes never touch a tag, nor the code
  between ``{% highlight %}`` (or ``{% raw %}``) and its end tag;
- lists where they are, so the loader warns with the file and line and names the importer that
  converts the common ones.

This module holds the patterns and the scanning, without markdown-it-py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_OPENER = re.compile(
    r"\{%|\{\{[<%]|\{\{-?\s*(?:site|page|post|paginator|layout|include|content)\b|\{:"
)
"""Where a tag starts (``{{`` alone is too common outside templates: only Liquid's objects)."""

_CLOSER = {"{%": "%}", "{{<": ">}}", "{{%": "%}}", "{{": "}}", "{:": "}"}

_REGION = re.compile(
    r"\{%-?\s*(?P<liquid>highlight|raw)\b|\{\{[<%]\s*(?P<hugo>highlight)\b", re.IGNORECASE
)
"""Tags whose content, up to the end tag, is code or literal text."""


@dataclass(frozen=True, slots=True)
class Family:
    """A kind of foreign syntax and the importer that converts it."""

    name: str
    importer: str


LIQUID = Family("a Liquid/Nunjucks tag", "plnpress import jekyll (or pelican, eleventy)")
HUGO = Family("a Hugo shortcode", "plnpress import hugo")
OBJECT = Family("a Liquid variable", "plnpress import jekyll (or eleventy)")
KRAMDOWN = Family("a kramdown attribute list", "plnpress import jekyll")

_FAMILIES = {"{%": LIQUID, "{{<": HUGO, "{{%": HUGO, "{{": OBJECT, "{:": KRAMDOWN}


def family_of(tag: str) -> Family:
    """The family of a tag found by :class:`TagScanner`."""
    longest_first = sorted(_FAMILIES.items(), reverse=True)
    return next(family for opener, family in longest_first if tag.startswith(opener))


def may_hold_tags(text: str) -> bool:
    """A cheap test: no ``{`` means no tag."""
    return "{" in text


@dataclass(slots=True)
class TagScanner:
    """Splits running text into plain pieces and protected ones (tags, and the code of
    highlight and raw regions), remembering where it is between the pieces it is given: a
    tag may be split by emphasis, a region may span paragraphs."""

    closer: str | None = None
    """The end of the tag being read."""
    region_end: re.Pattern[str] | None = None
    """The end tag of the region being read."""

    def split(self, text: str) -> Iterator[tuple[bool, str, str | None]]:
        """``(protected, piece, tag)`` in order; ``tag`` is set on the piece that starts a
        tag (its text, up to where the piece ends)."""
        pos = 0
        while pos < len(text):
            if self.closer is not None:
                end = text.find(self.closer, pos)
                stop = len(text) if end < 0 else end + len(self.closer)
                if end >= 0:
                    self.closer = None
                yield True, text[pos:stop], None
                pos = stop
                continue
            if self.region_end is not None:
                found = self.region_end.search(text, pos)
                if found is None:
                    yield True, text[pos:], None
                    return
                if found.start() > pos:
                    yield True, text[pos : found.start()], None
                self.region_end = None
                pos = found.start()  # the end tag itself is read as a tag, below
            opener = _OPENER.search(text, pos)
            if opener is None:
                yield False, text[pos:], None
                return
            if opener.start() > pos:
                yield False, text[pos : opener.start()], None
            pos = opener.start()
            tag, pos = self._tag(text, pos, opener.group())
            yield True, tag, tag

    def _tag(self, text: str, pos: int, opener: str) -> tuple[str, int]:
        """The tag that starts at ``pos`` (to the end of ``text`` if it goes on in the next
        piece) and where it stops; notes a region that it opens."""
        key = opener if opener in _CLOSER else "{{"
        closer = _CLOSER[key]
        end = text.find(closer, pos + len(key))
        stop = len(text) if end < 0 else end + len(closer)
        tag = text[pos:stop]
        if end < 0:
            self.closer = closer
        region = _REGION.match(tag)
        if region is not None and end >= 0:
            if region.group("liquid"):
                name = region.group("liquid").lower()
                self.region_end = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}", re.IGNORECASE)
            else:
                name = region.group("hugo").lower()
                self.region_end = re.compile(r"\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}")
        return tag, stop


def tags_in(text: str) -> list[str]:
    """Every tag in ``text`` read as running text (for tests and the importers' counts)."""
    scanner = TagScanner()
    return [tag for _, _, tag in scanner.split(text) if tag is not None]
