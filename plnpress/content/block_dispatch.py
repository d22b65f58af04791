"""A shortcut through markdown-it-py's block parser: at each line, only the rules that can start
there.

markdown-it-py tries every block rule in turn on every line (and, inside a paragraph, a list
or a blockquote, every rule that may end it on every following line); each looks at the line's
first character (after its indentation) and gives up unless it is its own: ``#`` for a heading,
``>`` for a blockquote, and so on. Here each chain of rules is replaced by one function that
reads that character once and calls, in their usual order, only the rules that can match it,
so the first to match is the one markdown-it-py would have found. A rule is skipped only where
it would have returned False before touching the state; one not named in
:data:`FIRST_CHARACTERS` is always called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.ruler import Rule, Ruler
from markdown_it.rules_block import StateBlock

BlockRule = Callable[[StateBlock, int, int, bool], bool]

FIRST_CHARACTERS = {
    "fence": "~`",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "footnote_def": "[",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}
"""The characters each block rule of markdown-it-py (and mdit-py-plugins' footnotes) needs at
the start of its first line, returning False at any other."""

TABLE_SECOND_LINE = "|-:"
"""A table's second line (its delimiter row) starts with one of these; the table rule returns
False before touching the state when it does not (or when there is no second line)."""


class _Chain:
    """One chain of block rules (``""`` for every line, or the rules that may end a paragraph,
    a list, ...), called as one rule."""

    __slots__ = ("_by_character", "_code", "_every", "_rules", "_table")

    def __init__(self, rules: Sequence[Rule[BlockRule]]) -> None:
        self._rules = list(rules)
        self._every: list[BlockRule] = [rule.fn for rule in rules]
        self._code = any(rule.name == "code" for rule in rules)
        self._table = any(rule.name == "table" for rule in rules)
        self._by_character: tuple[dict[str, list[BlockRule]], dict[str, list[BlockRule]]] = (
            {},
            {},
        )
        """The rules to try at a line starting with a character, without and with a possible
        table (filled as characters are met)."""

    def _rules_at(self, character: str, table: bool) -> list[BlockRule]:
        rules = []
        for rule in self._rules:
            if rule.name == "code" or (rule.name == "table" and not table):
                continue
            if character in FIRST_CHARACTERS.get(rule.name, character):
                rules.append(rule.fn)
        self._by_character[table][character] = rules
        return rules

    def __call__(self, state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= state.eMarks[line] or (self._code and state.sCount[line] - state.blkIndent >= 4):
            rules = self._every  # an empty line, or a code block: as markdown-it-py does
        else:
            table = False
            if self._table and line + 2 <= end:
                second = state.bMarks[line + 1] + state.tShift[line + 1]
                table = second < state.eMarks[line + 1] and state.src[second] in TABLE_SECOND_LINE
            character = state.src[pos]
            found = self._by_character[table].get(character)
            rules = found if found is not None else self._rules_at(character, table)
        for rule in rules:  # noqa: SIM110 - any() over a generator costs more, every line
            if rule(state, line, end, silent):
                return True
        return False


class DispatchingRuler(Ruler[BlockRule]):
    """The block ruler, each chain of rules it hands out made one :class:`_Chain`."""

    def __init__(self, original: Ruler[BlockRule]) -> None:
        super().__init__()
        self.__dict__.update(original.__dict__)
        self.__cache__ = None

    def __compile__(self) -> None:
        chains = {""}
        for rule in self.__rules__:
            if rule.enabled:
                chains.update(rule.alt)
        self.__cache__ = {}
        for chain in chains:
            rules = [r for r in self.__rules__ if r.enabled and (not chain or chain in r.alt)]
            self.__cache__[chain] = [_Chain(rules)] if rules else []
