"""Peak memory of ``plnpress webmention receive`` while it verifies big sources at once.

The receiver (its own process, the real command under uvicorn) is sent, at the same moment, a
Webmention from each of: a gzip bomb (200 MB of zeros in 200 KB), a 52 MB page and a 50 MB page
(ordinary paragraphs, linking at their end), each on a host of its own so all three are checked
at once; then, on its own, a page of 1 MB of NUL bytes; then the worst case: four pages (as many
as the receiver checks at once) each just under the limits of what a reader builds. Reported for
each round: the peak growth over the idle receiver of its own RSS, and of the PSS of its whole
process tree (the fork server and the readers that parse the pages), with how each check ended.
Memory does not depend on the machine's load, so one run gives the figure.

    python bench/receiver_memory.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile.receiver_memory import measure
from tests.hostile.sources import big_page, dense_page, gzip_bomb, nul_bytes
from tests.receiver.conftest import FIRST, build_receiving_blog
from tests.webmention.servers import LocalServer, Reply


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="plnpress-receiver-memory-"))
    servers: list[LocalServer] = []

    def make_server(host: str) -> LocalServer:
        servers.append(LocalServer(host=host).start())
        return servers[-1]

    rounds: dict[str, dict[str, Reply]] = {
        "gzip bomb + 52 MB page + 50 MB page at once": {
            "bomb": gzip_bomb(),
            "page-52": big_page(FIRST, 52),
            "page-50": big_page(FIRST, 50),
        },
        "1 MB of NUL bytes": {"nul": nul_bytes()},
        "worst case: four pages just under the reader's limits at once": {
            f"dense-{n}": dense_page() for n in range(1, 5)
        },
    }
    try:
        site = build_receiving_blog(work / "blog")
        for index, (name, sources) in enumerate(rounds.items()):
            growth = measure(site.parent, work / f"r{index}.sqlite3", make_server, sources, FIRST)
            print(f"{name}:")
            print(f"  receiver RSS growth (peak):        {growth.receiver_rss:7.1f} MB")
            print(f"  receiver + readers PSS growth:     {growth.tree_pss:7.1f} MB")
            for source, record in sorted(growth.outcomes.items()):
                print(f"  {source:8} {record['status']}: {record['reason']}")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
