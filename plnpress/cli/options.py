"""Options more than one command takes, written once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from plnpress.config.schema import normal_base_url
from plnpress.schema import Invalid

Command = TypeVar("Command", bound=Callable[..., object])


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normal_base_url(value)
    except Invalid as exc:
        raise click.BadParameter(str(exc)) from None


def base_url_option(what: str) -> Callable[[Command], Command]:
    """``--base-url URL``: the site is (or was) built for another address than ``base_url``;
    ``what`` finishes the help text."""
    return click.option(
        "--base-url",
        metavar="URL",
        callback=_base_url,
        help=f"The address instead of base_url in plnpress.yaml: {what}",
    )
