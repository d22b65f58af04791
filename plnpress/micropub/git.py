"""The git commands the publisher runs in the blog's repository, and nothing else.

Only the files a change wrote are committed (``git commit -- PATHS``): whatever else the writer
has changed or staged stays as it was. Pushing never asks for a password on a terminal nobody
watches (``GIT_TERMINAL_PROMPT=0``, ssh in batch mode), and gives up after two minutes.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

TIMEOUT = 120.0
REMOTE = "origin"


class GitError(Exception):
    """A git command failed; the message is git's own (its first fatal or error line)."""


def run(root: Path, *args: str, timeout: float = TIMEOUT) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:g} s") from None
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        said = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines[-1:]
        raise GitError(said[0] if said else f"git {args[0]} failed")
    return done.stdout.strip()


def is_repository(root: Path) -> bool:
    try:
        return run(root, "rev-parse", "--is-inside-work-tree") == "true"
    except GitError:
        return False


def commit(root: Path, paths: Sequence[Path], message: str, identity: tuple[str, str]) -> str:
    """Commit exactly `paths` (new or changed); the new commit's hash."""
    names = [str(path.relative_to(root)) for path in paths]
    who: list[str] = []
    if not _configured(root, "user.email"):
        who = ["-c", f"user.name={identity[0]}", "-c", f"user.email={identity[1]}"]
    run(root, "add", "--", *names)
    run(root, *who, "commit", "--quiet", "-m", message, "--", *names)
    return run(root, "rev-parse", "HEAD")


def push(root: Path) -> None:
    run(root, "push", "--quiet", REMOTE, "HEAD")


def unpushed(root: Path) -> int:
    """Commits on this branch its upstream lacks (0 without an upstream: nothing known)."""
    try:
        return int(run(root, "rev-list", "--count", "@{upstream}..HEAD"))
    except (GitError, ValueError):
        return 0


def _configured(root: Path, key: str) -> bool:
    try:
        return bool(run(root, "config", "--get", key))
    except GitError:
        return False
