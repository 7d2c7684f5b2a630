"""Whether a description (or a name, type or Required cell) says the member is required:
"Required.", "Optional.", "(required)", "Not required"."""

from __future__ import annotations

import re

from .rules import Fact, Rule

REQUIRED = Fact(
    "required",
    (
        Rule("not_required", re.compile(r"\bnot\s+required\b", re.I), lambda m: False),
        Rule("required", re.compile(r"\brequired\s*[.)]|^\s*required\s*$|\(required\)", re.I), lambda m: True),
        Rule("optional", re.compile(r"\boptional\s*[.)]|^\s*optional\s*$|\(optional\)", re.I), lambda m: False),
    ),
)


def required(text: str) -> bool | None:
    """True, False, or None when the text does not say."""
    h = REQUIRED.hit(text)
    return None if h is None else h.value  # type: ignore[no-any-return]
