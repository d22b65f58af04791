"""``plnpress check`` as a writer runs it: build, break something on disk, read what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.check.blogs import (
    HELLO,
    HELLO_SOURCE,
    SECOND,
    edit,
    line_of,
    plnpress,
    problems,
    write_blog,
)
from tests.conftest import build_blog


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """The check blog, built into ``site/``."""
    root = write_blog(tmp_path / "blog")
    build_blog(root)
    return root


def test_the_example_blog_checks_clean(example_site: Path) -> None:
    run = plnpress(example_site.parent / "blog", "check", "--output", str(example_site))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    pages = len(list(example_site.rglob("*.html")))
    assert run.stdout.startswith(f"Checked {pages} pages: no problems found in ")


def test_a_fresh_build_checks_clean_redirects_and_tombstones_included(blog: Path) -> None:
    """The blog links to an address its own _redirects moves (301), to a page removed long ago
    (410, no file) and to a deleted post (a tombstone page and a generated 410! rule)."""
    hello = (blog / HELLO).read_text()
    assert 'href="/old-address/"' in hello and 'href="/removed/"' in hello
    assert not (blog / "site/removed").exists() and not (blog / "site/old-address").exists()
    run = plnpress(blog, "check")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    pages = len(list((blog / "site").rglob("*.html")))
    assert run.stdout.startswith(f"Checked {pages} pages: no problems found in ")


def test_deleting_a_page_breaks_every_link_to_it(blog: Path) -> None:
    (blog / SECOND).unlink()

    run = plnpress(blog, "check")

    assert run.returncode == 1
    found = problems(run)
    missing = "(site/2025/03/second/index.html does not exist)"
    # written in the post: named at the post's file and line, where it is fixed
    source = blog / HELLO_SOURCE
    details = line_of(source, "(/2025/03/second/#details)")
    relative = line_of(source, "(../second/)")
    assert f"{HELLO_SOURCE}:{details}: broken link: /2025/03/second/#details {missing}" in found
    assert f"{HELLO_SOURCE}:{relative}: broken link: ../second/ {missing}" in found
    assert not [line for line in found if line.startswith(HELLO) and "#details" in line]
    assert f"site/index.html:{line_of(blog / 'site/index.html', 'second/')}: broken link:" in (
        "\n".join(found)
    )
    assert all("broken link" in line and "second" in line for line in found), found
    assert f"{len(found)} problems ({len(found)} broken links)" in run.stdout


def test_a_fragment_must_name_an_id_on_its_page(blog: Path) -> None:
    hello = blog / HELLO
    edit(hello, 'href="/2025/03/second/#details"', 'href="/2025/03/second/#no-such-part"')
    edit(hello, 'href="#background"', 'href="#nowhere"')

    run = plnpress(blog, "check")

    assert run.returncode == 1
    elsewhere = line_of(hello, "#no-such-part")
    here = line_of(hello, "#nowhere")
    assert problems(run) == [
        f"{HELLO}:{elsewhere}: broken link: /2025/03/second/#no-such-part "
        f'({SECOND} has no id "no-such-part")',
        f'{HELLO}:{here}: broken link: #nowhere (this page has no id "nowhere")',
    ]


def test_an_entry_page_must_keep_its_h_entry(blog: Path) -> None:
    edit(blog / SECOND, 'class="h-entry entry kind-post"', 'class="entry kind-post"')

    run = plnpress(blog, "check")

    assert run.returncode == 1
    assert problems(run) == [
        f'{SECOND}: no h-entry: an entry\'s page needs one (class="h-entry")',
    ]
    assert "1 problem (1 microformats problem)" in run.stdout


def test_the_h_entry_needs_its_date_author_and_own_address(blog: Path) -> None:
    second = blog / SECOND
    edit(second, 'class="dt-published"', 'class="date"')
    edit(second, 'class="p-author h-card author"', 'class="author"')
    edit(
        second,
        'class="u-url u-uid" href="https://blog.example.org/2025/03/second/"',
        ('class="u-url u-uid" href="https://blog.example.org/2025/03/hello/"'),
    )

    run = plnpress(blog, "check")

    line = line_of(second, '<article class="h-entry')
    assert problems(run) == [
        f"{SECOND}:{line}: the h-entry has no author (p-author h-card)",
        f"{SECOND}:{line}: the h-entry has no published date (dt-published)",
        f"{SECOND}:{line}: the h-entry's url is https://blog.example.org/2025/03/hello/, "
        "not this page's address https://blog.example.org/2025/03/second/",
    ]


def test_lists_need_an_h_feed_and_the_home_page_the_representative_h_card(blog: Path) -> None:
    edit(blog / "site/tags/notes/index.html", 'class="h-feed"', 'class="feed"')
    edit(blog / "site/index.html", 'class="p-name u-url u-uid"', 'class="p-name u-url"')

    run = plnpress(blog, "check")

    assert run.returncode == 1
    assert problems(run) == [
        "site/index.html: no representative h-card: the home page needs an h-card whose u-url "
        "and u-uid are both https://blog.example.org/",
        'site/tags/notes/index.html: no h-feed: a list of entries needs one (class="h-feed")',
    ]


def test_ids_used_twice_and_broken_markup_are_named_with_their_lines(blog: Path) -> None:
    hello = blog / HELLO
    edit(
        hello,
        '<h2 id="background">Background</h2>',
        (
            '<h2 id="background">Background</h2>\n<p id="background">Again.</p>\n'
            "<p><b><i>Crossed</b></i> tags.</p>\n<section>Never closed.\n"
        ),
    )

    run = plnpress(blog, "check")

    assert run.returncode == 1
    first = line_of(hello, '<h2 id="background">')
    crossed = line_of(hello, "<b><i>Crossed")
    content_ends = line_of(hello, '<footer class="entry-footer"') - 1  # the e-content's </div>
    assert problems(run) == [
        f'{HELLO}:{first + 1}: id "background" is already used on line {first}; ids must be unique',
        f"{HELLO}:{crossed}: HTML: </b> closes <b> while an element opened inside it is still "
        "open (crossed tags: close the inner one first)",
        f"{HELLO}:{crossed}: HTML: </i> has no open <i> left to close (crossed tags?)",
        f"{HELLO}:{content_ends}: HTML: </div> comes while an element opened inside <div> is "
        "still open (a tag left open?)",
    ]
    assert "4 problems (4 HTML errors)" in run.stdout


def test_problems_are_sorted_and_the_same_every_time(blog: Path) -> None:
    (blog / SECOND).unlink()
    edit(blog / HELLO, 'href="#background"', 'href="#nowhere"')

    first, again = plnpress(blog, "check"), plnpress(blog, "check")

    lines = problems(first)
    assert len(lines) > 5
    assert lines == problems(again)

    def key(line: str) -> tuple[str, int]:
        path, number, _message = line.split(":", 2)
        return path, int(number) if number.isdigit() else 0

    assert lines == sorted(lines, key=key)


def test_a_blog_under_a_sub_path_checks_its_links_under_that_path(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog", "https://learning.example.org/blog/")
    build_blog(root)
    clean = plnpress(root, "check")
    assert clean.returncode == 0, clean.stderr
    assert "no problems found" in clean.stdout

    hello = root / HELLO
    edit(hello, 'href="/blog/about/"', 'href="/blog/no-such-page/"')
    edit(hello, 'href="/blog/feed.xml"', 'href="/not-this-blog/"')  # elsewhere on the domain
    edit(
        hello,
        'href="#background"',
        'href="https://learning.example.org/blog/2025/03/hello/#nowhere"',
    )

    run = plnpress(root, "check")

    assert run.returncode == 1
    assert problems(run) == [
        f"{HELLO}:{line_of(hello, 'no-such-page')}: broken link: /blog/no-such-page/ "
        "(site/no-such-page/index.html does not exist)",
        f"{HELLO}:{line_of(hello, '#nowhere')}: broken link: "
        'https://learning.example.org/blog/2025/03/hello/#nowhere (this page has no id "nowhere")',
    ]


def test_a_rule_answering_404_is_no_answer(blog: Path) -> None:
    edit(
        blog / "site/_redirects",
        "/old-address/  /2025/03/second/  301",
        ("/old-address/  /404.html  404"),
    )

    run = plnpress(blog, "check")

    line = line_of(blog / HELLO_SOURCE, "(/old-address/)")
    assert problems(run) == [
        f"{HELLO_SOURCE}:{line}: broken link: /old-address/ "
        "(site/old-address/index.html does not exist)"
    ]


def test_a_site_built_elsewhere_is_checked_with_the_same_output_option(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog")
    build = plnpress(root, "build", "--output", str(root / "public"))
    assert build.returncode == 0, build.stderr
    (root / "public/2025/03/second/index.html").unlink()

    run = plnpress(root, "check", "--output", str(root / "public"))

    assert run.returncode == 1
    found = problems(run)
    assert found and all(line.startswith(("public/", "content/")) for line in found), found
    assert [line for line in found if line.startswith("public/")], found


def test_without_a_built_site_it_says_to_build_first(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog")

    run = plnpress(root, "check")

    assert run.returncode == 1
    assert run.stderr == "Error: site/ does not exist: build the site first with plnpress build\n"
    assert run.stdout == ""


def test_help_explains_the_checks_and_usage_mistakes_exit_2(tmp_path: Path) -> None:
    run = plnpress(tmp_path, "check", "--help")
    assert run.returncode == 0
    assert run.stdout.startswith("Usage: plnpress check [OPTIONS]")
    for words in ("broken links", "microformats", "--output", "--validator", "exit code"):
        assert words in run.stdout
    assert plnpress(tmp_path, "check", "--no-such-flag").returncode == 2
    assert plnpress(tmp_path, "check", "extra").returncode == 2


def test_a_fragment_on_an_old_address_is_looked_for_where_it_leads(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog")
    second = root / "content/posts/2025-03-02-second.md"
    second.write_text(second.read_text().replace("tags:", "aliases: [/2025/03/zweite/]\ntags:"))
    hello = root / "content/posts/2025-03-01-hello.md"
    links = "\n[moved details](/2025/03/zweite/#details) [moved, no such id](/2025/03/zweite/#nope)"
    hello.write_text(hello.read_text() + links)
    build_blog(root)

    run = plnpress(root, "check")

    assert problems(run) == [
        f"{HELLO_SOURCE}:{line_of(hello, 'zweite/#nope')}: broken link: /2025/03/zweite/#nope "
        f'({SECOND} has no id "nope")'
    ]


def test_a_site_built_for_another_address_is_checked_for_that_address(tmp_path: Path) -> None:
    root = write_blog(tmp_path / "blog")
    preview = "https://preview.example.net/"
    built = plnpress(root, "build", "--base-url", preview)
    assert built.returncode == 0, built.stderr
    assert f'href="{preview}2025/03/hello/"' in (root / HELLO).read_text()

    assert plnpress(root, "check").returncode == 1  # checked for the address in plnpress.yaml
    run = plnpress(root, "check", "--base-url", preview)
    assert run.returncode == 0, run.stderr
    assert "no problems found" in run.stdout
