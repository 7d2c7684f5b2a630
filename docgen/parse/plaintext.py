"""Plain text copied from the published site -> blocks (placeholder; real reader below)."""

from __future__ import annotations

from .blocks import Block, Para


def read_blocks(text: str, file: str, diags: list) -> list[Block]:
    return [Para(line, i + 1) for i, line in enumerate(text.split("\n")) if line.strip()]
