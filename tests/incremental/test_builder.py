"""The in-process builder ``plnpress serve`` uses: rebuilds from memory, exact as cold ones."""

from __future__ import annotations

from plnpress.build import BuildOptions
from plnpress.config import load_config
from plnpress.incremental.builder import Builder
from tests.conftest import MakeSite, tree
from tests.incremental.scratch import blog_files, cold_tree, edit


def test_rebuilds_from_memory_match_cold_builds(make_site: MakeSite) -> None:
    root = make_site(blog_files())
    builder = Builder()
    options = BuildOptions(drafts=True, output=root / "served")
    builder.build(load_config(root), options)
    (state,) = (root / ".plnpress-cache").glob("build-*.state")
    saved = state.read_bytes()

    for number in (3, 17, 24):
        edit(root, f"content/posts/post-{number}.md", lambda t: t.replace("another", "a new"))
        result = builder.build(load_config(root), options)
        cold = cold_tree(root, root.parent, drafts=True, output=root.parent / "cold-served")
        assert tree(result.output_dir) == cold
        assert result.report.written >= 1

    assert state.read_bytes() == saved  # later rebuilds stay in memory
    builder.save()
    assert state.read_bytes() != saved
