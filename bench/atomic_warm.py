"""What swapping in a whole new site costs a warm build (issue 15, point 8).

A warm build makes its new site beside the old one (the files written anew plus hard links to
every other file) and swaps the two in one rename, so that ``site/`` is always one whole build.
Before, it replaced the changed files one by one in ``site/``. This measures both in the same
run, on a generated blog of N posts built once (untimed):

- **one post edited** (a line added): a handful of files change, every other one is linked;
- **title changed**: every page is written anew.

Each round is a fresh process running ``plnpress.build.build()`` (as ``plnpress build`` does,
without the command line's start-up), once as it is (atomic) and once with the swap switched off
(files replaced in place, each atomically, as a staging folder on another file system than
``site/`` still is); rounds alternate the two, and the medians are reported with the difference.

    python bench/atomic_warm.py [--posts 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.command import run_plnpress
from bench.corpus import generate, write_plnpress

WORK = Path(__file__).resolve().parent / ".work" / "atomic-warm"
ONE_BUILD = """
import sys, time
from plnpress.build import BuildOptions, build
from plnpress.config import load_config
import plnpress.output.writer as writer
if sys.argv[2] == "in-place":
    writer.same_file_system = lambda one, other: False
started = time.perf_counter()
result = build(load_config(__import__("pathlib").Path(sys.argv[1])), BuildOptions())
print(time.perf_counter() - started, result.report.written)
"""


def timed_build(root: Path, mode: str) -> tuple[float, int]:
    done = subprocess.run(
        [sys.executable, "-c", ONE_BUILD, str(root), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, written = done.stdout.split()
    return float(seconds), int(written)


def edit_one_post(root: Path, round_number: int) -> None:
    post = sorted((root / "content/posts").glob("*.md"))[round_number % 7]
    post.write_text(post.read_text() + f"\nEdited in round {round_number}.\n")


def change_title(root: Path, round_number: int) -> None:
    config = root / "plnpress.yaml"
    lines = [
        f"title: Blog, round {round_number}" if line.startswith("title:") else line
        for line in config.read_text().splitlines()
    ]
    config.write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    root = write_plnpress(generate(args.posts), WORK / "blog")
    run_plnpress(root, "build")
    files = sum(1 for path in (root / "site").rglob("*") if path.is_file())
    print(f"{args.posts} posts, {files} files in site/; medians of {args.rounds} rounds each")
    number = 0
    for name, edit in (("one post edited", edit_one_post), ("title changed", change_title)):
        times: dict[str, list[float]] = {"atomic": [], "in-place": []}
        written = 0
        for _ in range(args.rounds):
            for mode in ("atomic", "in-place"):
                number += 1
                edit(root, number)
                seconds, written = timed_build(root, mode)
                times[mode].append(seconds)
        atomic, in_place = (statistics.median(times[mode]) for mode in ("atomic", "in-place"))
        print(
            f"  {name:16} ({written:>6} files written): atomic {atomic:6.2f} s,"
            f" in place {in_place:6.2f} s, cost {atomic - in_place:+.2f} s"
            f" ({(atomic / in_place - 1) * 100:+.0f} %)"
        )
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
