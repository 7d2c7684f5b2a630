"""Named, ordered rule lists for facts stated in prose (the shape markdown-it-py gives its rules).

A :class:`Fact` is a list of :class:`Rule` tried in order; the first rule whose pattern matches and
whose ``value`` function accepts the match gives the fact's value. :meth:`Fact.hit` also says which
rule matched (the sentence fixture harness prints it); each prose module wraps its facts in plain
public functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Words that follow "a", "of", "inherits from", ... in prose without naming a type. One list for
# every fact that reads a type name out of a sentence.
NOT_A_TYPE = frozenset(
    """a an the this that these those it its each some one any all other different associated new
    json object objects collection list array set reference request body value values id identifier parameters
    base type types class resource resources metadata containers http here there which them""".split()
)


def not_a_type(words: frozenset[str] = NOT_A_TYPE) -> str:
    """A regex lookahead refusing a stop word at this point (case-insensitive, whole words)."""
    return r"(?!(?i:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + r")\b)"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    # the fact's value from a match; None refuses the match and the next rule is tried
    value: Callable[[re.Match[str]], Any] = lambda m: m.group(1)
    anchored: bool = False  # re.match at the start instead of re.search


@dataclass(frozen=True, slots=True)
class Hit:
    rule: str
    value: Any
    match: re.Match[str]


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    rules: tuple[Rule, ...]

    def hit(self, text: str) -> Hit | None:
        for rule in self.rules:
            m = rule.pattern.match(text) if rule.anchored else rule.pattern.search(text)
            if m is None:
                continue
            value = rule.value(m)
            if value is not None:
                return Hit(rule.name, value, m)
        return None

    def value(self, text: str) -> Any:
        h = self.hit(text)
        return None if h is None else h.value

    @property
    def rule_names(self) -> list[str]:
        return [r.name for r in self.rules]
