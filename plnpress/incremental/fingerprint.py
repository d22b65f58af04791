"""Fingerprints: short digests of values, to tell what changed since the last build.

Two values with the same fingerprint render the same bytes. Anything the fingerprinter does not
understand gets a fingerprint that differs every time (its ``repr`` with the object's address), so
an unknown value makes pages rebuild rather than go stale; :attr:`Fingerprints.unknown` counts
them, so that a caller can tell a fingerprint that will never match again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from pathlib import PurePath
from types import ModuleType
from typing import Any

Digest = bytes
"""16 bytes of BLAKE2b."""


def digest(*parts: bytes) -> Digest:
    """The digest of ``parts`` joined (callers make the parts unambiguous)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part)
    return hasher.digest()


def text_digest(text: str) -> Digest:
    return digest(text.encode("utf-8", "surrogatepass"))


class Fingerprints:
    """Fingerprints of model values for one build, each object's computed once.

    Objects are remembered by identity, which is sound because the model is frozen and every
    object stays alive (the memo holds it) while the build runs.
    """

    def __init__(self, skip: frozenset[str] = frozenset()) -> None:
        self._memo: dict[int, tuple[object, Digest]] = {}
        self._skip = skip
        """Fields left out of every object's fingerprint (``content_html`` for page lists)."""
        self._hex: dict[int, str] = {}
        self._unstable: set[int] = set()
        """Objects whose fingerprint took in an unknown value."""
        self.unknown = 0
        """Unknown values met so far (an object's are counted each time it is used again)."""

    def pin(self, value: object, fingerprint: Digest) -> None:
        """Use ``fingerprint`` for ``value`` (an entry restored from the cache knows its own)."""
        self._memo[id(value)] = (value, fingerprint)

    def of(self, value: object) -> Digest:
        """The fingerprint of ``value`` (for a model object, the one :meth:`pin` set)."""
        found = self._memo.get(id(value))
        if found is not None and id(value) not in self._unstable:
            return found[1]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._object(value)
        parts: list[str] = []
        self._write(value, parts)
        return text_digest("".join(parts))

    def of_all(self, values: Iterable[object]) -> Digest:
        """The fingerprint of a sequence, as :meth:`of` would give for a tuple of them."""
        return self.of(tuple(values))

    def _object(self, value: object) -> Digest:
        found = self._memo.get(id(value))
        if found is not None:
            if id(value) in self._unstable:
                self.unknown += 1
            return found[1]
        before = self.unknown
        parts: list[str] = [type(value).__qualname__, "("]
        for field in dataclasses.fields(value):  # type: ignore[arg-type]
            if field.name in self._skip:
                continue
            parts.append(field.name)
            self._write(getattr(value, field.name), parts)
        parts.append(")")
        fingerprint = text_digest("".join(parts))
        self._memo[id(value)] = (value, fingerprint)
        if self.unknown != before:
            self._unstable.add(id(value))
        return fingerprint

    def _write(self, value: object, out: list[str]) -> None:
        writer = _WRITERS.get(type(value))
        if writer is not None:
            writer(self, value, out)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            found = self._hex.get(id(value))
            if found is None:
                found = self._hex[id(value)] = "#" + self._object(value).hex()
            elif id(value) in self._unstable:
                self.unknown += 1
            out.append(found)
        elif isinstance(value, Enum):
            out.append(f"e{type(value).__qualname__}.{value.name};")
        elif isinstance(value, str):
            _write_str(self, value, out)
        elif isinstance(value, tuple | list):
            _write_sequence(self, value, out)
        elif isinstance(value, Mapping):
            _write_mapping(self, value, out)
        elif isinstance(value, set | frozenset):
            out.append("{" + ",".join(sorted(self.of(item).hex() for item in value)) + "}")
        elif isinstance(value, datetime | date | time | timedelta | PurePath | tzinfo):
            out.append(f"d{type(value).__name__}{value!s}|{getattr(value, 'tzinfo', '')};")
        elif callable(value):
            self._write_callable(value, out)
        else:  # unknown: unique per object and build, so whatever shows it is rebuilt
            self.unknown += 1
            out.append(f"?{type(value).__qualname__}{value!r}@{id(value)};")

    def _write_callable(self, value: Callable[..., Any], out: list[str]) -> None:
        func = getattr(value, "func", None)  # functools.partial
        if func is not None:
            out.append("partial(")
            self._write(func, out)
            self._write(getattr(value, "args", ()), out)
            self._write(getattr(value, "keywords", {}), out)
            out.append(")")
            return
        owner = getattr(value, "__self__", None)
        if owner is not None and not isinstance(owner, ModuleType):
            self._write(owner, out)  # a bound method depends on its object
        out.append(f"f{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}(")
        # A closure behaves according to what it captured (the config, say).
        for cell in getattr(value, "__closure__", None) or ():
            self._write(cell.cell_contents, out)
        self._write(getattr(value, "__defaults__", None), out)
        out.append(")")


def _write_str(fp: Fingerprints, value: object, out: list[str]) -> None:
    text = str(value)
    out.append(f"s{len(text)}:")
    out.append(text)


def _write_scalar(fp: Fingerprints, value: object, out: list[str]) -> None:
    out.append(f"{type(value).__name__[0]}{value!r};")


def _write_sequence(fp: Fingerprints, value: object, out: list[str]) -> None:
    out.append("(")
    for item in value:  # type: ignore[attr-defined]
        fp._write(item, out)
    out.append(")")


def _write_mapping(fp: Fingerprints, value: object, out: list[str]) -> None:
    out.append("{")
    for key, item in value.items():  # type: ignore[attr-defined]
        fp._write(key, out)
        fp._write(item, out)
    out.append("}")


def _write_bytes(fp: Fingerprints, value: object, out: list[str]) -> None:
    out.append(f"b{bytes(value).hex()};")  # type: ignore[call-overload]


_WRITERS: dict[type, Callable[[Fingerprints, object, list[str]], None]] = {
    str: _write_str,
    int: _write_scalar,
    float: _write_scalar,
    bool: _write_scalar,
    type(None): _write_scalar,
    tuple: _write_sequence,
    list: _write_sequence,
    dict: _write_mapping,
    bytes: _write_bytes,
}
