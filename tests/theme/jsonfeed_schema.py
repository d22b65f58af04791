"""The JSON Feed 1.1 specification (https://www.jsonfeed.org/version/1.1/) as a JSON Schema.

Written out as data so the tests need no network. Stricter than the prose in one way: unknown keys
are refused unless they start with ``_`` (the spec's extension prefix), to catch misspelt fields.
URLs and dates are checked by pattern, so the check does not depend on optional format plugins.
"""

from __future__ import annotations

from typing import Any

_URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
_RFC3339 = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$",
}
_EXTENSIONS: dict[str, object] = {"^_": {}}

_AUTHOR = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": _URL, "avatar": _URL},
    "patternProperties": _EXTENSIONS,
    "additionalProperties": False,
    "minProperties": 1,
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}

_ATTACHMENT = {
    "type": "object",
    "required": ["url", "mime_type"],
    "properties": {
        "url": _URL,
        "mime_type": {"type": "string"},
        "title": {"type": "string"},
        "size_in_bytes": {"type": "number"},
        "duration_in_seconds": {"type": "number"},
    },
    "patternProperties": _EXTENSIONS,
    "additionalProperties": False,
}

_ITEM = {
    "type": "object",
    "required": ["id"],
    "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "url": _URL,
        "external_url": _URL,
        "title": {"type": "string"},
        "content_html": {"type": "string"},
        "content_text": {"type": "string"},
        "summary": {"type": "string"},
        "image": _URL,
        "banner_image": _URL,
        "date_published": _RFC3339,
        "date_modified": _RFC3339,
        "authors": {"type": "array", "items": _AUTHOR},
        "author": _AUTHOR,
        "tags": {"type": "array", "items": {"type": "string"}},
        "language": {"type": "string"},
        "attachments": {"type": "array", "items": _ATTACHMENT},
    },
    "patternProperties": _EXTENSIONS,
    "additionalProperties": False,
}

JSON_FEED_1_1: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "JSON Feed 1.1",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": _URL,
        "feed_url": _URL,
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": _URL,
        "icon": _URL,
        "favicon": _URL,
        "authors": {"type": "array", "items": _AUTHOR},
        "author": _AUTHOR,
        "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "hubs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "url"],
                "properties": {"type": {"type": "string"}, "url": _URL},
            },
        },
        "items": {"type": "array", "items": _ITEM},
    },
    "patternProperties": _EXTENSIONS,
    "additionalProperties": False,
}
