"""The inline-heavy corpus: posts written the way people write on the web, most sentences
carrying a link.

Its shapes and frequencies come from the real posts in ``../shared/data/realblogs/`` (measured,
not copied: no text of theirs is here). Per post: 600-1,200 words (as the bench corpus), long
paragraphs (3-7 sentences of 8-32 words); a link in about 60 % of sentences (real blogs average
one in six, the busiest one in two; this corpus is the hard case) to 300 hosts, the commonest
far ahead as on the web (Zipf), URLs shaped as measured (a third with a trailing slash, 8 % with
a query, 5 % with a fragment, 17 % ``http:``, a fifth with capitals, 1 % percent-escaped), link
texts of 1-7 words; a tenth of the links are reference-style and a tenth bare URLs or
``<autolinks>``. Inline code in a quarter of sentences, emphasis (``_x_`` and ``**x**`` most,
``*x*`` less) in a fifth, apostrophes and quotes, ``--`` and ``...`` at real rates (typographic
replacements act on them). Blocks: headings, fenced code in the languages people use, nested
lists (two and three levels, links and code in items), blockquotes (some with hard breaks), now
and then an image, a table or a footnote.

    python -m bench.corpus OUT_DIR --kind inline-heavy --posts 1000
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bench.corpus import TAGS, Post

SYLLABLES = (
    "ka lo mi ra ven tor sel bri da nu pax qui zen fol har mon tek lis gra vo ne sta col "
    "dri ber fen gal jun kor lum mar nov pel rin sor tal ul wex yor"
).split()
TLDS = ["com"] * 10 + ["org"] * 4 + ["io"] * 2 + ["net", "dev", "de", "nl", "co.uk", "fr", "be"]
SUBDOMAINS = [""] * 6 + ["www."] * 4 + ["blog.", "docs.", "en.", "news."]

FUNCTION = (
    "the the the a a of of to to and and in in is it that for on with as this was be at by "
    "not or from but have an they you we can more which about their so if what when there "
    "all one would been has like just how some than into them only then also after most"
).split()
CONTENT = (
    "learning network open practice teacher student reading writing notes blog feed reply "
    "mention community question answer idea course design curriculum research method evidence "
    "theory reflection journal archive web link page site author reader comment thread "
    "conversation tool habit week project draft review friend colleague mentor school library "
    "book paper article chapter source quote summary outline garden stream server browser "
    "release version build script compiler library function module test editor terminal file "
    "folder config template theme layout markup syntax parser plugin cache deploy host domain "
    "certificate request response header cookie session database query index table column "
    "schema migration backup laptop keyboard screen battery photo camera walk coffee morning "
    "evening weekend holiday city train bike garden music album podcast episode video talk "
    "conference workshop meetup slides demo example problem solution mistake lesson habit "
    "year month decade history future memory attention focus energy time money"
).split()
VERBS = (
    "wrote read built broke fixed found tried moved kept shared learned noticed changed "
    "started finished opened closed published shipped tested reviewed planned ignored missed "
    "remember think guess wonder prefer suggest recommend explain describe compare"
).split()
CONTRACTIONS = "don't it's I'm I've can't isn't that's there's you'll we're didn't wasn't".split()
LANGUAGES = ["javascript"] * 4 + ["sh"] * 3 + ["html"] * 2 + ["c", "java", "python", "python",
             "yaml", "console", "go", "css", "json", ""]  # fmt: skip
CODE = {
    "javascript": "const items = await fetch(url).then((r) => r.json());\n"
    "for (const item of items) {\n  console.log(`${item.id}: ${item.title}`);\n}\n",
    "sh": 'for f in content/posts/*.md; do\n  grep -c "http" "$f"\ndone | sort -n | tail -3\n',
    "html": '<article class="h-entry">\n  <a class="u-url" href="/2024/05/notes/">Notes</a>\n'
    "</article>\n",
    "c": '#include <stdio.h>\n\nint main(void) {\n    printf("%d\\n", 42);\n    return 0;\n}\n',
    "java": "public class Hello {\n    public static void main(String[] args) {\n"
    '        System.out.println("Hello");\n    }\n}\n',
    "python": "def slug(title: str) -> str:\n"
    '    return "-".join(title.lower().split())\n\nprint(slug("Hello World"))\n',
    "yaml": "title: Notes\nbase_url: https://example.org/\ntags: [web, notes]\n",
    "console": "$ make test\nok 12 passed in 0.41s\n",
    "go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n',
    "css": "main {\n  max-width: 40rem;\n  margin: 0 auto;\n}\n",
    "json": '{\n  "name": "notes",\n  "version": "1.2.0",\n  "private": true\n}\n',
    "": "Just some output\n  indented a little\n",
}
CODE_SPANS = (
    "git rebase -i|--force|npm install|config.yaml|README.md|null|this|X[i]|main()|"
    "LD_PRELOAD|rel=me|h-entry|u-in-reply-to|<head>|Ctrl+C|sudo apt update|index.html|"
    "0.0.0.0|/etc/hosts|async|await|__init__.py|$HOME|.gitignore|docker run --rm -it|"
    "font-size: 1rem|SELECT *|200 OK|utf-8|tags: [a, b]|x => x * 2|*.md|a_b_c"
).split("|")


class Hosts:
    """300 made-up hosts; the first few get most links, as on the web."""

    def __init__(self, rng: random.Random, count: int = 300) -> None:
        names: list[str] = []
        while len(names) < count:
            name = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3)))
            host = f"{rng.choice(SUBDOMAINS)}{name}.{rng.choice(TLDS)}"
            if host not in names:
                names.append(host)
        self.names = names
        self.weights = [1 / (rank + 1) for rank in range(count)]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, self.weights)[0]


def _segment(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.08:
        return str(rng.randint(2005, 2024))
    words = rng.choices(CONTENT, k=rng.randint(1, 4))
    if shape < 0.2:
        return "".join(word.capitalize() for word in words)
    return rng.choice(["-", "-", "-", "_"]).join(words)


def url(rng: random.Random, hosts: Hosts) -> str:
    scheme = "http" if rng.random() < 0.17 else "https"
    depth = rng.choices(range(8), [17, 21, 28, 15, 10, 5, 3, 1])[0]
    path = "/".join(_segment(rng) for _ in range(depth))
    if path and rng.random() < 0.1:
        path += rng.choice([".html", ".pdf", ".md"])
    elif path and rng.random() < 0.31:
        path += "/"
    address = f"{scheme}://{hosts.pick(rng)}"
    if path or rng.random() < 0.5:
        address += "/" + path
    if rng.random() < 0.075:
        address += rng.choice(
            [f"?v={rng.getrandbits(40):x}", f"?id={rng.randint(1, 9999)}&lang=en", "?page=2"]
        )
    if rng.random() < 0.05:
        address += "#" + "-".join(rng.choices(CONTENT, k=2))
    if rng.random() < 0.01:
        address += "%20" + rng.choice(CONTENT)
    return address


class Writer:
    """Sentences, paragraphs and blocks of one corpus (one generator, one host list)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.hosts = Hosts(rng)
        self.references: list[tuple[int, str]] = []

    def words(self, count: int) -> list[str]:
        rng = self.rng
        out = []
        for _ in range(count):
            roll = rng.random()
            if roll < 0.45:
                out.append(rng.choice(FUNCTION))
            elif roll < 0.85:
                out.append(rng.choice(CONTENT))
            elif roll < 0.95:
                out.append(rng.choice(VERBS))
            elif roll < 0.98:
                out.append(rng.choice(CONTRACTIONS))
            else:
                out.append(str(rng.randint(2, 500)))
        return out

    def link(self, text: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            return f"[{text}]({url(rng, self.hosts)})"
        if roll < 0.9:
            number = len(self.references) + 1
            self.references.append((number, url(rng, self.hosts)))
            return f"[{text}][{number}]"
        address = url(rng, self.hosts)
        return f"{text} (<{address}>)" if roll < 0.93 else f"{text} at {address}"

    def sentence(self, links: float = 0.6) -> str:
        rng = self.rng
        words = self.words(rng.randint(8, 32))
        words[0] = words[0].capitalize()
        spans = self._spans(len(words), links)
        for start, end, kind in sorted(spans, reverse=True):
            text = " ".join(words[start:end])
            if kind == "link":
                words[start:end] = [self.link(text)]
            elif kind == "code":
                words[start:end] = [f"`{rng.choice(CODE_SPANS)}`"]
            elif kind == "em":
                mark = rng.choices(["_", "**", "*"], [45, 45, 10])[0]
                words[start:end] = [f"{mark}{text}{mark}"]
            else:
                words[start:end] = [f'"{text}"']
        for index in range(4, len(words) - 2, rng.randint(5, 12)):
            if words[index][-1].isalnum():
                words[index] += ","
        end = rng.choices([".", ".", ".", ".", "?", "!", "...", ":"], k=1)[0]
        sentence = " ".join(words) + end
        if rng.random() < 0.08:
            sentence = sentence[:-1] + f" -- {' '.join(self.words(rng.randint(3, 6)))}."
        if rng.random() < 0.06:
            sentence += f" ({' '.join(self.words(rng.randint(2, 7)))})"
        return sentence

    def _spans(self, length: int, links: float) -> list[tuple[int, int, str]]:
        """Where links, code, emphasis and quotes go: word ranges that do not overlap."""
        rng = self.rng
        wanted = []
        if rng.random() < links:
            wanted.append(("link", rng.choices(range(1, 8), [40, 25, 13, 9, 6, 4, 3])[0]))
        if rng.random() < 0.25:
            wanted.append(("code", 1))
        if rng.random() < 0.2:
            wanted.append(("em", rng.randint(1, 3)))
        if rng.random() < 0.05:
            wanted.append(("quote", rng.randint(2, 5)))
        taken: list[tuple[int, int, str]] = []
        for kind, size in wanted:
            start = rng.randrange(0, max(1, length - size))
            end = min(length, start + size)
            if all(end <= a or start >= b for a, b, _ in taken):
                taken.append((start, end, kind))
        return taken

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def nested_list(self) -> str:
        rng = self.rng
        ordered = rng.random() < 0.25
        lines = []
        for number in range(1, rng.randint(3, 6) + 1):
            mark = f"{number}." if ordered else "-"
            lines.append(f"{mark} {self.sentence(links=0.5)}")
            indent = " " * (len(mark) + 1)
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                lines.append(f"{indent}- {self.sentence()}")
                if rng.random() < 0.15:
                    lines.append(f"{indent}  - `{rng.choice(CODE_SPANS)}` {self.sentence()}")
        return "\n".join(lines)

    def blockquote(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            lines = [self.sentence() + "  " for _ in range(rng.randint(2, 4))]
            return "\n".join(f"> {line}" for line in lines).rstrip()
        quote = "> " + self.paragraph()
        if rng.random() < 0.4:
            quote += f"\n>\n> -- {self.link(' '.join(self.words(2)).title())}"
        return quote

    def code_block(self) -> str:
        language = self.rng.choice(LANGUAGES)
        return f"```{language}\n{CODE[language]}```"

    def table(self) -> str:
        rng = self.rng
        cells = [
            (rng.choice(CODE_SPANS), rng.randint(1, 99), self.link(rng.choice(CONTENT)))
            for _ in range(rng.randint(3, 6))
        ]
        rows = "\n".join(f"| `{code}` | {count} | {see} |" for code, count, see in cells)
        return "| name | count | see |\n| --- | ---: | --- |\n" + rows


def make_post(index: int, writer: Writer) -> Post:
    rng = writer.rng
    writer.references = []
    words = writer.words(rng.randint(3, 8))
    title = " ".join([words[0].capitalize(), *words[1:]]) + f" {index}"
    date = datetime(2016, 1, 1, 9, 0) + timedelta(hours=7 * index)
    tags = rng.sample(TAGS, rng.randint(1, 4))
    target_words = rng.randint(600, 1200)
    footnote = rng.random() < 0.2
    parts: list[str] = [writer.paragraph()]
    section = 1
    while sum(len(part.split()) for part in parts) < target_words:
        if section % 3 == 0:
            parts.append(f"## {' '.join(writer.words(rng.randint(2, 6))).capitalize()}")
        block = rng.random()
        if block < 0.5 or (footnote and section == 2):
            parts.append(writer.paragraph())
        elif block < 0.67:
            parts.append(writer.nested_list())
        elif block < 0.75:
            parts.append(writer.blockquote())
        elif block < 0.92:
            parts.append(writer.code_block())
        elif block < 0.96:
            parts.append(f"![{' '.join(writer.words(3))}]({url(rng, writer.hosts)}.jpg)")
        else:
            parts.append(writer.table())
        if footnote and section == 2:
            parts[-1] += " This needs a note.[^1]"
        section += 1
    if footnote:
        parts.append(f"[^1]: {writer.sentence()}")
    if writer.references:
        parts.append("\n".join(f"[{number}]: {address}" for number, address in writer.references))
    return Post(title, f"post-{index:05d}", date, tags, "\n\n".join(parts) + "\n")


def generate(posts: int, seed: int = 20260119) -> list[Post]:
    writer = Writer(random.Random(seed))
    return [make_post(index, writer) for index in range(posts)]
