"""Reading a response body safely: undo its Content-Encoding under a size cap, and decode text.

httpx's own decoders inflate a whole network chunk at once, so a gzip bomb can cost tens of
megabytes before any cap applies. `CappedDecoder` asks zlib for at most the bytes still allowed.
"""

from __future__ import annotations

import codecs
import re
import zlib

ACCEPT_ENCODING = "gzip, deflate"
"""The Accept-Encoding we send: exactly the codings `CappedDecoder` can undo."""

# How many raw bytes to read beyond the decoded cap. A stream of empty deflate blocks decodes to
# nothing, so without a raw limit it could be read until the time budget runs out.
_RAW_SLACK = 64 * 1024


class DecodingFailed(ValueError):
    """The body's Content-Encoding is unknown or its compressed data is corrupt."""


class CappedDecoder:
    """Undo a body's Content-Encoding while keeping at most `limit` decoded bytes.

    Feed it raw chunks as they arrive; stop feeding once `truncated` is true.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        codings = [
            coding
            for coding in (part.strip().lower() for part in (content_encoding or "").split(","))
            if coding and coding != "identity"
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise DecodingFailed(f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = codings[0] if codings else None
        self._inflater = self._new_inflater(self._coding)
        self._first_chunk = True
        self._limit = limit
        self._raw_limit = 2 * limit + _RAW_SLACK
        self._raw_size = 0
        self._parts: list[bytes] = []
        self._size = 0
        self.truncated = False
        """True once more than `limit` decoded bytes (or too many raw bytes) were offered."""

    def feed(self, raw: bytes) -> None:
        """Take the next raw chunk of the body."""
        if self.truncated:
            return
        self._raw_size += len(raw)
        if self._inflater is None:
            self._keep(raw)
        else:
            self._inflate(raw)
        if self._raw_size > self._raw_limit:
            self.truncated = True

    def finish(self) -> bytes:
        """Return the decoded body (at most `limit` bytes)."""
        if self._inflater is not None and not self.truncated:
            try:
                self._keep(self._inflater.flush())
            except zlib.error as exc:
                raise DecodingFailed(f"corrupt {self._coding} data: {exc}") from exc
        return b"".join(self._parts)

    def _inflate(self, raw: bytes) -> None:
        assert self._inflater is not None
        data = raw
        while data and not self.truncated:
            try:
                # One byte over the room left is how we learn that the body goes on.
                out = self._inflater.decompress(data, self._limit - self._size + 1)
            except zlib.error as exc:
                if self._coding == "deflate" and self._first_chunk:
                    # Many servers send raw deflate although HTTP's "deflate" is zlib-wrapped.
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first_chunk = False
                    continue
                raise DecodingFailed(f"corrupt {self._coding} data: {exc}") from exc
            self._first_chunk = False
            self._keep(out)
            data = self._inflater.unconsumed_tail

    def _keep(self, data: bytes) -> None:
        room = self._limit - self._size
        if len(data) > room:
            data = data[:room]
            self.truncated = True
        if data:
            self._parts.append(data)
            self._size += len(data)

    @staticmethod
    def _new_inflater(coding: str | None) -> zlib._Decompress | None:
        if coding is None:
            return None
        if coding == "deflate":
            return zlib.decompressobj()
        return zlib.decompressobj(16 + zlib.MAX_WBITS)


def media_type(content_type: str | None) -> str | None:
    """The lowercased ``type/subtype`` of a Content-Type value, without parameters."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, if it names a known encoding."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return _known_encoding(value.strip().strip("\"'"))
    return None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.I)
# WHATWG Encoding: these labels mean windows-1252 on the web.
_WEB_ALIASES = {"ascii": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}


def decode_text(body: bytes, content_type: str | None) -> str:
    """Decode a body as text: BOM, then declared charset, then ``<meta>`` for HTML, then UTF-8.

    Undecodable bytes become U+FFFD rather than an error: callers look for links and markup, which
    survive a wrong guess about the bytes around them.
    """
    for bom, bom_encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_encoding, errors="replace")
    encoding = charset_of(content_type)
    if encoding is None and media_type(content_type) in (None, "text/html"):
        match = _META_CHARSET.search(body[:1024])
        if match is not None:
            encoding = _known_encoding(match.group(1).decode("ascii"))
            # A meta tag read as ASCII cannot truly be UTF-16 (HTML spec: use UTF-8 then).
            if encoding is not None and encoding.startswith("utf-16"):
                encoding = "utf-8"
    return body.decode(encoding or "utf-8", errors="replace")


def _known_encoding(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WEB_ALIASES.get(name, name)
