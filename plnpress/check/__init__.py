"""``plnpress check``: lint the built site, the way a reader's browser and IndieWeb tools see it.

Three checks run on every page of ``site/``, offline:

- ``markup``: parse errors by the HTML standard's own parser, and ids used twice;
- ``microformats``: the h-entry, h-feed and h-card that readers and Webmention receivers rely on;
- ``links``: every link, image and stylesheet on the site itself leads to a file or answer of the
  built site, and every ``#fragment`` to an id.

With ``validator``, the Nu HTML validator (Java) checks every page too. ``site`` puts it together.
"""

from plnpress.check.site import CheckOptions, CheckResult, SiteMissing, check_site

__all__ = ["CheckOptions", "CheckResult", "SiteMissing", "check_site"]
