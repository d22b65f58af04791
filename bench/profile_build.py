"""Where a cold build's time goes: one build of a corpus in this process under cProfile.

    python bench/profile_build.py [--kind inline-heavy] [--posts 2000] [--top 25]

The build runs in one process (no forked workers, so the profile sees all of it) into a new
folder, with no build cache. Prints the CPU time, the share of it spent in each library (the
time of a function counted against the package that defines it), and the functions with the
most time of their own and the most time under them. ``--save FILE`` keeps the raw profile
(``python -m pstats FILE``, or snakeviz) for a closer look.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_plnpress
from bench.kinds import KINDS
from bench.peers import WORK

PACKAGES = (
    "markdown_it", "mdit_py_plugins", "linkify_it", "pygments", "jinja2", "yaml", "plnpress",
)  # fmt: skip


def _package(filename: str) -> str:
    for name in PACKAGES:
        if f"/{name}/" in filename:
            return name
    if filename.startswith("<") or "/lib/python3" in filename or filename == "~":
        return "python (stdlib, builtins)"
    return "other"


def shares(stats: pstats.Stats) -> Counter[str]:
    """Seconds of each package's own time (time spent in its functions, not under them)."""
    totals: Counter[str] = Counter()
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename)] += tottime
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="inline-heavy", choices=sorted(KINDS))
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="write the raw profile here")
    args = parser.parse_args()

    blog = WORK / f"profile-{args.kind}-{args.posts}"
    if not (blog / "plnpress.yaml").exists():
        write_plnpress(KINDS[args.kind](args.posts), blog)
    shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    output = blog / "site"
    shutil.rmtree(output, ignore_errors=True)

    from plnpress.build import BuildOptions, build
    from plnpress.config import load_config

    config = load_config(blog)
    profile = cProfile.Profile()
    cpu = time.process_time()
    profile.enable()
    build(config, BuildOptions(output=output, processes=1))
    profile.disable()
    cpu = time.process_time() - cpu

    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    total = sum(shares(stats).values())
    print(f"{args.kind}, {args.posts} posts, one process: {cpu:.1f} s CPU ({total:.1f} s profiled)")
    for name, seconds in shares(stats).most_common():
        print(f"  {seconds / total:6.1%}  {seconds:6.1f} s  {name}")
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
