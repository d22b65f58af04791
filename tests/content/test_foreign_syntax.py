"""Other generators' template tags in a body: warned about at their lines, shown as written,
never changed by typographic quotes; ordinary Markdown renders as it did."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt

from plnpress.content import markdown as plnpress_markdown
from plnpress.content.markdown import render_markdown
from tests.conftest import MakeSite, build_blog
from tests.content.test_same_output import _corpus_bodies, _example_blog

POST = """\
---
title: Moved from elsewhere
date: 2025-01-01
---

Intro with "quotes" -- and dashes...

{% highlight ruby %}
def greet(name) = "hello -- #{name}..."
{% endhighlight %}

A figure: {{< figure src="cat.jpg" caption="It's a 'cat' -- asleep" >}} here.

See [the post]({{ site.baseurl }}/2020/01/old/) and {{% notice "note" %}}.
{: .lead}

`{% raw %}` in code and

```liquid
{% for p in site.posts %}{{ p.title }}{% endfor %}
```
"""


def test_each_kind_of_foreign_tag_is_warned_about_at_its_line(make_site: MakeSite) -> None:
    root = make_site({"content/posts/moved.md": POST})
    result = build_blog(root)
    assert [str(w) for w in result.warnings] == [
        "content/posts/moved.md:8: warning: {% highlight ruby %}: a Liquid/Nunjucks tag from "
        "another generator, shown as written (also on line 10); plnpress import jekyll (or "
        "pelican, eleventy) converts the common ones",
        "content/posts/moved.md:12: warning: {{< figure src=\"cat.jpg\" caption=\"It's a 'cat' "
        '-- asleep" >}}: a Hugo shortcode from another generator, shown as written (also on '
        "line 14); plnpress import hugo converts the common ones",
        "content/posts/moved.md:14: warning: {{ site.baseurl }}: a Liquid variable from another "
        "generator, shown as written; plnpress import jekyll (or eleventy) converts the common "
        "ones",
        "content/posts/moved.md:15: warning: {: .lead}: a kramdown attribute list from another "
        "generator, shown as written; plnpress import jekyll converts the common ones",
    ]


def test_typography_never_touches_a_tag_or_the_code_it_holds() -> None:
    html = render_markdown(POST.split("---\n", 2)[2]).html
    assert "<p>Intro with “quotes” – and dashes…</p>" in html  # prose still gets them
    assert "def greet(name) = &quot;hello -- #{name}...&quot;" in html
    assert (
        "{{&lt; figure src=&quot;cat.jpg&quot; caption=&quot;It's a 'cat' -- asleep&quot; &gt;}}"
        in html
    )
    assert "{{% notice &quot;note&quot; %}}" in html
    assert "{% endhighlight %}" in html


@functools.cache
def _without_the_rule() -> MarkdownIt:
    md = plnpress_markdown.plain_parser("/")
    md.core.ruler.disable("plnpress_foreign")
    return md


def test_ordinary_markdown_renders_exactly_as_without_the_rule() -> None:
    texts = [*_corpus_bodies(), *_example_blog()]
    assert len(texts) > 150
    for text in texts:
        assert render_markdown(text) == plnpress_markdown.render_with(_without_the_rule(), text)
