"""A progress bar on stderr for long runs, shown only on a terminal (CI logs stay clean)."""

from __future__ import annotations

import sys
from typing import Callable

Progress = Callable[[int, int], None]


def terminal_progress(label: str, *, every: int = 10) -> Progress | None:
    """A ``(done, total)`` callback drawing ``label [####....] done/total``; None off a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done == total or done % every == 0:
            width = 30
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return show
