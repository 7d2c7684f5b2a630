"""Large modules are formatted piece by piece (header, then each top-level class or function): the
joined result must be exactly what black gives for the whole file, and an edit must re-format only
the piece it touches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.generate import fmt
from docgen.generate.build import Options, generate
from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]

MODULE = '''"""A module."""
from __future__ import annotations
import json
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from . import x
else:
    x = None
# a comment that belongs to the class below
class A( object ):
    """Docstring with a line that looks like code:
class NotACut:
    """
    def f(self, a = 1): return {'a':a}
@property
def g(): pass


async def h( ):
    await   g()
X = [1,2,
  3]
class B: pass
'''


def _whole_and_pieces(source: str) -> tuple[str, str]:
    pieces = fmt.split_top_level(source)
    assert pieces is not None and len(pieces) >= 3
    return fmt.format_source(source), fmt.join_top_level([fmt.format_source(p) for p in pieces])


def test_pieces_join_to_what_black_gives_for_the_whole_module() -> None:
    pieces = fmt.split_top_level(MODULE)
    assert pieces is not None
    assert [p.splitlines()[0] for p in pieces] == [
        '"""A module."""', "# a comment that belongs to the class below", "@property", "async def h( ):", "class B: pass"
    ]
    whole, joined = _whole_and_pieces(MODULE)
    assert joined == whole


def test_unparsable_source_is_not_split() -> None:
    assert fmt.split_top_level("class A(:\n    pass\n") is None


@pytest.mark.parametrize("fixture, package", [("specs", "graph_sdk"), ("tests/fixtures/hostile", "evil_sdk"), ("tests/fixtures/odata", "odata_sdk")])
def test_generated_modules_format_the_same_in_pieces(fixture: str, package: str) -> None:
    files = generate(parse_paths([ROOT / fixture]), Options(package=package))
    checked = 0
    for name, source in sorted(files.items()):
        pieces = fmt.split_top_level(source) if name.endswith(".py") else None
        if pieces is None or len(pieces) < 3:
            continue
        whole, joined = _whole_and_pieces(source)
        assert joined == whole, name
        checked += 1
    assert checked >= 3


def test_an_edit_reformats_only_the_piece_it_touches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = MODULE + "".join(f"\n\nclass C{i}:\n    x = {i}\n" for i in range(400))
    assert len(big) >= fmt.SPLIT_MIN
    calls: list[str] = []
    real = fmt.format_source

    def counting(source: str) -> str:
        calls.append(source)
        return real(source)

    monkeypatch.setattr(fmt, "format_source", counting)
    first = fmt.Formatter(tmp_path, jobs=1).format_all({"m.py": big})
    assert first["m.py"] == real(big)
    n_pieces = len(fmt.split_top_level(big) or [])
    assert len(calls) == n_pieces  # cold: every piece once, the whole file never
    calls.clear()
    edited = big.replace("x = 7\n", "x = 'seven'\n")
    second = fmt.Formatter(tmp_path, jobs=1).format_all({"m.py": edited})
    assert second["m.py"] == real(edited)
    assert len(calls) == 1 and calls[0].startswith("class C7:") and "'seven'" in calls[0]  # one piece
    calls.clear()
    assert fmt.Formatter(tmp_path, jobs=1).format_all({"m.py": edited}) == second and calls == []  # whole-file hit
    shutil.rmtree(tmp_path / "black")
