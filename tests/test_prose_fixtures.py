"""Sentence fixtures for the prose facts: tests/fixtures/prose/<fact>.txt, ``sentence => expected
@rule`` a line (see the README there). Each case calls the fact's public function and checks the
value; a pinned rule must be the one of the fact's ordered list that gave it. Failures name the rule
that matched."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docgen.parse import prose

FIXTURES = Path(__file__).parent / "fixtures" / "prose"

# fixture file stem -> the public function, seen as "sentence -> value" (None: the fact is not stated)
PUBLIC: dict[str, Callable[[str], Any]] = {
    "body_type": prose.body_type,
    "body_refusal": prose.body_refusal,
    "body_update_values": lambda s: prose.body_is_update_values(s) or None,
    "response_status": lambda s: (prose.response_status(s) or (None,))[0],
    "response_type": prose.response_type,
    "response_body_type": prose.response_body_type,
    "base_type": lambda s: prose.base_from_prose(s) if prose.base_from_prose(s)[0] else None,
    "open_type": lambda s: prose.says_open_type(s) or None,
    "namespace": prose.namespace,
    "not_description": lambda s: (not prose.is_description(s)) or None,
    "derived_types": lambda s: prose.mentions_derived_types(s) or None,
    "example_shortened": lambda s: prose.says_shortened(s) or None,
    "foreign_subheading": lambda s: prose.is_foreign_subheading(s) or None,
    "required": prose.says_required,
}


def _cases() -> list[Any]:
    out = []
    for path in sorted(FIXTURES.glob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            sentence, sep, rest = line.rpartition(" => ")
            assert sep, f"{path.name}:{n}: no ' => ' in {line!r}"
            expected_text, _, rule = rest.partition("@")
            out.append(pytest.param(path.stem, sentence, ast.literal_eval(expected_text.strip()), rule.strip() or None, id=f"{path.stem}:{n}"))
    return out


def test_every_fact_has_a_fixture_file_and_a_public_function() -> None:
    files = {p.stem for p in FIXTURES.glob("*.txt")}
    assert files == set(prose.FACTS) == set(PUBLIC)


@pytest.mark.parametrize("fact, sentence, expected, rule", _cases())
def test_sentence(fact: str, sentence: str, expected: Any, rule: str | None) -> None:
    hit = prose.FACTS[fact].hit(sentence)
    matched = f"rule {hit.rule!r} matched" if hit else "no rule matched"
    got = PUBLIC[fact](sentence)
    assert got == expected, f"{fact}: {sentence!r}: {matched}, giving {got!r}; expected {expected!r}"
    if rule is not None:
        assert rule in prose.FACTS[fact].rule_names, f"{fact} has no rule {rule!r} (rules: {prose.FACTS[fact].rule_names})"
        assert hit is not None and hit.rule == rule, f"{fact}: {sentence!r}: {matched}; expected rule {rule!r}"
    else:
        assert expected is None or hit is not None, f"{fact}: {sentence!r}: {matched}"


def test_a_refused_match_falls_through_to_the_next_rule() -> None:
    # "inherits from here": the bare-word rule matches the phrase but refuses the stop word
    assert prose.FACTS["base_type"].hit("Settings inherit from here.") is None
    assert prose.FACTS["base_type"].hit("Inherits from [entity](entity.md) and from here.").rule == "phrase_link"  # type: ignore[union-attr]
