"""Entries and pages restored from the build cache, whose HTML body is read on first use.

A warm build restores thousands of entries but renders only the few pages that changed, so the
bodies stay in the cache's pack file until something reads ``content_html``. These classes are
the model's own ``Entry`` and ``Page`` with that one field loaded lazily; everything else about
them (and everything that reads them) is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from plnpress.model import Entry, Page

_HTML = "content_html"


class BodyReads:
    """Whether any body was read since :meth:`reset`: a page that reads none does not change
    when only a body changes (the page cache asks, page by page)."""

    read = False

    @classmethod
    def reset(cls) -> None:
        cls.read = False


class _LoadedOnFirstRead:
    """A data descriptor over the base class's slot: unset until read, then kept."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        BodyReads.read = True
        try:
            return self._slot.__get__(obj, owner)
        except AttributeError:
            value = obj._load_html()  # type: ignore[attr-defined]
            self._slot.__set__(obj, value)
            return value

    def __set__(self, obj: object, value: Any) -> None:
        self._slot.__set__(obj, value)


class RestoredEntry(Entry):
    """An :class:`Entry` from the cache; ``content_html`` is read on first use."""

    __slots__ = ("_load_html",)


class RestoredPage(Page):
    """A :class:`Page` from the cache; ``content_html`` is read on first use."""

    __slots__ = ("_load_html",)


# Set after the class statements: mypy would read a class attribute there as a clash with a slot.
setattr(RestoredEntry, _HTML, _LoadedOnFirstRead(Entry.__dict__[_HTML]))
setattr(RestoredPage, _HTML, _LoadedOnFirstRead(Page.__dict__[_HTML]))


def field_names(cls: type[Entry] | type[Page]) -> tuple[str, ...]:
    """The fields a cache record stores, in order: every field but the body."""
    return _PAGE_FIELDS if issubclass(cls, Page) else _ENTRY_FIELDS


def restore(
    cls: type[Entry] | type[Page],
    values: Sequence[Any],
    load_html: Callable[[], str] | None = None,
    html: str | None = None,
) -> Entry | Page:
    """A restored ``cls`` with ``values`` for its :func:`field_names`, and its body either
    loaded by ``load_html`` on first use or given as ``html``."""
    restored_cls: type[Entry] | type[Page] = RestoredEntry if cls is Entry else RestoredPage
    item = object.__new__(restored_cls)
    setter = object.__setattr__  # the model is frozen; this is its own way of filling a slot
    for name, value in zip(field_names(cls), values, strict=True):
        setter(item, name, value)
    if html is not None:
        setter(item, _HTML, html)
    setter(item, "_load_html", load_html)
    return item


_ENTRY_FIELDS = tuple(name for name in Entry.__dataclass_fields__ if name != _HTML)
_PAGE_FIELDS = tuple(name for name in Page.__dataclass_fields__ if name != _HTML)
