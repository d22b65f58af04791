"""Every user error is reported as path:line: message, all in one run, and nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plnpress.errors import ProblemsError
from tests.conftest import MakeSite, build_blog, tree

GOOD = "---\ntitle: Good\ndate: 2025-04-01 08:00\n---\nFine.\n"

BROKEN_FILES: dict[str, str | bytes] = {
    "content/posts/broken-yaml.md": "---\ntitle: Oops\ndate: [2025-01-01\n---\nBody\n",
    "content/posts/bad-date.md": "---\ntitle: Bad date\ndate: 2024-13-01\n---\n",
    "content/posts/quoted-bool.md": '---\ntitle: Quoted\ndate: 2025-01-01\ndraft: "false"\n---\n',
    "content/posts/no-title.md": "---\ndate: 2025-01-01\ntags: [x]\n---\nNo title.\n",
    "content/posts/first.md": "---\ntitle: First\ndate: 2025-02-02\nslug: same\n---\n",
    "content/posts/second.md": "---\ntitle: Second\ndate: 2025-02-03\nslug: same\n---\n",
    "content/posts/escape.md": "---\ntitle: Escape\ndate: 2025-01-01\nslug: ../../etc\n---\n",
    "content/pages/escape-page.md": "---\ntitle: Out\npermalink: /../../outside/\n---\n",
    "content/posts/latin1.md": b"---\ntitle: Caf\xe9\ndate: 2025-01-01\n---\n",
    "content/pages/custom.md": "---\ntitle: Custom\ntemplate: nope.html\n---\n",
}

EXPECTED = [
    "content/pages/custom.md:3: template: 'nope.html' is not in templates/ or the theme",
    "content/pages/escape-page.md:3: permalink: '/../../outside/' would write outside the site "
    "folder ('..')",
    "content/posts/bad-date.md:3: date: '2024-13-01' is not a valid date (month 13)",
    "content/posts/broken-yaml.md:4: invalid YAML: did not find expected ',' or ']'",
    "content/posts/escape.md:4: slug: '../../etc' must not contain '/', '\\' or '..'",
    "content/posts/latin1.md:2: is not valid UTF-8 text (byte 0xe9); save it as UTF-8",
    "content/posts/no-title.md:2: title: missing (required)",
    "content/posts/quoted-bool.md:4: draft: expected true or false, got the text 'false' "
    "(remove the quotes: false)",
    "content/posts/second.md:4: would write 2025/02/same/index.html, which "
    "content/posts/first.md also writes; choose another slug or permalink",
]


@pytest.fixture
def broken_blog(make_site: MakeSite) -> Path:
    root = make_site({"content/posts/good.md": GOOD})
    build_blog(root)  # a good previous site
    for rel, text in BROKEN_FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def test_every_error_is_reported_with_its_line_in_one_run(broken_blog: Path) -> None:
    with pytest.raises(ProblemsError) as caught:
        build_blog(broken_blog)
    assert [str(p) for p in caught.value.errors] == EXPECTED
    assert caught.value.summary == f"Build failed: {len(EXPECTED)} errors"


def test_the_cli_prints_each_error_and_exits_1_leaving_the_previous_site_untouched(
    broken_blog: Path,
) -> None:
    before = tree(broken_blog / "site")
    result = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(broken_blog), "build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [*EXPECTED, f"Build failed: {len(EXPECTED)} errors"]
    assert tree(broken_blog / "site") == before


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\ntitel: x\n",
            "plnpress.yaml:4: titel: unknown key; did you mean 'title'?",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor:\n  name: A\n  emial: a@e.org\n",
            "plnpress.yaml:5: author.emial: unknown key; did you mean 'email'?",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\nper_page: ten\n",
            "plnpress.yaml:4: per_page: expected a whole number, got the text 'ten'",
        ),
        (
            "title: T\nauthor: {name: A}\n",
            "plnpress.yaml:1: base_url: missing (required)",
        ),
        (
            "title: T\nbase_url: example.org\nauthor: {name: A}\n",
            "plnpress.yaml:2: base_url: 'example.org' is not an absolute URL (start it with https://)",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\ntimezone: Europe/Berln\n",
            "plnpress.yaml:4: timezone: 'Europe/Berln' is not a known timezone; "
            "did you mean 'Europe/Berlin'?",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\nwebmention:\n"
            "  send_internal: 'yes'\n",
            "plnpress.yaml:5: webmention.send_internal: expected true or false, got the text "
            "'yes' (remove the quotes: yes)",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\nrel_me:\n  - https://a.org\n"
            "  - ftp://b.org\n",
            "plnpress.yaml:6: rel_me[1]: 'ftp://b.org' must start with http:// or https://",
        ),
        (
            "title: T\nbase_url: https://e.org/\nauthor: {name: A}\ntheme: nonexistent\n",
            "plnpress.yaml:4: theme: 'nonexistent' not found",
        ),
        ("title: [unclosed\n", "plnpress.yaml:2: invalid YAML"),
    ],
)
def test_config_errors_name_the_key_and_the_line(
    make_site: MakeSite, config: str, expected: str
) -> None:
    root = make_site({"plnpress.yaml": config})
    result = subprocess.run(
        [sys.executable, "-m", "plnpress", "-C", str(root), "build"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(expected), result.stderr


def test_a_symlink_out_of_the_blog_folder_is_refused(make_site: MakeSite, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\ndate: 2025-01-01\n---\nprivate\n")
    root = make_site({"content/posts/good.md": GOOD})
    (root / "content/posts/leak.md").symlink_to(secret)
    (root / "content/static/keys").parent.mkdir(parents=True, exist_ok=True)
    (root / "content/static/keys").symlink_to(tmp_path)
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    messages = [str(p) for p in caught.value.errors]
    assert messages[0].startswith("content/posts/leak.md: is a symlink to ")
    assert "outside the blog folder" in messages[0]
    assert messages[1].startswith("content/static/keys: is a symlink to ")
    assert not (root / "site").exists()


def test_a_symlink_inside_the_blog_folder_is_followed(make_site: MakeSite) -> None:
    root = make_site({"shared/note.md": GOOD.replace("Good", "Shared")})
    (root / "content/posts").mkdir(parents=True)
    (root / "content/posts/note.md").symlink_to(root / "shared/note.md")
    assert [e.title for e in build_blog(root).site.entries] == ["Shared"]


def test_unknown_front_matter_keys_are_kept_and_warned_about(make_site: MakeSite) -> None:
    root = make_site(
        {"content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\ntitel: B\nmood: happy\n---\n"}
    )
    result = build_blog(root)
    (entry,) = result.site.entries
    assert dict(entry.extra) == {"titel": "B", "mood": "happy"}
    assert [str(w) for w in result.warnings] == [
        "content/posts/a.md:4: warning: titel: unknown field; did you mean 'title'?",
        "content/posts/a.md:5: warning: mood: unknown field, kept for templates as "
        "entry.extra.mood; put it under 'extra:' if your theme reads it",
    ]


def test_a_near_miss_of_draft_is_an_error_not_a_published_post(make_site: MakeSite) -> None:
    root = make_site({"content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\ndarft: true\n---\n"})
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    assert [str(p) for p in caught.value.errors] == [
        "content/posts/a.md:4: darft: unknown field; did you mean 'draft'? (it decides whether "
        "the entry is published, so it must be spelt right)"
    ]
    assert not (root / "site").exists()


def test_output_folder_may_not_swallow_the_blog(make_site: MakeSite) -> None:
    root = make_site({"content/posts/good.md": GOOD})
    with pytest.raises(ProblemsError) as caught:
        build_blog(root, output=root)
    assert "contains the blog folder" in str(caught.value.errors[0])
    with pytest.raises(ProblemsError):
        build_blog(root, output=root / "content" / "out")


def test_a_broken_template_override_is_reported_once_with_its_line(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/posts/good.md": GOOD,
            "templates/page.html": "{% extends 'base.html' %}\n{% block main %}\n{{ page.title\n",
            "templates/entry.html": "{% extends 'base.html' %}\n{% block main %}\n"
            "{{ entry.no_such_field.deeper }}\n{% endblock %}\n",
            "content/pages/a.md": "---\ntitle: A\n---\n",
            "content/pages/b.md": "---\ntitle: B\n---\n",
        }
    )
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    messages = [str(p) for p in caught.value.errors]
    assert len(messages) == 2, messages
    assert messages[0].startswith("templates/entry.html:3: while rendering /2025/04/good/: ")
    assert "no_such_field" in messages[0]
    assert messages[1].startswith("templates/page.html:3: template syntax: ")


def test_a_collision_is_named_at_the_line_that_chose_the_address(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/pages/a.md": "---\ntitle: A\n\npermalink: /same/\n---\n",
            "content/pages/b.md": "---\ntitle: B\npermalink: /same/\n---\n",
            "content/posts/0-first.md": "---\ntitle: First\ndate: 2025-02-02\nslug: dup\n---\n",
            "content/posts/2025-02-02-dup.md": "---\ntitle: Named by its file\n---\n",
        }
    )
    with pytest.raises(ProblemsError) as caught:
        build_blog(root)
    assert [str(p) for p in caught.value.errors] == [
        "content/pages/b.md:3: would write same/index.html, which content/pages/a.md also "
        "writes; choose another slug or permalink",
        # No line: the file's name alone gave the address.
        "content/posts/2025-02-02-dup.md: would write 2025/02/dup/index.html, which "
        "content/posts/0-first.md also writes; choose another slug or permalink",
    ]


BUG_IN_A_FILTER = """\
import sys

import plnpress.render.context


def human_date(value):
    raise ValueError("a bug in a filter")


plnpress.render.context.human_date = human_date  # stands for a bug in plnpress's own code
from plnpress.cli.main import run

sys.argv = ["plnpress", "-C", sys.argv[1], "build"]
run()
"""


def test_an_error_in_plnpress_while_rendering_says_it_is_a_bug_with_its_traceback(
    make_site: MakeSite,
) -> None:
    root = make_site({"content/posts/good.md": GOOD})
    result = subprocess.run(
        [sys.executable, "-c", BUG_IN_A_FILTER, str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    cause, _, wrapped = result.stderr.partition("The above exception was the direct cause")
    assert ", in human_date\n" in cause and "ValueError: a bug in a filter\n" in cause
    assert "Traceback (most recent call last):" in wrapped
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("plnpress.render.pages.RenderBug: plnpress bug: rendering /")
    assert "failed with ValueError: a bug in a filter" in last
    assert "This is not a template error; please report it, with the traceback above." in last
    assert not (root / "site").exists()
