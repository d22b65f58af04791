"""The build state kept between deploys (Netlify's cache plugin, ``actions/cache``) is safe: a
state restored into a fresh clone, where every file has new times, makes the same site a build
without it makes; a state written by another plnpress is not used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.conftest import MakeSite, build_blog, tree
from tests.incremental.scratch import blog_files, cold_tree, edit

REPO = Path(__file__).resolve().parents[2]
STATE = ".plnpress-cache"


def _pack(root: Path) -> Path:
    (found,) = (root / STATE).glob("bodies-*.pack")
    return found


def _clone(root: Path, clone: Path) -> None:
    """What a deploy starts from: the blog's files checked out anew (new times), no site/, and
    the cached state restored by the cache step (new times too)."""
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns(STATE, "site"))
    shutil.copytree(root / STATE, clone / STATE, copy_function=shutil.copy)
    stamp = 1_500_000_000
    for path in sorted(clone.rglob("*")):
        stamp += 1
        os.utime(path, (stamp, stamp))


def test_a_state_restored_into_a_fresh_clone_builds_what_a_cold_build_makes(
    make_site: MakeSite,
) -> None:
    root = make_site(blog_files())
    build_blog(root)
    clone = root.parent / "deploy" / "blog"
    _clone(root, clone)
    restored = _pack(clone).read_bytes()
    edit(clone, "content/posts/post-6.md", lambda t: t.replace("Post 6 opens", "Post six opens"))

    result = build_blog(clone)

    assert tree(result.output_dir) == cold_tree(clone, root.parent / "scratch")
    # Used, not started afresh: the bodies rendered before are kept, and only the edited one
    # is rendered and added.
    grown = _pack(clone).read_bytes()
    assert grown.startswith(restored)
    assert 0 < len(grown) - len(restored) < len(restored) // 10


def _build_with(code: Path, root: Path) -> None:
    """``plnpress build`` in ``root`` with the plnpress in ``code``."""
    done = subprocess.run(
        [sys.executable, "-m", "plnpress", "build"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _installed_copy(folder: Path) -> Path:
    """plnpress as a fresh install puts it: the same files in another place, with new times."""
    shutil.copytree(REPO / "plnpress", folder / "plnpress", copy_function=shutil.copy)
    shutil.copytree(REPO / "themes", folder / "themes")
    return folder


def test_the_same_plnpress_installed_afresh_uses_the_state(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    _build_with(_installed_copy(root.parent / "first-install"), root)
    before = _pack(root).read_bytes()
    edit(root, "content/posts/post-6.md", lambda t: t.replace("Post 6 opens", "Post six opens"))

    _build_with(_installed_copy(root.parent / "second-install"), root)

    after = _pack(root).read_bytes()
    assert after.startswith(before)
    assert 0 < len(after) - len(before) < len(before) // 10
    assert tree(root / "site") == cold_tree(root, root.parent / "scratch")


def test_a_state_written_by_another_plnpress_is_not_used(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    _build_with(_other_plnpress(root.parent / "other"), root)
    assert "<!-- another plnpress -->" in (root / "site/2025/07/post-6/index.html").read_text()

    result = build_blog(root)

    assert tree(result.output_dir) == cold_tree(root, root.parent / "scratch")
    assert "another plnpress" not in (root / "site/2025/07/post-6/index.html").read_text()


def _other_plnpress(folder: Path) -> Path:
    """A copy of plnpress with another version number whose Markdown comes out differently:
    what trusting its cache would show."""
    shutil.copytree(REPO / "plnpress", folder / "plnpress")
    shutil.copytree(REPO / "themes", folder / "themes")
    init = folder / "plnpress" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace("__version__ = ", "__version__ = '9.9.9' or "), encoding="utf-8")
    markdown = folder / "plnpress" / "content" / "markdown.py"
    text = markdown.read_text(encoding="utf-8")
    changed = text.replace("        html=html,", '        html=html + "<!-- another plnpress -->",')
    assert changed != text
    markdown.write_text(changed, encoding="utf-8")
    return folder


def test_the_deploy_configurations_keep_the_build_state() -> None:
    netlify = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    (plugin,) = [p for p in netlify["plugins"] if p["package"] == "netlify-plugin-cache"]
    assert plugin["inputs"]["paths"] == [STATE]
    workflow = yaml.safe_load((REPO / "docs" / "github-pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    (cache,) = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert cache["with"]["path"] == STATE
    build = next(index for index, step in enumerate(steps) if step.get("run") == "plnpress build")
    assert steps.index(cache) < build
