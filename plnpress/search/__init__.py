"""Search without a server: Pagefind reads the built pages and writes an index beside them,
which the search page's script queries in the reader's browser (nothing is sent anywhere).

- :mod:`.program`: finding the Pagefind program (the ``pagefind[bin]`` package ships it).
- :mod:`.index`: the index of a build's published entries and pages, made again only when one of
  them changed, as files for the output writer (so a failed build writes none of it).
"""

from plnpress.search.index import SearchIndex, searchable
from plnpress.search.program import MISSING, pagefind_program

__all__ = ["MISSING", "SearchIndex", "pagefind_program", "searchable"]
