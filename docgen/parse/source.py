"""Reading a file: bytes -> text, front matter, Markdown or plain text. Never raises on content."""

from __future__ import annotations

import re

from .. import diagnostics as dg
from . import includes as inc
from . import markdown, plaintext
from .blocks import Page

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)\s*:\s*(.*)$")
# Markdown markers a copy from the published site never has
_MARKDOWN_HINTS = re.compile(r"^(#{1,6} |\|.*\||```|~~~|<!--|---\s*$)", re.M)


def decode(data: bytes) -> str | None:
    """Text of a file, or None when it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # control characters other than tab/newline/CR/form feed mean binary junk
    return None if len(_CONTROL.findall(text, 0, 4096)) > 8 else text


def split_front_matter(text: str, file: str, diags: list) -> tuple[dict[str, str], str]:
    """Front matter as a dict, and the text with those lines blanked (so line numbers stay right)."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            break
    else:
        diags.append(dg.make("DG104", file, 1, "front matter is never closed with '---'"))
        return {}, text
    front: dict[str, str] = {}
    for line in lines[1:end]:
        m = _FRONT_KEY.match(line)
        if m:
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            front[m.group(1).lower()] = value.strip()
    return front, "\n" * end + "\n" + "\n".join(lines[end + 1 :])


def is_markdown(text: str) -> bool:
    return _MARKDOWN_HINTS.search(text) is not None


def read_page(data: bytes, file: str, includes: inc.Includes | None = None) -> Page:
    """Blocks of a page; ``includes`` reads the files its ``[!INCLUDE]`` lines name (none: every
    include that may carry facts is reported missing)."""
    diags: list = []
    text = decode(data)
    if text is None:
        diags.append(dg.make("DG101", file, 1, "not a text file (binary or undecodable); skipped"))
        return Page(file, {}, [], diags)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diags.append(dg.make("DG102", file, 1, "file is empty"))
        return Page(file, {}, [], diags)
    if is_markdown(text):
        front, body = split_front_matter(text, file, diags)
        ex = inc.expand(body, file, includes)
        blocks = markdown.read_blocks(ex.text, file, diags)
        return Page(file, front, blocks, diags, national_clouds=ex.national_clouds, origin=ex.origin,
                    include_diagnostics=ex.diagnostics)
    text, clouds = plaintext.availability(text)
    return Page(file, {}, plaintext.read_blocks(text, file, diags), diags, plain_text=True, national_clouds=clouds)
