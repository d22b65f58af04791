"""``plnpress import wordpress`` on small exports written for each behaviour, and on the other
real exports in ``../shared/data/wxr``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plnpress.config import load_config
from plnpress.mentions.files import read_mentions
from plnpress.model.response import ResponseKind
from tests.check.blogs import plnpress
from tests.conftest import MakeSite, tree
from tests.importers.wxr import OLD, comment, export, import_wordpress, item, write_export
from tests.skips import shared_data


def _rows(output: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"│ ([a-z][^│]*?)\s+│\s+(\d+) │", output)}


def _post(root: Path, name: str) -> str:
    return (root / "content/posts" / name).read_text(encoding="utf-8")


STATUSES = export(
    item(1, "Out there", "Published."),
    item(2, "Not yet", "A draft.", status="draft", date="2011-05-06 07:08:09"),
    item(3, "Waiting", "Pending review.", status="pending"),
    item(4, "Mine", "Private.", status="private"),
    item(5, "Secret", "Behind a password.", password="opensesame"),
    item(6, "Later", "Scheduled.", status="future", date="2031-02-03 04:05:06"),
    item(7, "Binned", "In the trash.", status="trash"),
    item(8, "About me", "A page.", kind="page", link=f"{OLD}/about-me/"),
    item(
        9,
        "photo",
        kind="attachment",
        status="inherit",
        extra="<wp:attachment_url>"
        f"{OLD}/wp-content/uploads/2011/05/photo.jpg</wp:attachment_url>\n",
    ),
    item(10, "Home", kind="nav_menu_item"),
    item(11, "A product", "Sold.", kind="product"),
)


def test_the_status_decides_what_is_published(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    run = import_wordpress(root, write_export(tmp_path, STATUSES))
    assert run.returncode == 0, run.stderr

    files = sorted(p.name for p in (root / "content/posts").iterdir())
    assert files == [
        "2011-05-06-mine.md",
        "2011-05-06-not-yet.md",
        "2011-05-06-out-there.md",
        "2011-05-06-secret.md",
        "2011-05-06-waiting.md",
        "2031-02-03-later.md",
    ]
    for draft in ("not-yet", "waiting", "mine", "secret"):
        assert "\ndraft: true\n" in _post(root, f"2011-05-06-{draft}.md"), draft
    assert "draft" not in _post(root, "2011-05-06-out-there.md")
    assert "date: 2031-02-03 05:05:06+01:00" in _post(root, "2031-02-03-later.md")
    assert (root / "content/pages/about-me.md").is_file()
    rows = _rows(run.stdout)
    assert (rows["posts"], rows["pages"], rows["drafts"], rows["scheduled"]) == (6, 1, 4, 1)
    assert "export.xml:" in run.stderr and "not imported: it is in WordPress's trash" in run.stderr
    for kind in ("attachment", "nav_menu_item", "product"):
        assert f"1 item of type {kind}" in run.stderr

    built = plnpress(root, "build")
    assert built.returncode == 0, built.stderr
    site = b"".join(tree(root / "site").values())
    assert b"Published." in site and b"A page." in site
    for hidden in (b"A draft.", b"Pending review.", b"Private.", b"Behind a password.", b"Later"):
        assert hidden not in site


CLASSIC = "\n".join(
    [
        "First paragraph, line one",
        "line two.",
        "",
        "Second paragraph with <em>emphasis</em>.",
        "",
        '[caption id="attachment_21" align="aligncenter" width="300"]<a href="{up}/big.jpg">'
        '<img src="{up}/big-300x200.jpg" alt="A big thing" width="300" height="200" /></a>'
        " The big thing, seen from afar[/caption]",
        "",
        '[gallery ids="22,21"]',
        "",
        "[embed]https://www.youtube.com/watch?v=abc123[/embed]",
        "",
        "https://vimeo.com/123456",
        "",
        '[video mp4="{up}/clip.mp4" poster="{up}/clip.jpg"][/video]',
        "",
        "[audio {up}/song.mp3]",
        "",
        '[code language="python"]print("a < b")[/code]',
        "",
        "<pre>keep",
        "  this</pre>",
        "",
        '[contact-form-7 id="12" title="Contact"] and [[gallery]] written as text, and [sic].',
    ]
).format(up=f"{OLD}/wp-content/uploads/2011/05")
BLOCKS = (
    "<!-- wp:paragraph -->\n<p>Made in the block editor.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://elsewhere.example/'
    'a.png" alt=""/><figcaption>A caption</figcaption></figure>\n<!-- /wp:image -->'
)


def _attachment(post_id: int, name: str, parent: int, caption: str = "") -> str:
    return item(
        post_id,
        name,
        kind="attachment",
        status="inherit",
        parent=parent,
        excerpt=caption,
        extra=f"<wp:attachment_url>{OLD}/wp-content/uploads/2011/05/{name}.jpg"
        "</wp:attachment_url>\n",
    )


def test_bodies_become_clean_markdown(make_site: MakeSite, tmp_path: Path) -> None:
    document = export(
        _attachment(21, "big", 20, caption="Big, by day"),
        _attachment(22, "small", 20),
        item(20, "Classic", CLASSIC),
        item(30, "Blocks", BLOCKS),
    )
    root = make_site()
    run = import_wordpress(root, write_export(tmp_path, document), "--no-media")
    assert run.returncode == 0, run.stderr

    body = _post(root, "2011-05-06-classic.md").split("---\n", 2)[2]
    uploads = f"{OLD}/wp-content/uploads/2011/05"
    assert body.startswith(
        "\nFirst paragraph, line one\\\nline two.\n\nSecond paragraph with *emphasis*.\n\n"
        f'![A big thing]({uploads}/big-300x200.jpg "The big thing, seen from afar")\n\n'
        f"![small]({uploads}/small.jpg)\n\n"
        f'![big]({uploads}/big.jpg "Big, by day")\n\n'
        "<https://www.youtube.com/watch?v=abc123>\n\n<https://vimeo.com/123456>\n\n"
        f'<video controls poster="{uploads}/clip.jpg">\n'
        f'<source src="{uploads}/clip.mp4" type="video/mp4">\n'
    )
    assert f'<audio controls>\n<source src="{uploads}/song.mp3" type="audio/mpeg">' in body
    assert '```python\nprint("a < b")\n```' in body and "```\nkeep\n  this\n```" in body
    line = (
        _post(root, "2011-05-06-classic.md")
        .splitlines()
        .index(
            next(
                x
                for x in _post(root, "2011-05-06-classic.md").splitlines()
                if "contact-form-7" in x
            )
        )
    )
    assert (
        f"content/posts/2011-05-06-classic.md:{line + 1}: warning: WordPress shortcode "
        '\'[contact-form-7 id="12" title="Contact"]\' is kept as text'
    ) in run.stderr
    assert "[sic]" not in run.stderr and "[gallery]" not in run.stderr
    blocks = _post(root, "2011-05-06-blocks.md")
    assert "<!--" not in blocks and "Made in the block editor.\n\n" in blocks
    assert '![](https://elsewhere.example/a.png "A caption")' in blocks

    built = plnpress(root, "build")
    assert built.returncode == 0, built.stderr
    page = (root / "site/2011/05/classic/index.html").read_text(encoding="utf-8")
    assert "<p>First paragraph, line one<br>\nline two.</p>" in page
    assert "<figcaption>The big thing, seen from afar</figcaption></figure>" in page
    assert "<video controls" in page and "<audio controls>" in page


def test_links_between_posts_lead_to_their_new_addresses(
    make_site: MakeSite, tmp_path: Path
) -> None:
    document = export(
        item(
            1,
            "First",
            'See <a href="' + OLD + '/2011/05/06/second/#part">the second</a>'
            ' and <a href="' + OLD + '/?p=2">again</a> and <a href="https://else.example/">'
            "elsewhere</a>.",
        ),
        item(2, "Second", "Here."),
    )
    root = make_site()
    assert import_wordpress(root, write_export(tmp_path, document)).returncode == 0
    first = _post(root, "2011-05-06-first.md")
    assert "[the second](/2011/05/second/#part)" in first
    assert "[again](/2011/05/second/)" in first and "(https://else.example/)" in first


COMMENTED = export(
    item(
        40,
        "Talked about",
        "Discuss.",
        comments=[
            comment(
                1,
                "First!\n\nSecond paragraph.<script>alert(1)</script>",
                author="Ann",
                url="https://ann.example/",
                date="2011-05-07 10:00:00",
            ),
            comment(2, "A reply to Ann", author="Bob", parent=1, date="2011-05-07 11:00:00"),
            comment(3, "A reply to Bob", author="Cy", parent=2, date="2011-05-07 12:00:00"),
            comment(
                4,
                "[…] linked here […]",
                author="Another blog &raquo; A post",
                url="https://other.example/post/",
                kind="pingback",
            ),
            comment(5, "Buy things", approved="spam", email="spam@spam.example", ip="198.51.100.9"),
            comment(6, "Deleted", approved="trash"),
            comment(7, "Waiting", approved="0"),
            comment(8, "An old trackback", kind="trackback", url="https://tb.example/x"),
        ],
    )
)


def test_comments_become_threaded_responses_and_nothing_private_is_kept(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site()
    run = import_wordpress(root, write_export(tmp_path, COMMENTED))
    assert run.returncode == 0, run.stderr
    rows = _rows(run.stdout)
    assert (rows["comments"], rows["pingbacks and trackbacks"]) == (3, 2)
    assert rows["spam comments (not imported)"] == 1
    assert rows["comments in the trash (not imported)"] == 1
    assert rows["unapproved comments (not imported)"] == 1

    archive, _ = read_mentions(load_config(root))
    target = "https://blog.example.org/2011/05/talked-about/"
    stored = archive.responses(target)
    assert [r.kind for r in stored].count(ResponseKind.REPLY) == 3
    first = next(r for r in stored if r.author.name == "Ann")
    assert first.source == f"{OLD}/2011/05/06/talked-about/#comment-1"
    assert first.content_html == "<p>First!</p><p>Second paragraph.</p>"
    bob = next(r for r in stored if r.author.name == "Bob")
    assert bob.in_reply_to == (first.source,)
    ping = next(r for r in stored if r.source == "https://other.example/post/")
    assert (ping.kind, ping.name, ping.excerpt) == (
        ResponseKind.MENTION,
        "Another blog » A post",
        "[…] linked here […]",
    )
    every = b"".join(tree(root).values())
    for private in (b"reader@mail.example", b"203.0.113.7", b"spam@spam.example", b"Buy things"):
        assert private not in every

    assert plnpress(root, "build").returncode == 0
    page = (root / "site/2011/05/talked-about/index.html").read_text(encoding="utf-8")
    thread = re.findall(r'id="comment-(\d)"|(</article>)', page)
    assert [n or "end" for n, _ in thread][:6] == ["1", "2", "3", "end", "end", "end"]
    assert "alert(1)" not in page and "https://tb.example/x" in page


def test_an_entry_edited_since_is_kept_and_a_moderated_comment_stays(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site()
    export_file = write_export(tmp_path, COMMENTED)
    assert import_wordpress(root, export_file).returncode == 0
    post = root / "content/posts/2011-05-06-talked-about.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    mentions = next((root / "content/mentions").glob("2011-05-talked-about*.yaml"))
    moderated = mentions.read_text(encoding="utf-8").replace(
        "status: approved", "status: pending", 1
    )
    mentions.write_text(moderated, encoding="utf-8")

    again = import_wordpress(root, export_file)
    assert again.returncode == 0, again.stderr
    assert "content/posts/2011-05-06-talked-about.md: kept as it is" in again.stderr
    assert post.read_text(encoding="utf-8").endswith("\nMy own words.\n")
    assert mentions.read_text(encoding="utf-8") == moderated


def test_no_media_keeps_the_old_addresses(make_site: MakeSite, tmp_path: Path) -> None:
    document = export(item(1, "Pictured", f'<img src="{OLD}/wp-content/uploads/2011/05/a.jpg">'))
    root = make_site()
    run = import_wordpress(root, write_export(tmp_path, document), "--no-media")
    assert run.returncode == 0, run.stderr
    assert f"![]({OLD}/wp-content/uploads/2011/05/a.jpg)" in _post(root, "2011-05-06-pictured.md")
    assert not (root / "content/static/wp-content").exists()


XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&x;</title></item></channel></rss>
"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol9;</title></item></channel></rss>
"""


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (XXE, "export.xml:2: the export declares an external entity (x = file:///etc/passwd)"),
        (LAUGHS, "export.xml:3: the export declares an entity (lol); WordPress never writes one"),
        (
            export(item(1, "Fine", "Fine.")) + "<oops>",
            "export.xml:30: not well-formed XML: junk after document element",
        ),
        (
            export(item(1, "Fine", "Fine.")).replace("</wp:status>", "</wp:stat>", 1),
            "export.xml:22: not well-formed XML: mismatched tag",
        ),
        (
            '<?xml version="1.0"?>\n<rss><channel><title>A feed</title></channel></rss>\n',
            "export.xml:1: this is not a WordPress export: it has no <wp:wxr_version>",
        ),
        ("<html><body>no</body></html>", "export.xml:1: this is not a WordPress export"),
    ],
    ids=["external entity", "billion laughs", "junk", "mismatched", "plain RSS", "HTML"],
)
def test_a_hostile_or_broken_export_imports_nothing_and_says_why(
    make_site: MakeSite, tmp_path: Path, document: str, expected: str
) -> None:
    root = make_site()
    before = tree(root)
    run = import_wordpress(root, write_export(tmp_path, document))
    assert run.returncode == 1
    assert run.stderr.startswith(str(tmp_path / expected.split(":")[0]) + ":")
    assert expected.split(":", 1)[1] in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert tree(root) == before


@pytest.mark.parametrize(
    "name",
    [
        "wordpress-valid-wxr-1.0.xml",
        "pelican-tests-wordpressexport.xml",
        "jekyll-import-wordpressdotcom-2025.xml",
    ],
)
def test_the_other_real_exports_import_and_build(make_site: MakeSite, name: str) -> None:
    root = make_site()
    run = import_wordpress(root, shared_data("wxr", name), "--no-media")
    assert run.returncode == 0, run.stderr
    assert _rows(run.stdout)["posts"] > 0
    built = plnpress(root, "build")
    assert built.returncode == 0, built.stderr
    assert "error" not in built.stderr.lower()
    again = import_wordpress(root, shared_data("wxr", name), "--no-media")
    assert _rows(again.stdout)["files new"] == _rows(again.stdout)["files updated"] == 0
