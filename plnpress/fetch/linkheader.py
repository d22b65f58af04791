"""A parser for HTTP ``Link`` header fields (RFC 8288 §3).

Splitting on commas is the usual mistake: a comma may sit inside ``<...>`` or a quoted parameter
value. This parser walks the grammar

    Link       = #link-value
    link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
    link-param = token BWS [ "=" BWS ( token / quoted-string ) ]

and, like RFC 8288 Appendix B, is lenient: a malformed link-value is skipped up to the next
top-level comma instead of spoiling the whole field. Targets are returned as written; resolving
them is the caller's job, because only the caller knows the base URL (the response's final URL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

_OWS = " \t"


@dataclass(frozen=True, slots=True)
class Link:
    """One link-value of a Link header."""

    target: str
    """The URI-Reference between ``<`` and ``>``, unresolved."""
    params: tuple[tuple[str, str], ...]
    """Parameters in order; names lowercased, quoted values unescaped, ``name*`` values decoded."""

    def param(self, name: str) -> str | None:
        """The first value of parameter `name` (later ones are ignored, RFC 8288 §3)."""
        wanted = name.lower()
        return next((value for key, value in self.params if key == wanted), None)

    @property
    def rels(self) -> tuple[str, ...]:
        """The relation types of the first ``rel`` parameter, lowercased (RFC 8288 §3.3)."""
        return tuple(token.lower() for token in (self.param("rel") or "").split())

    def has_rel(self, rel: str) -> bool:
        """True if `rel` (compared case-insensitively) is one of this link's relation types."""
        return rel.lower() in self.rels


def parse_link_headers(values: Iterable[str]) -> list[Link]:
    """Parse every Link header field of a response, in order."""
    return [link for value in values for link in parse_link_header(value)]


def parse_link_header(value: str) -> list[Link]:
    """Parse one Link header field value into its links, in order."""
    return _Scanner(value).links()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def links(self) -> list[Link]:
        found: list[Link] = []
        while True:
            self._skip(_OWS + ",")  # the #rule allows empty list elements
            if self._at_end():
                return found
            if self._peek() != "<":
                self._skip_to_comma()
                continue
            close = self.text.find(">", self.pos + 1)
            if close < 0:
                return found
            target = self.text[self.pos + 1 : close].strip(_OWS)
            self.pos = close + 1
            found.append(Link(target, self._params()))
            self._skip(_OWS)
            if not self._at_end() and self._peek() != ",":
                self._skip_to_comma()

    def _params(self) -> tuple[tuple[str, str], ...]:
        params: list[tuple[str, str]] = []
        while True:
            self._skip(_OWS)
            if self._at_end() or self._peek() != ";":
                return tuple(params)
            self.pos += 1
            self._skip(_OWS)
            name = self._take_until("=;," + _OWS).lower()
            self._skip(_OWS)
            value = ""
            if not self._at_end() and self._peek() == "=":
                self.pos += 1
                self._skip(_OWS)
                if not self._at_end() and self._peek() == '"':
                    value = self._quoted_string()
                else:
                    value = self._take_until(";,").rstrip(_OWS)
                if name.endswith("*"):
                    value = _decode_ext_value(value)
            if name:
                params.append((name, value))

    def _quoted_string(self) -> str:
        self.pos += 1  # the opening quote
        out: list[str] = []
        while not self._at_end():
            char = self._peek()
            self.pos += 1
            if char == '"':
                break
            if char == "\\" and not self._at_end():
                char = self._peek()
                self.pos += 1
            out.append(char)
        return "".join(out)

    def _skip_to_comma(self) -> None:
        # Recovery: quoted strings and <...> may hold commas that do not end the link-value.
        while not self._at_end():
            char = self._peek()
            if char == ",":
                return
            if char == '"':
                self._quoted_string()
            elif char == "<":
                close = self.text.find(">", self.pos + 1)
                self.pos = len(self.text) if close < 0 else close + 1
            else:
                self.pos += 1

    def _take_until(self, stops: str) -> str:
        start = self.pos
        while not self._at_end() and self._peek() not in stops:
            self.pos += 1
        return self.text[start : self.pos]

    def _skip(self, chars: str) -> None:
        while not self._at_end() and self._peek() in chars:
            self.pos += 1

    def _peek(self) -> str:
        return self.text[self.pos]

    def _at_end(self) -> bool:
        return self.pos >= len(self.text)


def _decode_ext_value(value: str) -> str:
    """Decode an RFC 8187 ``charset'language'pct-encoded`` value; keep it as is if malformed."""
    charset, quote, rest = value.partition("'")
    _language, quote2, encoded = rest.partition("'")
    if not quote or not quote2 or charset.lower() not in ("utf-8", "iso-8859-1"):
        return value
    try:
        return unquote(encoded, encoding=charset.lower(), errors="strict")
    except UnicodeDecodeError:
        return value
