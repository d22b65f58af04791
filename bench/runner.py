"""What ``bench/run`` does; see its docstring."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.cold import Outputs, timed_cold_builds
from bench.corpus import generate, write_pelican, write_pelican_config, write_plnpress
from bench.memory import peak_memory
from bench.peers import (
    WORK,
    eleventy,
    hugo,
    pelican_python,
    pelican_version,
    run_pelican,
    table,
)

EDIT = "\nAn edit made by the benchmark, number {n}.\n"


@dataclass
class Tool:
    name: str
    build: Callable[[Path], None] | None
    """Cold full build into a new output folder, or None when not available."""
    output: Path = Path()
    """Where the tool's builds go (timed cold builds go next to it, see bench/cold.py)."""
    prepare: Callable[[], None] | None = None
    """Run untimed before each cold build."""
    why_not: str = ""
    times: list[float] = field(default_factory=list)


def _plnpress(blog: Path, output: Path, clean: bool) -> None:
    if clean:
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "--output", str(output)]
    subprocess.run(command, check=True, capture_output=True)


def _corpus(posts: int) -> Path:
    corpus = WORK / f"corpus-{posts}"
    done = corpus / ".complete"
    if not done.exists():
        print(f"generating {posts} posts in each tool's format under {corpus} ...", flush=True)
        shutil.rmtree(corpus, ignore_errors=True)
        items = generate(posts)
        write_plnpress(items, corpus / "plnpress")
        write_pelican(items, corpus / "pelican")
        hugo.write(items, corpus / "hugo")
        eleventy.write(items, corpus / "eleventy")
        done.write_text("ok\n")
    write_pelican_config(corpus / "pelican")
    hugo.write_layouts(corpus / "hugo")
    return corpus


def _tools(corpus: Path) -> list[Tool]:
    blog = corpus / "plnpress"
    tools = [
        Tool(
            "plnpress",
            lambda out: _plnpress(blog, out, clean=False),
            corpus / "out-plnpress",
            prepare=lambda: shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True),
        )
    ]
    try:
        python = pelican_python()
        tools.append(
            Tool(
                f"pelican {pelican_version(python)}",
                lambda out: run_pelican(python, corpus / "pelican", out),
                corpus / "out-pelican",
            )
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        tools.append(Tool("pelican", None, why_not=f"pip install pelican failed: {exc}"))
    reason = eleventy.install(WORK)
    if reason is None:
        tools.append(
            Tool(
                f"eleventy {eleventy.version(WORK)}",
                lambda out: eleventy.build(WORK, corpus / "eleventy", out),
                corpus / "out-eleventy",
            )
        )
    else:
        tools.append(Tool("eleventy", None, why_not=reason))
    reason = hugo.install()
    if reason is None:
        tools.append(
            Tool(
                f"hugo {hugo.version()}",
                lambda out: hugo.build(corpus / "hugo", out),
                corpus / "out-hugo",
            )
        )
    else:
        tools.append(Tool("hugo", None, why_not=reason))
    return tools


def _edit_times(path: Path, action: Callable[[], None], runs: int) -> list[float]:
    """Append an edit to ``path`` before each timed ``action``; the file is restored after."""
    original = path.read_text(encoding="utf-8")
    times = []
    try:
        for number in range(runs):
            path.write_text(original + EDIT.format(n=number), encoding="utf-8")
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
    finally:
        path.write_text(original, encoding="utf-8")
    return times


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):.2f}" if times else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3, help="cold builds per tool")
    parser.add_argument("--warm-runs", type=int, default=5, help="edits timed per tool")
    parser.add_argument("--serve-edits", type=int, default=10)
    parser.add_argument("--no-serve", action="store_true", help="skip plnpress serve")
    args = parser.parse_args()
    started = time.perf_counter()

    corpus = _corpus(args.posts)
    tools = _tools(corpus)
    outputs = Outputs()
    outputs.remove_leftovers(corpus)
    print(f"\nCold full build, {args.posts} posts, median of {args.runs} runs", flush=True)
    print("(each into a new folder, no deletion in the 35 s before it: see bench/cold.py)")
    for tool in tools:
        if tool.build is not None:
            tool.times = timed_cold_builds(
                outputs, tool.output, tool.build, args.runs, tool.prepare
            )
    outputs.remove_all()
    ours = statistics.median(tools[0].times)
    rows = [["tool", "median s", "runs s", "plnpress is"]]
    for tool in tools:
        if tool.build is None:
            rows.append([tool.name, "not available", tool.why_not[:70], ""])
            continue
        theirs = statistics.median(tool.times)
        runs = " ".join(f"{t:.2f}" for t in tool.times)
        rows.append([tool.name, f"{theirs:.2f}", runs, f"{theirs / ours:.2f}x faster"])
    print(table(rows))

    post = "post-00500.md" if args.posts > 500 else "post-00000.md"
    blog = corpus / "plnpress"
    _plnpress(blog, corpus / "out-plnpress", clean=False)  # the cache of the tree as it is
    warm = _edit_times(
        blog / "content" / "posts" / post,
        lambda: _plnpress(blog, corpus / "out-plnpress", clean=False),
        args.warm_runs,
    )
    print(f"\nWarm build after a one-post edit, median of {args.warm_runs} edits")
    rows = [["tool", "median s", "runs s", "plnpress is"]]
    rows.append(["plnpress build (fresh process)", _median(warm), _runs(warm), ""])
    hugo_tool = next(t for t in tools if t.name.startswith("hugo"))
    if hugo_tool.build is not None:
        hugo.build(corpus / "hugo", corpus / "out-hugo")  # its output as it is, like ours
        rebuild = _edit_times(
            corpus / "hugo" / "content" / "posts" / post,
            lambda: hugo.build(corpus / "hugo", corpus / "out-hugo"),
            args.warm_runs,
        )
        ratio = statistics.median(rebuild) / statistics.median(warm)
        rows.append(["hugo (rebuilds everything)", _median(rebuild), _runs(rebuild),
                     f"{ratio:.2f}x faster"])  # fmt: skip
    else:
        rows.append(["hugo", "not available", hugo_tool.why_not[:70], ""])
    print(table(rows))

    print("\nPeak memory of a cold plnpress build (process tree, sampled every 20 ms)")
    shutil.rmtree(corpus / "out-plnpress", ignore_errors=True)
    shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "-o",
               str(corpus / "out-plnpress")]  # fmt: skip
    peak = peak_memory(command)
    print(f"  (target: under 500 MB; {args.posts} posts)")
    print(f"  PSS summed over the processes (shared pages counted once): {peak.tree_pss:.0f} MB")
    print(f"  RSS summed over the processes (shared pages once each): {peak.tree_rss:.0f} MB")
    print(f"  the main process alone (ru_maxrss): {peak.main_rss:.0f} MB")

    if not args.no_serve:
        from bench import serve_reload

        print("\nplnpress serve: save to reload (median)")
        for posts in sorted({min(1000, args.posts), args.posts}):
            median, startup = serve_reload.measure(posts, args.serve_edits)
            print(f"  {posts:6d} posts: {median * 1000:.0f} ms (first build {startup:.1f} s)")
    print(f"\nbench/run took {time.perf_counter() - started:.0f} s")


def _runs(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)
