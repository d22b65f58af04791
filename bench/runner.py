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

from bench.cold import Outputs, timed_cold_build
from bench.corpus import write_pelican, write_pelican_config, write_plnpress
from bench.kinds import KINDS
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
    cpu: list[float] = field(default_factory=list)


def _plnpress(blog: Path, output: Path) -> None:
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "--output", str(output)]
    subprocess.run(command, check=True, capture_output=True)


def _corpus(kind: str, posts: int) -> Path:
    corpus = WORK / f"corpus-{kind}-{posts}"
    done = corpus / ".complete"
    if not done.exists():
        print(f"generating {posts} {kind} posts in each tool's format under {corpus} ...")
        shutil.rmtree(corpus, ignore_errors=True)
        items = KINDS[kind](posts)
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
            lambda out: _plnpress(blog, out),
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


def _cold(corpora: dict[str, Path], runs: int) -> dict[str, list[Tool]]:
    """Every tool's cold builds of every corpus, paired: each round builds once with each tool
    (A B C A B C ...), so that a slow spell of the shared machine falls on all of them."""
    outputs = Outputs()
    measured = {kind: _tools(corpus) for kind, corpus in corpora.items()}
    for corpus in corpora.values():
        outputs.remove_leftovers(corpus)
    for kind, tools in measured.items():
        print(f"cold builds of the {kind} corpus: {runs} rounds", flush=True)
        for _ in range(runs):
            for tool in tools:
                if tool.build is not None:
                    wall, cpu = timed_cold_build(outputs, tool.output, tool.build, tool.prepare)
                    tool.times.append(wall)
                    tool.cpu.append(cpu)
        outputs.remove_all()
    return measured


def _cold_table(measured: dict[str, list[Tool]]) -> str:
    """One row a tool, one column pair a corpus kind: wall (CPU) medians and the ratio."""
    header = ["tool"]
    for kind in measured:
        header += [f"{kind}: wall s (CPU s)", "plnpress is"]
    rows = [header]
    names = [tool.name for tool in next(iter(measured.values()))]
    for index, name in enumerate(names):
        row = [name]
        for tools in measured.values():
            tool, ours = tools[index], tools[0]
            if tool.build is None:
                row += ["not available: " + tool.why_not[:50], ""]
                continue
            wall, cpu = statistics.median(tool.times), statistics.median(tool.cpu)
            ratio = f"{wall / statistics.median(ours.times):.2f}x faster" if index else ""
            row += [f"{wall:.2f} ({cpu:.2f})", ratio]
        rows.append(row)
    return table(rows)


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


def _warm(kind: str, corpus: Path, posts: int, runs: int, hugo_tool: Tool) -> list[list[str]]:
    post = "post-00500.md" if posts > 500 else "post-00000.md"
    blog, output = corpus / "plnpress", corpus / "out-plnpress"
    _plnpress(blog, output)  # the cache of the tree as it is
    warm = _edit_times(blog / "content" / "posts" / post, lambda: _plnpress(blog, output), runs)
    rows = [[kind, "plnpress build (fresh process)", _median(warm), _runs(warm), ""]]
    if hugo_tool.build is None:
        return [*rows, [kind, "hugo", "not available", hugo_tool.why_not[:70], ""]]
    hugo.build(corpus / "hugo", corpus / "out-hugo")  # its output as it is, like ours
    rebuild = _edit_times(
        corpus / "hugo" / "content" / "posts" / post,
        lambda: hugo.build(corpus / "hugo", corpus / "out-hugo"),
        runs,
    )
    ratio = statistics.median(rebuild) / statistics.median(warm)
    return [*rows, [kind, "hugo (rebuilds everything)", _median(rebuild), _runs(rebuild),
                    f"{ratio:.2f}x faster"]]  # fmt: skip


def _memory(kind: str, corpus: Path) -> list[str]:
    blog, output = corpus / "plnpress", corpus / "out-plnpress"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "-o", str(output)]
    peak = peak_memory(command)
    return [kind, f"{peak.tree_pss:.0f}", f"{peak.tree_rss:.0f}", f"{peak.main_rss:.0f}"]


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):.2f}" if times else "-"


def _runs(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--kinds", default=",".join(KINDS), help="corpus kinds, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="cold builds per tool and kind")
    parser.add_argument("--warm-runs", type=int, default=5, help="edits timed per tool")
    parser.add_argument("--serve-edits", type=int, default=10)
    parser.add_argument("--no-serve", action="store_true", help="skip plnpress serve")
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    if unknown := [kind for kind in kinds if kind not in KINDS]:
        parser.error(f"unknown corpus kind {unknown[0]!r}; known: {', '.join(KINDS)}")
    started = time.perf_counter()

    corpora = {kind: _corpus(kind, args.posts) for kind in kinds}
    measured = _cold(corpora, args.runs)
    print(f"\nCold full build, {args.posts} posts, median of {args.runs} paired runs")
    print("(each into a new folder, no deletion in the 35 s before it: see bench/cold.py)")
    print(_cold_table(measured))

    print(f"\nWarm build after a one-post edit, median of {args.warm_runs} edits")
    rows = [["corpus", "tool", "median s", "runs s", "plnpress is"]]
    for kind, corpus in corpora.items():
        hugo_tool = next(t for t in measured[kind] if t.name.startswith("hugo"))
        rows += _warm(kind, corpus, args.posts, args.warm_runs, hugo_tool)
    print(table(rows))

    print(f"\nPeak memory of a cold plnpress build, MB ({args.posts} posts; target: under 500)")
    print("(process tree sampled every 20 ms: PSS counts shared pages once, RSS once each)")
    rows = [["corpus", "tree PSS", "tree RSS", "main process (ru_maxrss)"]]
    rows += [_memory(kind, corpus) for kind, corpus in corpora.items()]
    print(table(rows))

    if not args.no_serve:
        from bench import serve_reload

        print("\nplnpress serve: save to reload (median)")
        for kind in kinds:
            for posts in sorted({min(1000, args.posts), args.posts}):
                median, startup = serve_reload.measure(posts, args.serve_edits, kind=kind)
                print(f"  {kind:14s} {posts:6d} posts: {median * 1000:.0f} ms "
                      f"(first build {startup:.1f} s)")  # fmt: skip
    print(f"\nbench/run took {time.perf_counter() - started:.0f} s")
