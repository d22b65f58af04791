"""A Micropub request read into one shape, whatever its encoding (W3C Micropub §3.1-§3.3).

- form-encoded: ``h=entry&content=...&category[]=a&category[]=b``; ``mp-*`` are commands,
  ``access_token`` the token, ``action`` and ``url`` an update, delete or undelete;
- multipart: the same fields, plus files under ``photo``, ``video`` or ``audio`` (with or
  without ``[]``); the media endpoint's one file is ``file``;
- JSON: ``{"type": ["h-entry"], "properties": {...}}`` (``mp-*`` among the properties), or
  ``{"action": "update", "url": ..., "replace": {...}, "add": {...}, "delete": [...] or {...}}``.

Anything else, or a shape these do not allow (a property that is not a list in JSON, a nested
form name such as ``location[latitude]``), is a 400 with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import UploadFile
from starlette.requests import Request

from plnpress.micropub.errors import invalid, too_large

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON_TYPE = "application/json"
FILE_PROPERTIES = ("photo", "video", "audio", "file")
RESERVED = frozenset({"h", "action", "url", "access_token"})
MAX_FIELDS = 1000
MAX_FILES = 10


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with the request."""

    property: str
    """``photo``, ``video``, ``audio`` (a post's) or ``file`` (the media endpoint's)."""
    filename: str
    data: bytes


@dataclass(slots=True)
class MicropubRequest:
    """What the request asks, in Micropub's own terms."""

    action: str = "create"
    type: str = "h-entry"
    properties: dict[str, list[Any]] = field(default_factory=dict)
    commands: dict[str, list[Any]] = field(default_factory=dict)
    """``mp-slug``, ``mp-syndicate-to``, ... (without their values' checks yet)."""
    url: str | None = None
    replace: dict[str, list[Any]] = field(default_factory=dict)
    add: dict[str, list[Any]] = field(default_factory=dict)
    delete: list[str] | dict[str, list[Any]] = field(default_factory=list)
    access_token: str | None = None
    uploads: list[Upload] = field(default_factory=list)


async def read_request(request: Request, body: bytes, max_file: int) -> MicropubRequest:
    """The request's body in Micropub's terms; raises `MicropubError` (400 or 413)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == JSON_TYPE:
        return read_json(body)
    if media == FORM:
        return read_fields(parse_qsl(_text(body), keep_blank_values=True), [])
    if media == MULTIPART:
        fields, uploads = await _multipart(request, max_file)
        return read_fields(fields, uploads)
    raise invalid(
        f"send the request as {FORM}, {MULTIPART} or {JSON_TYPE}, not {media or 'nothing'}"
    )


def read_fields(fields: list[tuple[str, str]], uploads: list[Upload]) -> MicropubRequest:
    """A form's fields (form-encoded or multipart)."""
    if len(fields) > MAX_FIELDS:
        raise invalid(f"more than {MAX_FIELDS} fields")
    result = MicropubRequest(uploads=uploads)
    for raw_name, value in fields:
        name = raw_name.removesuffix("[]")
        if "[" in name or "]" in name:
            raise invalid(f"{raw_name}: nested form names are not supported; send JSON")
        if name in RESERVED:
            _reserved(result, name, value)
        elif name.startswith("mp-") or name == "post-status":
            result.commands.setdefault(name, []).append(value)
        elif value != "":
            result.properties.setdefault(name, []).append(value)
    return result


def _reserved(result: MicropubRequest, name: str, value: str) -> None:
    if name == "h":
        result.type = "h-" + value
    elif name == "action":
        result.action = value
    elif name == "url":
        result.url = value
    else:
        result.access_token = value


def read_json(body: bytes) -> MicropubRequest:
    try:
        data = json.loads(_text(body))
    except ValueError as exc:
        raise invalid(f"the body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise invalid("the JSON body must be an object")
    action = data.get("action", "create")
    if not isinstance(action, str):
        raise invalid("action must be a string")
    if action != "create":
        return _json_action(action, data)
    kinds = data.get("type")
    if not isinstance(kinds, list) or len(kinds) != 1 or not isinstance(kinds[0], str):
        raise invalid('type must be a list of one type, such as ["h-entry"]')
    properties = _property_map(data.get("properties", {}), "properties")
    commands = {name: values for name, values in properties.items() if name.startswith("mp-")}
    if "post-status" in properties:
        commands["post-status"] = properties.pop("post-status")
    for name in commands:
        properties.pop(name, None)
    return MicropubRequest(type=kinds[0], properties=properties, commands=commands)


def _json_action(action: str, data: dict[str, Any]) -> MicropubRequest:
    url = data.get("url")
    if not isinstance(url, str):
        raise invalid(f"{action} needs the url of the post")
    result = MicropubRequest(action=action, url=url)
    if action != "update":
        return result
    result.replace = _property_map(data.get("replace", {}), "replace")
    result.add = _property_map(data.get("add", {}), "add")
    delete = data.get("delete", [])
    if isinstance(delete, list):
        if not all(isinstance(name, str) for name in delete):
            raise invalid("delete must list property names, or map names to values")
        result.delete = list(delete)
    else:
        result.delete = _property_map(delete, "delete")
    return result


def _property_map(value: object, what: str) -> dict[str, list[Any]]:
    if not isinstance(value, dict):
        raise invalid(f"{what} must be an object of properties")
    for name, values in value.items():
        if not isinstance(values, list):
            raise invalid(f"{what}: the values of {name} must be a list")
    return dict(value)


async def _multipart(request: Request, max_file: int) -> tuple[list[tuple[str, str]], list[Upload]]:
    try:
        form = await request.form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=1_000_000
        )
    except Exception as exc:  # starlette raises its own and the parser's errors
        raise invalid(f"the multipart body cannot be read ({exc})") from None
    fields: list[tuple[str, str]] = []
    uploads: list[Upload] = []
    try:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                prop = name.removesuffix("[]")
                if prop not in FILE_PROPERTIES:
                    raise invalid(f"{name}: files go in photo, video, audio (or file)")
                data = await value.read(max_file + 1)
                if len(data) > max_file:
                    raise too_large(max_file)
                uploads.append(Upload(prop, value.filename or "", data))
            else:
                fields.append((name, value))
    finally:
        await form.close()
    return fields, uploads


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("the body is not UTF-8 text") from None
