"""The parse cache's pack file: written after a parse with many misses, read in one go, and never a
reason for a stale or different document."""

from __future__ import annotations

from pathlib import Path

from docgen import pagecache, pipeline
from docgen.ir.serialize import dumps

ROOT = Path(__file__).resolve().parents[1]


def _pages() -> list[tuple[str, bytes]]:
    specs = pipeline.read_specs([ROOT / "tests" / "fixtures" / "parse"])
    assert len(specs) >= pagecache.PACK_REWRITE  # enough misses to write a pack
    return specs


def test_pack_is_written_read_and_gives_the_same_document(tmp_path: Path) -> None:
    pages = _pages()
    fresh = dumps(pipeline.build_document(pages, cache_dir=None, jobs=1))
    assert dumps(pipeline.build_document(pages, cache_dir=tmp_path, jobs=1)) == fresh
    packs = list((tmp_path / "parse").glob("pack-*.pickle"))
    assert len(packs) == 1
    # the next parse reads every page from the pack: no single entries needed
    for entry in (tmp_path / "parse").glob("*/*"):
        entry.unlink()
    assert dumps(pipeline.build_document(pages, cache_dir=tmp_path, jobs=1)) == fresh


def test_an_edited_page_is_not_read_from_the_pack(tmp_path: Path) -> None:
    pages = _pages()
    pipeline.build_document(pages, cache_dir=tmp_path, jobs=1)
    name, data = pages[0]
    edited = [(name, data.replace(b"# ", b"# Edited ", 1)), *pages[1:]]
    assert edited[0][1] != data
    assert dumps(pipeline.build_document(edited, cache_dir=tmp_path, jobs=1)) == dumps(pipeline.build_document(edited, cache_dir=None, jobs=1))


def test_a_corrupt_pack_is_ignored(tmp_path: Path) -> None:
    pages = _pages()
    pipeline.build_document(pages, cache_dir=tmp_path, jobs=1)
    (pack,) = (tmp_path / "parse").glob("pack-*.pickle")
    pack.write_bytes(b"not a pickle")
    assert dumps(pipeline.build_document(pages, cache_dir=tmp_path, jobs=1)) == dumps(pipeline.build_document(pages, cache_dir=None, jobs=1))
