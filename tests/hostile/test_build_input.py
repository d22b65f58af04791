"""Hostile and broken build input (issue 15, points 3-7): every one is a ``file:line`` error,
exit 1, at once, with the previous ``site/`` left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MakeSite, build_blog, tree

GOOD = "---\ntitle: Good\ndate: 2025-04-01 08:00\n---\nFine.\n"
LIMIT_SECONDS = 60
"""Every case here ends in well under a second; before the fixes some never ended."""


def alias_bomb(first_line: int) -> tuple[str, int]:
    """Nine anchors, each a list of nine aliases of the one before (387 million values if
    expanded), and the line where the alias bound is passed."""
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    # b repeats 9 x 10 values, c 9 x 91: the 1,000th repeated value is reached on line d.
    return "\n".join(lines) + "\n", first_line + 3


def plnpress(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=LIMIT_SECONDS,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )


def fails_with(root: Path, *expected: str) -> None:
    """`plnpress build` exits 1 listing exactly `expected` and leaves site/ as it was."""
    before = tree(root / "site")
    ran = plnpress(root, "build")
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    lines = ran.stderr.strip().splitlines()
    errors = [line for line in lines if ": warning: " not in line]
    assert errors == [*expected, f"Build failed: {len(expected)} error{'s' * (len(expected) > 1)}"]
    assert tree(root / "site") == before


def built_blog(make_site: MakeSite, config: str | None = None) -> Path:
    files = {"content/posts/good.md": GOOD}
    if config is not None:
        files["plnpress.yaml"] = config
    root = make_site(files)
    build_blog(root)
    return root


def test_an_alias_bomb_in_front_matter_is_refused_at_its_line(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    bomb, line = alias_bomb(first_line=4)
    (root / "content/posts/bomb.md").write_text(
        f"---\ntitle: Bomb\ndate: 2025-04-02\n{bomb}---\nBody.\n"
    )
    fails_with(
        root,
        f"content/posts/bomb.md:{line}: invalid YAML: too many aliases (*name): a file may use"
        " 20, repeating 1000 values in all; write the values out",
    )


def test_an_alias_bomb_in_the_config_is_refused_at_its_line(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    bomb, line = alias_bomb(first_line=1)
    config = root / "plnpress.yaml"
    config.write_text(bomb + config.read_text())
    ran = plnpress(root, "build")
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[0] == (
        f"plnpress.yaml:{line}: invalid YAML: too many aliases (*name): a file may use 20,"
        " repeating 1000 values in all; write the values out"
    )


def test_a_few_aliases_still_work_and_a_loop_does_not(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    (root / "content/posts/few.md").write_text(
        "---\ntitle: Few\ndate: 2025-04-02\ntags: &t [one, two]\ncategory: one\n"
        "extra: {again: *t}\n---\nBody.\n"
    )
    ran = plnpress(root, "build")
    assert ran.returncode == 0, ran.stderr
    assert (root / "site/tags/two/index.html").is_file()
    (root / "content/posts/loop.md").write_text(
        "---\ntitle: Loop\ndate: 2025-04-03\nextra: &x\n  - *x\n---\nBody.\n"
    )
    fails_with(
        root,
        "content/posts/loop.md:4: invalid YAML: an alias inside its own anchor makes a loop",
    )


def test_control_characters_in_yaml_name_their_line(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    (root / "content/posts/nul.md").write_bytes(
        b"---\ntitle: Nul\ndate: 2025-04-02\nsummary: a\x00b\n---\nBody.\n"
    )
    (root / "content/blogroll.yaml").write_bytes(
        b"- name: Ann\n  url: https://ann.example/\n- name: B\x07b\n  url: https://b.example/\n"
    )
    fails_with(
        root,
        "content/blogroll.yaml:3: invalid YAML: the control character U+0007 is not allowed"
        " in YAML text (remove it)",
        "content/posts/nul.md:4: invalid YAML: the control character U+0000 is not allowed"
        " in YAML text (remove it)",
    )


def test_a_nul_byte_in_the_config_names_its_line(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    config = root / "plnpress.yaml"
    config.write_bytes(config.read_bytes() + b"description: a\x00\n")
    ran = plnpress(root, "build")
    assert ran.returncode == 1
    line = config.read_bytes().count(b"\n")
    assert ran.stderr.splitlines()[0] == (
        f"plnpress.yaml:{line}: invalid YAML: the control character U+0000 is not allowed"
        " in YAML text (remove it)"
    )


def test_a_post_over_the_size_limit_is_refused_naming_the_limit(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    paragraph = "Words that go on and on. " * 40 + "\n\n"  # 1,002 bytes, 2 lines
    body = paragraph * 5_000  # 5 MB, over the default 4 MB
    head = "---\ntitle: Huge\ndate: 2025-04-02\n---\n"
    (root / "content/posts/huge.md").write_text(head + body)
    over = (4_000_000 - len(head)) // len(paragraph) * 2 + 5  # the line the 4,000,000th byte is on
    fails_with(
        root,
        f"content/posts/huge.md:{over}: is 5.0 MB, more than the 4 MB a post, link or page may"
        " be (this line passes it); split it, or raise max_post_mb in plnpress.yaml",
    )
    config = root / "plnpress.yaml"
    config.write_text(config.read_text() + "max_post_mb: 6\n")
    (root / "content/posts/huge.md").write_text(head + paragraph * 20)
    assert plnpress(root, "build").returncode == 0


def test_a_symlink_loop_in_content_is_named(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    posts = root / "content/posts"
    (posts / "a").symlink_to("b")
    (posts / "b").symlink_to("a")
    (root / "content/static").mkdir()
    (root / "content/static/gone.png").symlink_to("nowhere.png")
    fails_with(
        root,
        "content/posts/a: is a symlink to b that leads back to itself (a loop); remove it",
        "content/posts/b: is a symlink to a that leads back to itself (a loop); remove it",
        "content/static/gone.png: is a symlink to nowhere.png, which does not exist; remove it"
        " or restore the file",
    )


def test_tags_without_a_slug_are_refused_at_their_line(make_site: MakeSite) -> None:
    root = built_blog(make_site)
    (root / "content/posts/tags.md").write_text(
        "---\ntitle: Tags\ndate: 2025-04-02\ntags: ['..', ok, '/']\ncategory: '.'\n---\nBody.\n"
    )
    fails_with(
        root,
        "content/posts/tags.md:4: tags[0]: '..' has no letters or digits to make an address from"
        " (/tags/.../); use a word",
        "content/posts/tags.md:5: category: '.' has no letters or digits to make an address from"
        " (/tags/.../); use a word",
    )


def test_an_emptied_harvest_state_is_an_error_not_a_fresh_start(make_site: MakeSite) -> None:
    """The sent log's sibling: ``_harvest.yaml`` remembers deleted and rejected responses, and
    reading a file cut down to its comments as "none" would show them again."""
    root = built_blog(make_site)
    state = root / "content/mentions/_harvest.yaml"
    state.parent.mkdir(parents=True)
    state.write_text("# Kept by plnpress webmention pull.\n")
    fails_with(
        root,
        "content/mentions/_harvest.yaml:1: the file is empty; restore it from git, or delete it"
        " to start again with no state",
    )
    assert state.read_text() == "# Kept by plnpress webmention pull.\n"
