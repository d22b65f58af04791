"""Typed helpers for reading built pages with BeautifulSoup: the one element a selector must
find, and an attribute that must be there as one value."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def one(node: BeautifulSoup | Tag, selector: str) -> Tag:
    """The first element matching ``selector``; fails the test if there is none."""
    found = node.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def attr(tag: Tag, name: str) -> str:
    """The value of attribute ``name``; fails the test if it is missing or multi-valued."""
    value = tag.get(name)
    assert isinstance(value, str), f"{name}={value!r} on <{tag.name}>"
    return value
