"""Shortcuts through markdown-it-py that give its results with less work.

Markdown is most of a cold build's time, and most of that is markdown-it-py trying rules where
they cannot match: at every character that might start inline markup, every inline rule is
called in turn, though each looks at the character first and gives up unless it is its own; and
a link's address is read one character at a time (block rules are dispatched the same way,
in :mod:`plnpress.content.block_dispatch`). Each shortcut here skips only work whose
result is known (a rule that would return False at once, a scan whose end a regular expression
finds), so the output is the same byte for byte: ``tests/content/test_same_output.py`` renders
edge cases, generated corpora, the example blog and real posts both ways and compares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from types import SimpleNamespace

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.helpers import parseLinkLabel, parseLinkTitle
from markdown_it.helpers.parse_link_destination import _Result, parseLinkDestination
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import replacements as typographic
from markdown_it.rules_core.smartquotes import APOSTROPHE, QUOTE_RE, process_inlines
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import link as inline_link
from markdown_it.rules_inline import text as inline_text
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from plnpress.content.block_dispatch import DispatchingRuler

InlineRule = Callable[[StateInline, bool], bool]

FIRST_CHARACTERS = {
    "linkify": ":",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "_*",
    "link": "[",
    "image": "!",
    "footnote_inline": "^",
    "footnote_ref": "[",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
"""The characters each inline rule of markdown-it-py (and mdit-py-plugins' footnotes) checks
for first, returning False at any other without touching the state. A rule not named here is
tried at every character, as markdown-it-py does."""


class DispatchingInline(ParserInline):
    """markdown-it-py's inline parser, trying at each position only the rules that can start
    with the character there (in their usual order, so the first to match is the same).

    Two more steps are taken here instead of through the rules: a run of plain text (where the
    ``text`` rule comes first and always matches) is read at once, and a piece of text with no
    character any rule starts with becomes its one text token without the parser's state.
    """

    def __init__(self, original: ParserInline) -> None:
        self.__dict__.update(original.__dict__)
        self._table: dict[str, list[InlineRule]] = {}
        self._built_from: list[InlineRule] | None = None
        """The ruler's rule list the table was built from (it makes a new one on a change)."""
        self._plain_is_text = False
        """Whether text without any terminator character parses to one text token (only
        markdown-it-py's own rules, each starting at a terminator, are enabled)."""

    def _rules_by_character(self) -> dict[str, list[InlineRule]]:
        """The rules to try where the text has a character, by character (filled as met)."""
        if self._built_from is not self.ruler.getRules(""):
            self._table = {}
            self._built_from = self.ruler.getRules("")
            self._plain_is_text = self._only_known_rules()
        return self._table

    def _only_known_rules(self) -> bool:
        first = [rule for rule in self.ruler.__rules__ if rule.enabled]
        after = {rule.name for rule in self.ruler2.__rules__ if rule.enabled}
        return (
            bool(first)
            and first[0].fn is inline_text
            and all(
                rule.name in FIRST_CHARACTERS
                and all(self.terminator_re.match(c) for c in FIRST_CHARACTERS[rule.name])
                for rule in first[1:]
            )
            and after <= _POST_PROCESSING
        )

    def _rules_at(self, character: str) -> list[InlineRule]:
        rules: list[InlineRule] = []
        for rule in self.ruler.__rules__:
            if not rule.enabled:
                continue
            if rule.name == "text":
                if self.terminator_re.match(character):
                    continue
                rules.append(rule.fn)
            elif character in FIRST_CHARACTERS.get(rule.name, character):
                rules.append(rule.fn)
        if rules and rules[0] is inline_text:
            rules = _TEXT  # it matches (the character is not a terminator): nothing after it runs
        self._table[character] = rules
        return rules

    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        self._rules_by_character()
        if src and not tokens and self._plain_is_text and not self.terminator_re.search(src):
            token = Token("text", "", 0)  # as StateInline.pushPending makes it
            token.content = src
            tokens.append(token)
            return tokens
        return super().parse(src, md, env, tokens)

    def tokenize(self, state: StateInline) -> None:
        end = state.posMax
        src = state.src
        max_nesting = state.md.options["maxNesting"]
        table = self._rules_by_character()
        terminator = self.terminator_re.search
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                character = src[pos]
                rules = table.get(character)
                if rules is None:
                    rules = self._rules_at(character)
                if rules is _TEXT:  # markdown-it-py's text rule, as it runs
                    found = terminator(src, pos)
                    state.pos = found.start() if found else end
                    state.append_pending(src[pos : state.pos])
                    if state.pos >= end:
                        break
                    continue
                for rule in rules:
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skipToken(self, state: StateInline) -> None:
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        ok = False
        if state.level < state.md.options["maxNesting"]:
            character = state.src[pos]
            rules = self._rules_by_character().get(character)
            if rules is None:
                rules = self._rules_at(character)
            if rules is _TEXT:
                rules = [inline_text]
            for rule in rules:
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax
        if not ok:
            state.pos += 1
        cache[pos] = state.pos


_TEXT: list[InlineRule] = [inline_text]
"""The rules at a character that is not a terminator, when the text rule comes first: it
always matches there (it takes at least that character)."""

_POST_PROCESSING = frozenset({"balance_pairs", "strikethrough", "emphasis", "fragments_join"})
"""markdown-it-py's rules run after the inline rules, none of which changes a lone text token."""


_PLAIN_DESTINATION = re.compile(r"[^\x00-\x20\x7f\\()<]+")
"""A link address with nothing that markdown-it-py's scan treats specially (space or control
characters end it; a backslash, parentheses and a leading ``<`` need the full scan)."""


def link_destination(string: str, pos: int, maximum: int) -> _Result:
    """markdown-it-py's ``parseLinkDestination``, with the common case found by one regex."""
    found = _PLAIN_DESTINATION.match(string, pos, maximum)
    if found is None:
        return parseLinkDestination(string, pos, maximum)
    end = found.end()
    if end < maximum:
        following = string[end]
        if following in "\\(<":
            return parseLinkDestination(string, pos, maximum)
    result = _Result()
    result.str = unescapeAll(string[pos:end])
    result.pos = end
    result.ok = True
    return result


_PLAIN_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^\x00-\x20\x7f\\()<]+)\)")
"""``[text](address)`` with nothing between the parts and an address :func:`link_destination`
reads at once; :func:`plain_link` also checks that the text has no character any inline rule
starts with."""


def plain_link(state: StateInline, silent: bool) -> bool:
    """markdown-it-py's ``link`` rule, with the commonest link (plain text to a plain address,
    no title) made here as that rule makes it; any other goes to the rule."""
    src = state.src
    found = _PLAIN_LINK.match(src, state.pos, state.posMax)
    if found is None or state.md.inline.terminator_re.search(src, found.start(1), found.end(1)):
        return inline_link(state, silent)
    href = state.md.normalizeLink(unescapeAll(found[2]))
    if not state.md.validateLink(href):
        return inline_link(state, silent)
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        state.append_pending(found[1])  # the text rule's work inside the link
        state.pushPending()
        state.push("link_close", "a", -1)
    state.pos = found.end()
    return True


_RARE_STEPS = (
    ("+-", typographic.PLUS_MINUS_RE, "±"),
    ("..", typographic.ELLIPSIS_RE, "…"),
    ("…", typographic.ELLIPSIS_QUESTION_EXCLAMATION_RE, "\\1.."),
    ("", typographic.QUESTION_EXCLAMATION_RE, "\\1\\1\\1"),
    (",,", typographic.COMMA_RE, ","),
    ("---", typographic.EM_DASH_RE, "\\1\u2014"),
    ("--", typographic.EN_DASH_RE, "\\1\u2013"),
    ("--", typographic.EN_DASH_INDENT_RE, "\\1\u2013"),
)
"""markdown-it-py's rare typographic replacements in its order, each with a string that any
text it changes contains ("" for the one that needs four ``?`` or ``!``)."""


def _replace_rare(children: list[Token]) -> None:
    # markdown-it-py's replace_rare, each substitution run only where it can change something.
    inside_autolink = 0
    for token in children:
        if token.type == "text" and not inside_autolink:
            content = token.content
            if typographic.RARE_RE.search(content):
                for needle, pattern, replacement in _RARE_STEPS:
                    if needle in content:
                        content = pattern.sub(replacement, content)
                token.content = content
        elif token.type == "link_open" and token.info == "auto":
            inside_autolink -= 1  # sic: as markdown-it-py counts
        elif token.type == "link_close" and token.info == "auto":
            inside_autolink += 1


def replacements(state: StateCore) -> None:
    """markdown-it-py's ``replacements`` core rule, with :func:`_replace_rare`."""
    if not state.md.options.typographer:
        return
    for token in state.tokens:
        if token.type != "inline" or token.children is None:
            continue
        if typographic.SCOPED_ABBR_RE.search(token.content):
            typographic.replace_scoped(token.children)
        if typographic.RARE_RE.search(token.content):
            _replace_rare(token.children)


class QuickRenderer(RendererHTML):
    """markdown-it-py's HTML renderer, writing the commonest inline tokens itself: text as
    its ``text`` rule does, and tags without a rule (links, emphasis, ...) as its
    ``renderToken`` does for a token that is not a block."""

    def __init__(self, original: RendererHTML) -> None:
        super().__init__()
        self.__dict__.update(original.__dict__)

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        rules = self.rules
        own_text = getattr(rules.get("text"), "__func__", None) is RendererHTML.text
        if not own_text or type(self).renderToken is not _RENDER_TOKEN:
            return super().renderInline(tokens, options, env)  # a rule of someone else's
        xhtml = options["xhtmlOut"]
        out: list[str] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "text":
                out.append(escapeHtml(token.content))
            elif kind in rules:
                out.append(rules[kind](tokens, index, options, env))
            elif token.block:
                out.append(self.renderToken(tokens, index, options, env))
            elif not token.hidden:
                tag = ("</" if token.nesting == -1 else "<") + token.tag
                if token.attrs:
                    tag += self.renderAttrs(token)
                out.append(tag + (" />" if token.nesting == 0 and xhtml else ">"))
        return "".join(out)


_RENDER_TOKEN = RendererHTML.renderToken


_APOSTROPHE_IN_WORD = re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z0-9])")
"""A single quote between two ASCII letters or digits (``it's``): markdown-it-py's smart quotes
make it an apostrophe whatever comes before or after, and it is never another quote's neighbour
(which would be a letter or digit then), so it changes no other quote's fate."""


def smartquotes(state: StateCore) -> None:
    """markdown-it-py's ``smartquotes`` core rule, with apostrophes inside words made first and
    the rest of the work skipped for text where no quote is left."""
    if not state.md.options.typographer:
        return
    for token in state.tokens:
        if token.type != "inline" or not QUOTE_RE.search(token.content):
            continue
        children = token.children
        if children is None:
            continue
        left = False
        for child in children:
            if child.type == "text" and ("'" in child.content or '"' in child.content):
                content = _APOSTROPHE_IN_WORD.sub(APOSTROPHE, child.content)
                child.content = content
                left = left or "'" in content or '"' in content
        if left:
            process_inlines(children, state)


def normalize(state: StateCore) -> None:
    """markdown-it-py's ``normalize`` core rule (line endings to ``\\n``, NUL to U+FFFD) with
    plain string replacing, and nothing done to text that has neither: two regexes over every
    post, one of them replacing each ``\\n`` with itself."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


def install(md: MarkdownIt) -> None:
    """Put the shortcuts into ``md`` (after every plugin has added its rules)."""
    md.core.ruler.at("normalize", normalize)
    md.core.ruler.at("replacements", replacements)
    md.core.ruler.at("smartquotes", smartquotes)
    md.inline.ruler.at("link", plain_link)
    md.inline = DispatchingInline(md.inline)
    md.block.ruler = DispatchingRuler(md.block.ruler)
    assert isinstance(md.renderer, RendererHTML)
    md.renderer = QuickRenderer(md.renderer)
    md.helpers = SimpleNamespace(  # type: ignore[assignment]
        parseLinkDestination=link_destination,
        parseLinkLabel=parseLinkLabel,
        parseLinkTitle=parseLinkTitle,
    )
