"""``micropub.publish``: each post committed and pushed (to a local bare repository), a push to an
unreachable remote kept and tried again, and the build hook called."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.micropub.conftest import RunningServer, StartServer
from tests.receiver.conftest import wait_until
from tests.webmention.servers import LocalServer, text

GIT_PUSH = "micropub:\n  publish: git-push\n"


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def repository(root: Path, remote: Path, create_remote: bool = True) -> None:
    """Make the blog folder a git repository whose origin is `remote`, with a first commit."""
    if create_remote:
        git(root.parent, "init", "--quiet", "--bare", str(remote))
    git(root, "init", "--quiet", "-b", "main")
    git(root, "config", "user.name", "Ada Example")
    git(root, "config", "user.email", "ada@example.org")
    (root / ".gitignore").write_text("site/\n.plnpress-cache/\n*.sqlite3*\n")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "The blog")
    git(root, "remote", "add", "origin", str(remote))
    if create_remote:
        git(root, "push", "--quiet", "-u", "origin", "main")


def remote_log(remote: Path) -> list[str]:
    try:
        return git(remote, "log", "--format=%s", "main").splitlines()
    except subprocess.CalledProcessError:
        return []


@pytest.fixture
def git_blog(blog_server: StartServer, tmp_path: Path) -> tuple[RunningServer, Path]:
    """A server whose blog is a git repository pushing to a bare one (made before it starts)."""
    remote = tmp_path / "remote.git"
    root = tmp_path / "blog"

    def prepare() -> None:
        repository(root, remote)

    server = blog_server(extra_config=GIT_PUSH, before_start=prepare)
    return server, remote


def test_each_create_is_one_commit_pushed(git_blog: tuple[RunningServer, Path]) -> None:
    server, remote = git_blog
    first = server.created(server.post_form({"h": "entry", "content": "First from my phone"}))
    wait_until("the first push", lambda: len(remote_log(remote)) == 2)
    second = server.created(
        server.post_json(
            {"type": ["h-entry"], "properties": {"name": ["An article"], "content": ["Body"]}}
        )
    )
    wait_until("the second push", lambda: len(remote_log(remote)) == 3)
    assert remote_log(remote) == [
        "New post: An article",
        "New post: First from my phone",
        "The blog",
    ]
    files = git(remote, "show", "--name-only", "--format=", "main~1").splitlines()
    assert files == [server.file_of(first).relative_to(server.root).as_posix()]
    assert git(remote, "show", "--name-only", "--format=", "main").splitlines() == [
        server.file_of(second).relative_to(server.root).as_posix()
    ]
    assert server.source(first)["publish"]["status"] == "pushed"
    assert git(server.root, "status", "--porcelain", "--", "content") == "", "all committed"


def test_a_post_with_photos_is_one_commit(git_blog: tuple[RunningServer, Path]) -> None:
    from tests.micropub.conftest import jpeg_with_gps

    server, remote = git_blog
    files = [("photo", ("sunset.jpg", jpeg_with_gps(), "image/jpeg"))]
    url = server.created(server.post_form({"h": "entry", "content": "Look"}, files=files))
    wait_until("the push", lambda: len(remote_log(remote)) == 2)
    changed = sorted(git(remote, "show", "--name-only", "--format=", "main").splitlines())
    assert changed == sorted(
        [
            "content/static/media/2026/01/sunset.jpg",
            server.file_of(url).relative_to(server.root).as_posix(),
        ]
    )


def test_an_unreachable_remote_keeps_the_commit_and_tries_again(
    blog_server: StartServer, tmp_path: Path
) -> None:
    remote = tmp_path / "later.git"
    root = tmp_path / "blog"
    server = blog_server(
        extra_config=GIT_PUSH,
        before_start=lambda: repository(root, remote, create_remote=False),
        publish_retry_delays=(0.3,),
    )
    url = server.created(server.post_form({"h": "entry", "content": "Written on a train"}))
    state = wait_until("a failed push", lambda: server.source(url).get("publish", {}).get("error"))
    assert state.startswith("fatal:") and "later.git" in state
    found = server.source(url)["publish"]
    assert found["status"] == "committed, not pushed yet"
    assert git(server.root, "log", "--format=%s", "-1") == "New post: Written on a train"
    assert git(server.root, "status", "--porcelain", "--", "content") == ""
    git(tmp_path, "init", "--quiet", "--bare", str(remote))  # the network is back
    wait_until("the retried push", lambda: "New post: Written on a train" in remote_log(remote))
    wait_until("pushed", lambda: server.source(url)["publish"]["status"] == "pushed")


def test_the_build_hook_is_called_after_a_post(
    blog_server: StartServer, local_server: LocalServer
) -> None:
    hook = local_server.route("/build-hook", text("ok"))
    server = blog_server(
        extra_config="micropub:\n  publish: build-hook\n",
        receiver_changes={"build_hook": hook, "build_hook_interval": 0.0},
    )
    server.created(server.post_form({"h": "entry", "content": "Build me"}))
    wait_until("the build hook", lambda: local_server.requests_to("/build-hook", "POST"))
    time.sleep(0.2)
    assert len(local_server.requests_to("/build-hook", "POST")) == 1
