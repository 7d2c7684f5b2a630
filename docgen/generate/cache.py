"""The parse cache as ``docgen build`` calls it: one pipeline for every command now lives in
:mod:`docgen.pipeline` (:func:`~docgen.pipeline.parse_pages`, :func:`~docgen.pipeline.build_document`)
and :mod:`docgen.pagecache`; these names are kept for callers of the old module."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import Callable

from ..ir.model import Document
from ..pagecache import PACK_REWRITE
from ..parse.includes import Includes
from ..pipeline import build_document, read_specs, read_specs_and_includes


def parse_cached(
    pages: list[tuple[str, bytes]],
    cache_dir: Path | None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    includes: Includes | None = None,
) -> Document:
    """The linked document of ``pages``, unchanged pages read from ``cache_dir`` (None: no cache);
    a page's entry covers the files it includes, so editing an include re-parses its pages."""
    return build_document(pages, cache_dir=cache_dir, jobs=jobs, progress=progress, executor=executor, includes=includes)


__all__ = ["PACK_REWRITE", "parse_cached", "read_specs", "read_specs_and_includes"]
