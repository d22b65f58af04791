"""The address a post had on the old site, from its generator's permalink pattern.

Each generator writes patterns its own way, and the importer takes them as the writer's old
config (or ``--old-permalink``) has them:

- Jekyll: ``/:categories/:year/:month/:day/:title:output_ext``, or a style name
  (``date``, ``pretty``, ``ordinal``, ``none``);
- Hugo: ``/:year/:month/:slug/``, ``:section``, ``:filename``... (its ``[permalinks]``);
- Pelican: ``{date:%Y}/{date:%m}/{slug}.html`` (its ``ARTICLE_URL``);
- Eleventy: a front-matter ``permalink`` template, in the common Liquid/Nunjucks forms
  (``/{{ page.date | date: "%Y/%m" }}/{{ title | slugify }}/``).

A pattern that uses something the importer does not know gives no address (and the writer is
told), never a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from plnpress.model.slugs import slugify


class UnknownPlaceholder(ValueError):
    """The pattern uses a placeholder (or expression) the importer cannot fill."""


@dataclass(frozen=True, slots=True)
class OldItem:
    """What an old address may be made of."""

    title: str
    slug: str
    """The generator's own slug: the ``slug`` front matter, else from the file name (Jekyll,
    Hugo) or the title (Pelican)."""
    date: datetime | None
    filename: str
    """The file's stem without a date prefix (a bundle's folder name)."""
    path: str
    """Below the content root, without the extension (``post/2019/09/foo``; a bundle:
    ``post/foo``)."""
    categories: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return self.path.split("/")[0] if "/" in self.path else ""


JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's named permalink styles; ``date`` is its default."""

HUGO_DEFAULT = "/:sections/:filename/"
PELICAN_DEFAULT = "{slug}.html"
ELEVENTY_DEFAULT = "{{ page.filePathStem }}/"


def _dated(item: OldItem) -> datetime:
    if item.date is None:
        raise UnknownPlaceholder("a date (the item has none)")
    return item.date


def _clean(path: str) -> str:
    path = re.sub(r"/{2,}", "/", "/" + path.strip())
    return path.removesuffix("/index.html").removesuffix("/index") + (
        "/" if path.endswith(("/index.html", "/index")) else ""
    )


def jekyll_url(pattern: str, item: OldItem) -> str:
    pattern = JEKYLL_STYLES.get(pattern, pattern)

    def value(name: str) -> str:
        if name == "categories":
            return "/".join(c.lower() for c in item.categories)
        if name in {"title", "name"}:
            return item.slug
        if name == "slug":
            return slugify(item.slug)
        if name == "output_ext":
            return ".html"
        when = _dated(item)
        dates = {
            "year": f"{when:%Y}", "month": f"{when:%m}", "day": f"{when:%d}",
            "i_month": str(when.month), "i_day": str(when.day), "short_year": f"{when:%y}",
            "y_day": f"{when:%j}", "week": f"{when:%V}", "short_day": f"{when:%a}",
            "hour": f"{when:%H}", "minute": f"{when:%M}", "second": f"{when:%S}",
        }  # fmt: skip
        if name not in dates:
            raise UnknownPlaceholder(f":{name}")
        return dates[name]

    return _clean(re.sub(r":([a-z_]+)", lambda m: value(m.group(1)), pattern))


def hugo_url(pattern: str, item: OldItem) -> str:
    def value(name: str) -> str:
        named = {
            "section": item.section,
            "sections": "/".join(item.path.split("/")[:-1]),
            "title": slugify(item.title),
            "slug": item.slug or slugify(item.title),
            "filename": item.filename,
            "contentbasename": item.filename,
            "slugorfilename": item.slug or item.filename,
            "slugorcontentbasename": item.slug or item.filename,
        }
        if name in named:
            return named[name]
        when = _dated(item)
        dates = {
            "year": f"{when:%Y}", "month": f"{when:%m}", "monthname": f"{when:%B}".lower(),
            "day": f"{when:%d}", "weekday": str(when.isoweekday() % 7),
            "weekdayname": f"{when:%A}".lower(), "yearday": str(when.timetuple().tm_yday),
        }  # fmt: skip
        if name not in dates:
            raise UnknownPlaceholder(f":{name}")
        return dates[name]

    return _clean(re.sub(r":([a-z]+)", lambda m: value(m.group(1)), pattern))


def pelican_url(pattern: str, item: OldItem) -> str:
    values = {
        "slug": item.slug,
        "category": slugify(item.categories[0]) if item.categories else "misc",
        "lang": "en",
    }
    if item.date is not None:
        values["date"] = item.date  # type: ignore[assignment]
    try:
        return _clean(pattern.format_map(values))
    except (KeyError, ValueError, IndexError) as exc:
        raise UnknownPlaceholder(f"{{{exc.args[0] if exc.args else pattern}}}") from None


_LIQUID = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")


def eleventy_url(template: str, item: OldItem) -> str:
    """A permalink template with the common Liquid/Nunjucks forms; others are unknown."""
    return _clean(_LIQUID.sub(lambda m: _expression(m.group(1), item), template))


def _expression(expression: str, item: OldItem) -> str:
    name, *filters = [part.strip() for part in expression.split("|")]
    variables: dict[str, object] = {
        "page.fileSlug": item.filename,
        "page.filePathStem": "/" + item.path,
        "page.date": item.date,
        "date": item.date,
        "title": item.title,
        "slug": item.slug,
    }
    if name not in variables:
        raise UnknownPlaceholder(f"{{{{ {expression} }}}}")
    value = variables[name]
    for text in filters:
        value = _filter(text, value, expression)
    if value is None:
        raise UnknownPlaceholder(f"{{{{ {expression} }}}} (no value)")
    return str(value)


def _filter(text: str, value: object, expression: str) -> object:
    match = re.fullmatch(r"(\w+)\s*(?::\s*|\(\s*)?[\"']?([^\"')]*)[\"']?\s*\)?", text)
    if match is None:
        raise UnknownPlaceholder(f"{{{{ {expression} }}}}")
    name, argument = match.groups()
    if name in {"slugify", "slug"}:
        return slugify(str(value))
    if name == "url":
        return value
    if name in {"date", "dateFormat", "postDate"} and isinstance(value, datetime) and argument:
        return value.strftime(argument)
    raise UnknownPlaceholder(f"{{{{ {expression} }}}}")
