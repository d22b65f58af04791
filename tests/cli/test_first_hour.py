"""The first hour of a new writer, each trap run through the command line as they would meet it:
a placeholder address, a blog folder without hosting files, a command run from a subfolder, a
title with a colon, a link typed without https://, a bookmark made offline, a broken link in a
post, a picture without alt text or too big, a pull with nothing configured."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.cli.test_commands import CONFIG_WITH_LOCAL_FETCHES, plnpress
from tests.conftest import REPO, MakeSite
from tests.images.photos import big_gif, png

SIMPLE_CONFIG = """\
title: Test Blog
base_url: https://blog.example.org/
timezone: Europe/Berlin
author: {name: Ada}
"""
LOCAL_CONFIG = CONFIG_WITH_LOCAL_FETCHES


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_init_takes_the_address_and_name_and_writes_hosting_files(tmp_path: Path) -> None:
    made = plnpress(
        "init", str(tmp_path / "b"), "--url", "https://maren.example.net", "--author", "Maren"
    )
    assert made.returncode == 0, made.stderr
    blog = tmp_path / "b"
    config = (blog / "plnpress.yaml").read_text()
    assert 'base_url: "https://maren.example.net"' in config and 'name: "Maren"' in config
    netlify = tomllib.loads((blog / "netlify.toml").read_text())
    assert netlify["build"]["command"] == "pip install plnpress && plnpress build"
    assert netlify["build"]["publish"] == "site"
    shipped = tomllib.loads((REPO / "netlify.toml").read_text())
    assert netlify["headers"] == shipped["headers"]  # the CSP the theme is tested under
    assert netlify["plugins"] == shipped["plugins"]  # the build state kept between deploys
    assert {"site/", ".plnpress-cache/"} <= set((blog / ".gitignore").read_text().splitlines())
    built = plnpress("build", cwd=blog)
    assert built.returncode == 0 and "placeholder" not in built.stderr, built.stderr


def test_a_placeholder_address_warns_and_nothing_is_sent_for_it(tmp_path: Path) -> None:
    assert plnpress("init", str(tmp_path / "b")).returncode == 0
    blog = tmp_path / "b"
    line = line_of(blog / "plnpress.yaml", "base_url:")
    post = next((blog / "content/posts").glob("*.md"))
    post.write_text(
        post.read_text().replace("tags: [meta]", "tags: [meta]\nsyndicate_to: [mastodon]")
    )
    said = f"plnpress.yaml:{line}: warning: base_url: https://example.org/ is a placeholder"

    built = plnpress("build", cwd=blog)
    checked = plnpress("check", cwd=blog)
    assert built.returncode == checked.returncode == 0, built.stderr + checked.stderr
    assert said in built.stderr and said in checked.stderr

    refusal = f"plnpress.yaml:{line}: base_url: https://example.org/ is a placeholder; write"
    sent = plnpress("webmention", "send", cwd=blog)
    assert sent.returncode == 1 and refusal in sent.stderr, sent.stderr
    assert "sending Webmentions (or asking Bridgy for copies)" in sent.stderr
    pinged = plnpress("ping", cwd=blog)
    assert pinged.returncode == 1 and refusal in pinged.stderr, pinged.stderr
    assert not (blog / "content/mentions/_sent.yaml").exists()


def test_every_command_finds_the_blog_from_a_subfolder(make_site: MakeSite) -> None:
    root = make_site(
        {
            "plnpress.yaml": SIMPLE_CONFIG,
            "content/posts/2025-01-01-a.md": "---\ntitle: A\n---\nT.\n",
        }
    )
    inside = root / "content" / "posts"
    made = plnpress("new", "page", "Now", "--menu", "2", cwd=inside)
    assert made.returncode == 0, made.stderr
    page = root / "content/pages/now.md"
    assert page.read_text().startswith('---\ntitle: "Now"\nmenu: 2\n---\n')
    assert plnpress("new", "post", "From below", cwd=inside).returncode == 0
    built = plnpress("build", cwd=inside)
    assert built.returncode == 0, built.stderr
    assert not (inside / "site").exists()
    assert (root / "site/now/index.html").is_file()
    assert (root / "site/2026/01/from-below/index.html").is_file()
    checked = plnpress("check", cwd=root / "content")
    assert checked.returncode == 0, checked.stderr
    elsewhere = plnpress("build", cwd=root.parent)
    assert elsewhere.returncode == 1 and "or any folder above it" in elsewhere.stderr


def test_new_link_adds_https_and_keeps_the_bookmark_when_offline(make_site: MakeSite) -> None:
    root = make_site({"plnpress.yaml": LOCAL_CONFIG})
    made = plnpress("new", "link", "127.0.0.1:9/reading/notes", cwd=root)  # nothing listens there
    assert made.returncode == 0, made.stderr
    (written,) = (root / "content/links").glob("*.md")
    text = written.read_text()
    assert 'bookmark_of: "https://127.0.0.1:9/reading/notes"' in text
    assert 'title: "127.0.0.1:9/reading/notes"' in text
    assert "Could not read the page's title" in made.stdout and str(written) in made.stdout
    assert plnpress("build", cwd=root).returncode == 0


def test_front_matter_help_for_colons_and_comma_tags(make_site: MakeSite) -> None:
    post = "content/posts/2025-01-01-a.md"
    root = make_site(
        {post: "---\ntitle: Webmention: a primer\ntags: teaching, IndieWeb\n---\nHi.\n"}
    )
    broken = plnpress("build", cwd=root)
    assert broken.returncode == 1
    assert f"{post}:2: invalid YAML" in broken.stderr
    assert 'put the title in quotes: title: "Webmention: a primer"' in broken.stderr
    (root / post).write_text(
        '---\ntitle: "Webmention: a primer"\ntags: teaching, IndieWeb\n---\nHi.\n'
    )
    built = plnpress("build", cwd=root)
    assert built.returncode == 0, built.stderr
    page = BeautifulSoup((root / "site/2025/01/a/index.html").read_text(), "html.parser")
    assert [a.get_text() for a in page.select(".tags a")] == ["teaching", "IndieWeb"]


BIG_PICTURE = big_gif(600)
"""Published as it is (a GIF is not made smaller), so check warns about its size."""


def test_check_names_the_post_and_line_of_what_the_writer_wrote(make_site: MakeSite) -> None:
    post = "content/posts/2025-01-01-a.md"
    body = (
        "---\ntitle: A\n---\nIntro.\n\n"
        "A [broken link](/no/such/page/) here.\n\n"
        "![](/img/photo.gif)\n\n"
        '<div class="aside">\n\nNever closed.\n'
    )
    root = make_site(
        {"plnpress.yaml": SIMPLE_CONFIG, post: body, "content/static/img/photo.gif": BIG_PICTURE}
    )
    assert plnpress("build", cwd=root).returncode == 0
    run = plnpress("check", cwd=root)
    assert run.returncode == 1
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [
        "content/posts/2025-01-01-a.md:6: broken link: /no/such/page/ "
        "(site/no/such/page/index.html does not exist)",
        "content/posts/2025-01-01-a.md:8: warning: the picture /img/photo.gif has no alt text: "
        "describe what it shows for readers who cannot see it, as in "
        "![A sketch of my network](/img/photo.gif)",
        "content/posts/2025-01-01-a.md:10: HTML: <div> is never closed (add </div> where it "
        "should end)",
        f"content/static/img/photo.gif: warning: the picture is {len(BIG_PICTURE) / 1024:.0f} KB "
        "and published as it is (GIF and SVG are not made smaller), slow to load on a phone; "
        "make it smaller than 500 KB (e.g. 1600 pixels wide, saved as JPEG or WebP)",
    ]
    assert re.search(
        r": 2 problems, 2 warnings \(1 broken link, 1 HTML error, 2 images", run.stdout
    )


def test_only_warnings_do_not_fail_the_check(make_site: MakeSite) -> None:
    post = "content/posts/2025-01-01-a.md"
    files = {
        "plnpress.yaml": SIMPLE_CONFIG,
        post: "---\ntitle: A\n---\n![](/img/a.png)\n",
        "content/static/img/a.png": png(),
    }
    root = make_site(files)
    assert plnpress("build", cwd=root).returncode == 0
    run = plnpress("check", cwd=root)
    assert run.returncode == 0, run.stderr
    assert f"{post}:4: warning: the picture /img/a.png has no alt text" in run.stderr


@pytest.mark.parametrize("refresh", [False, True])
def test_pull_with_nowhere_to_pull_from_says_so(make_site: MakeSite, refresh: bool) -> None:
    root = make_site()
    run = plnpress("webmention", "pull", *(["--refresh"] if refresh else []), cwd=root)
    if refresh:  # re-checking what is stored needs no service
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 1
    assert "there is nowhere to collect responses from yet" in run.stderr
    assert "webmention.endpoint" in run.stderr and "Hear back" in run.stderr
    assert not (root / "content/mentions").exists()


def test_pull_does_not_call_responses_shown_through_aliases_orphans(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "plnpress.yaml").write_text((REPO / "plnpress.yaml").read_text())
    subprocess.run(["cp", "-r", str(REPO / "content"), str(blog)], check=True)
    moved = "content/mentions/2025-12-what-a-year-in-the-open-taught-me.yaml"
    assert (blog / moved).is_file()  # responses to an old address (aliases:)
    run = plnpress("webmention", "pull", cwd=blog)
    assert run.returncode == 0, run.stderr
    assert "not an entry of this site" not in run.stderr + run.stdout


def test_review_ends_with_what_to_do_next(make_site: MakeSite) -> None:
    root = make_site({"content/posts/2025-01-01-a.md": "---\ntitle: A\n---\nHi.\n"})
    pending = """\
        target: https://blog.example.org/2025/01/a/
        responses:
        - source: https://friend.example/reply
          kind: reply
          status: pending
          received: 2025-01-02T10:00:00+00:00
          author: {name: Friend, url: https://friend.example/}
          content: Nice.
        """
    (root / "content/mentions").mkdir(parents=True)
    (root / "content/mentions/2025-01-a.yaml").write_text(
        "\n".join(line[8:] for line in pending.splitlines()) + "\n"
    )
    run = plnpress("webmention", "review", "--approve", "https://friend.example/reply", cwd=root)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1].startswith("Next: plnpress build")
    assert "commit content/mentions/" in run.stdout
