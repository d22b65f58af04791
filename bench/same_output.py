"""Byte-identical output at size: a corpus built by this checkout and by another revision.

    python bench/same_output.py --against REV [--kinds bench,inline-heavy] [--posts 10000]

Speed work must not change a byte of what is built. This builds each corpus (bench/kinds.py)
cold twice, once with plnpress as it is here and once with plnpress as it was at git revision
REV (exported into bench/.work/, run with that copy first on the module path), and compares the
two sites file by file. Exits 1 and lists the files that differ, if any.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_plnpress
from bench.kinds import KINDS
from bench.peers import WORK

REPO = Path(__file__).resolve().parent.parent


def export(revision: str) -> Path:
    """plnpress and its themes as they were at ``revision``, under bench/.work/."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    folder = WORK / f"plnpress-at-{commit[:12]}"
    if not (folder / "plnpress").is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "plnpress", "themes"],
            cwd=REPO, capture_output=True, check=True,
        ).stdout  # fmt: skip
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    return folder


def build(blog: Path, output: Path, code: Path | None) -> None:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(blog / ".plnpress-cache", ignore_errors=True)
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "plnpress", "-C", str(blog), "build", "-o", str(output)]
    # Run from the blog, not from this checkout: ``-m`` puts the working folder first on the path.
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=blog)


def differences(left: Path, right: Path) -> list[str]:
    """Paths (relative) that are in one tree only or whose bytes differ."""
    found: list[str] = []
    compare = filecmp.dircmp(left, right)
    stack = [(compare, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(
            node.left, node.right, node.common_files, shallow=False
        )
        found += [prefix + name for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="git revision to compare with")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--posts", type=int, default=10000)
    args = parser.parse_args()
    other = export(args.against)
    failed = False
    for kind in args.kinds.split(","):
        blog = WORK / f"same-{kind}-{args.posts}"
        if not (blog / "plnpress.yaml").exists():
            write_plnpress(KINDS[kind](args.posts), blog)
        build(blog, blog.parent / f"{blog.name}-here", None)
        build(blog, blog.parent / f"{blog.name}-there", other)
        found = differences(blog.parent / f"{blog.name}-here", blog.parent / f"{blog.name}-there")
        files = sum(1 for path in (blog.parent / f"{blog.name}-here").rglob("*") if path.is_file())
        print(f"{kind}, {args.posts} posts: {files} files, {len(found)} differ from {args.against}")
        for path in found[:20]:
            print(f"  {path}")
        failed = failed or bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
