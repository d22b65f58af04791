"""The receiver grows by less than 150 MB whatever it verifies (issue 15, point 2): a gzip bomb,
a 52 MB page and a 50 MB page at once, and a megabyte of NUL bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.receiver_memory import measure
from tests.hostile.sources import big_page, gzip_bomb, nul_bytes
from tests.receiver.conftest import FIRST
from tests.webmention.servers import LocalServer

MakeServer = Callable[..., LocalServer]
LIMIT_MB = 150


def test_big_and_hostile_sources_at_once_cost_the_receiver_little(
    built_site: Path, make_server: MakeServer, tmp_path: Path
) -> None:
    sources = {
        "bomb": gzip_bomb(),
        "page-52": big_page(FIRST, 52),
        "page-50": big_page(FIRST, 50),
        "nul": nul_bytes(),
    }
    growth = measure(built_site.parent, tmp_path / "m.sqlite3", make_server, sources, FIRST)

    assert growth.receiver_rss < LIMIT_MB, growth
    assert growth.tree_pss < LIMIT_MB, growth
    assert set(growth.outcomes) == set(sources)
    for name, record in growth.outcomes.items():
        assert record["status"] == "rejected", (name, record)
        assert "does not link to" in record["reason"], (name, record)  # only the first MB is read
