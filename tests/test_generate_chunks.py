"""Test modules are cut by content (the operation id), so an edit moves one module only."""

from __future__ import annotations

from docgen.generate import examples
from docgen.generate.examples import CHUNK_MAX, CHUNK_MIN, chunks, starts_chunk


def _ids(n: int, prefix: str = "page") -> list[str]:
    return [f"{prefix}-{i:04d}" for i in range(n)]


def _cut(ids: list[str], per_op: int = 1) -> list[list[str]]:
    """Module contents as lists of operation ids (one entry per test)."""
    return [list(tests) for _, tests in chunks([(i, i) for i in ids for _ in range(per_op)])]  # type: ignore[misc]


def test_the_cut_is_a_property_of_the_ids() -> None:
    ids = _ids(400)
    cuts = _cut(ids)
    assert [x for m in cuts for x in m] == ids  # every test once, in order
    assert 20 < len(cuts) < 120  # about one module per 8 operations
    for m in cuts[1:]:
        assert starts_chunk(m[0]) or len(m) == CHUNK_MAX  # each module starts where its id says
    for m in cuts[:-1]:
        assert CHUNK_MIN <= len(m) <= CHUNK_MAX


def test_adding_or_removing_a_page_changes_one_module() -> None:
    ids = _ids(400)
    before = _cut(ids)
    for extra in ("page-0100a", "page-0250x", "page-0000-"):
        after = _cut(sorted(ids + [extra]))
        changed_after = [m for m in after if m not in before]
        changed_before = [m for m in before if m not in after]
        # the module the page falls in changes, or splits in two when the page starts a module
        assert len(changed_before) == 1 and 1 <= len(changed_after) <= 2, extra
        assert extra in [x for m in changed_after for x in m]
    gone = ids[:150] + ids[151:]
    after = _cut(gone)
    assert len([m for m in before if m not in after]) <= 2  # the module it left (and the next, when it started one)


def test_an_operations_tests_stay_together_and_a_module_has_a_ceiling() -> None:
    cuts = _cut(_ids(60), per_op=3)
    for m in cuts:
        assert len(m) % 3 == 0 and len(set(m)) == len(m) // 3
    # ids that never start a module still get cut at CHUNK_MAX
    never = [i for i in (f"x-{n}" for n in range(5000)) if not starts_chunk(i)][:CHUNK_MAX * 2 + 1]
    sizes = [len(m) for m in _cut(sorted(never))]
    assert sizes == [CHUNK_MAX, CHUNK_MAX, 1]


def test_the_cut_does_not_depend_on_the_process() -> None:
    # PYTHONHASHSEED must not move modules between builds (crc32, not hash())
    import os
    import subprocess
    import sys

    code = "from docgen.generate.examples import chunks; print([f for f, _ in chunks([(f'op-{i}', i) for i in range(300)])])"
    runs = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "random")}
    assert len(runs) == 1


def _shards(names: list[str]) -> list[list[str]]:
    from docgen.generate.models import shard_names
    from docgen.ir.model import Type

    types = [Type(n, "microsoft.graph", "complex") for n in names]
    out: dict[str, list[str]] = {}
    for t, m in zip(types, shard_names(types)):
        out.setdefault(m, []).append(t.name)
    return list(out.values())


def test_model_shards_are_cut_by_type_name_and_move_one_shard_per_added_type() -> None:
    from docgen.generate.models import SHARD_MAX, SHARD_MIN, shard_names
    from docgen.ir.model import Type

    names = [f"type{i:04d}" for i in range(1000)]
    before = _shards(names)
    assert [n for s in before for n in s] == names and 25 < len(before) < 120
    assert all(SHARD_MIN <= len(s) <= SHARD_MAX for s in before[:-1])
    moved = []
    for extra in ("type0100b", "type0300b", "type0500b", "type0700b", "type0900b"):
        after = _shards(sorted(names + [extra]))
        moved.append(len([s for s in before if s not in after]))
    # the shard the new type joins; a forced cut at SHARD_MAX downstream may move one more
    # (fixed-size shards would move every shard after the new type: dozens)
    assert max(moved) <= 2 and 1 in moved, moved
    # a shard is named after its first type, whatever comes before it
    mods = shard_names([Type(n, "microsoft.graph", "complex") for n in names])
    assert mods[0] == "_m_type0000" and len(set(mods)) == len(before)
    assert all(m.startswith("_m_type") for m in mods)
