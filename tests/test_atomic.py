"""``atomic_write``: whole or not at all, in the file's own folder, keeping the file's mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from plnpress.atomic import atomic_copy, atomic_write, write_if_changed
from tests.modes import SHARED, STRICT_UMASK, mode, umask


def test_a_rewrite_keeps_the_mode_the_file_had(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("old")
    for kept in (SHARED, 0o640, 0o600, 0o664):
        path.chmod(kept)
        with umask(STRICT_UMASK):
            atomic_write(path, f"new {kept:o}")
        assert (mode(path), path.read_text()) == (kept, f"new {kept:o}")


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (STRICT_UMASK, 0o600)])
def test_a_new_file_gets_what_the_umask_gives(tmp_path: Path, mask: int, expected: int) -> None:
    path = tmp_path / "new" / "folder" / "file.yaml"
    with umask(mask):
        atomic_write(path, b"bytes\r\n")
    assert (mode(path), path.read_bytes()) == (expected, b"bytes\r\n")


def test_nothing_is_left_beside_the_file_and_a_failed_write_changes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.yaml"
    atomic_write(path, "one\n")
    atomic_write(path, "two\n")
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]

    copy_from = tmp_path / "missing"
    with pytest.raises(FileNotFoundError):
        atomic_copy(copy_from, path)
    with pytest.raises(TypeError):  # fails once the temporary file exists
        atomic_write(path, 42)  # type: ignore[arg-type]
    assert path.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["log.yaml"]


def test_a_copy_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    source, path = tmp_path / "photo.jpg", tmp_path / "site" / "photo.jpg"
    source.write_bytes(b"\xff\xd8 new")
    source.chmod(0o600)
    path.parent.mkdir()
    path.write_bytes(b"old")
    path.chmod(SHARED)
    atomic_copy(source, path)
    assert (mode(path), path.read_bytes()) == (SHARED, b"\xff\xd8 new")


def test_write_if_changed_leaves_an_identical_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.yaml"
    assert write_if_changed(path, "a: 1\n")
    before = path.stat()
    assert not write_if_changed(path, b"a: 1\n")
    assert path.stat().st_ino == before.st_ino
    assert write_if_changed(path, "a: 2\n")
    assert path.read_text() == "a: 2\n"
