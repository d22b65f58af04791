"""Cold full build: plnpress against Pelican on the same generated corpus, in one run.

    python bench/build_vs_pelican.py [--posts 1000] [--runs 3]

Pelican is installed from PyPI into bench/.work/pelican-venv the first time. Each tool builds from
scratch (no caches) `--runs` times; the table shows medians and the ratio.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate, write_pelican, write_pelican_config, write_plnpress
from bench.peers import (
    WORK,
    median_seconds,
    pelican_python,
    pelican_version,
    run_pelican,
    run_plnpress,
    table,
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    corpus = WORK / f"corpus-{args.posts}"
    if not (corpus / "plnpress").exists():
        posts = generate(args.posts)
        write_plnpress(posts, corpus / "plnpress")
        write_pelican(posts, corpus / "pelican")
    write_pelican_config(corpus / "pelican")
    python = pelican_python()

    ours, our_runs = median_seconds(
        lambda: run_plnpress(corpus / "plnpress", corpus / "out-plnpress"), args.runs
    )
    theirs, their_runs = median_seconds(
        lambda: run_pelican(python, corpus / "pelican", corpus / "out-pelican"), args.runs
    )
    print(f"Cold full build, {args.posts} posts, median of {args.runs} runs")
    print(
        table(
            [
                ["tool", "median s", "runs s"],
                ["plnpress", f"{ours:.2f}", " ".join(f"{t:.2f}" for t in our_runs)],
                [
                    f"pelican {pelican_version(python)}",
                    f"{theirs:.2f}",
                    " ".join(f"{t:.2f}" for t in their_runs),
                ],
            ]
        )
    )
    print(f"plnpress is {theirs / ours:.2f}x faster than Pelican")


if __name__ == "__main__":
    main()
