"""``plnpress blogroll suggest``: people you are in touch with who are not on your blogroll yet.

Counted from the blog alone, as the ``/network/`` page is (:mod:`plnpress.model.network`): the
people who responded to your entries (by their home page) and the sites your entries link to
(by domain), most responses and links first, leaving out everyone the blogroll already has and
the blog itself. Nothing is fetched; ``blogroll add`` visits the ones you choose.
"""

from __future__ import annotations

from dataclasses import dataclass

from plnpress.blogroll.people import blogroll_people
from plnpress.config import Config
from plnpress.content import ContentOptions, load_site
from plnpress.content.blogroll import same_site
from plnpress.errors import ProblemLog
from plnpress.model.blogroll import BlogrollPerson
from plnpress.model.network import network_of, site_domain


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Someone to consider for the blogroll."""

    name: str
    url: str
    """Their home page, or the site's address: what ``blogroll add`` is given."""
    responses: int
    """How many times they responded to the blog."""
    links: int
    """How many of the blog's entries link to their site."""

    @property
    def score(self) -> int:
        return self.responses + self.links


def suggestions(config: Config) -> list[Suggestion]:
    """Everyone to suggest, best first."""
    log = ProblemLog()
    site = load_site(config, ContentOptions(), log)
    log.raise_if_errors("Suggest")
    on_blogroll = blogroll_people(config)
    network = network_of(site.entries, config.base_url)
    found: dict[str, Suggestion] = {}
    for person in network.people:
        if person.url and not _listed(person.url, on_blogroll):
            key = same_site(person.url)
            found[key] = Suggestion(person.name, person.url, person.responses, 0)
    for linked in network.sites:
        url = f"https://{linked.domain}/"
        if _listed(url, on_blogroll):
            continue
        key = same_site(url)
        known = found.get(key)
        if known is not None:
            found[key] = Suggestion(known.name, known.url, known.responses, linked.entries)
        else:
            found[key] = Suggestion(linked.domain, url, 0, linked.entries)
    return sorted(found.values(), key=lambda s: (-s.score, s.name.casefold(), s.url))


def _listed(url: str, people: tuple[BlogrollPerson, ...]) -> bool:
    """Is `url` a page of a site on the blogroll (a blogroll address that is a site's root
    covers its whole domain)?"""
    key = same_site(url)
    for person in people:
        listed = same_site(person.url)
        if key == listed or key.startswith(listed + "/"):
            return True
        if "/" not in listed and site_domain(person.url) == site_domain(url):
            return True
    return False
