"""Reading a file: bytes -> text, front matter, Markdown or plain text. Never raises on content."""

from __future__ import annotations

import codecs
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
    """Text of a file, or None when it is not text. Invalid UTF-8 bytes read as U+FFFD (see
    :func:`decode_reporting`, which also says where they are)."""
    return decode_reporting(data)[0]


# more invalid UTF-8 sequences than this per byte mean the file is not UTF-8 text at all: random
# bytes give about one in three, a Latin-1 page one per accented letter (a few in a hundred)
_BAD_RATIO = 1 / 10
_BAD_SHOWN = 5  # invalid bytes reported one by one; the rest in one diagnostic


def decode_reporting(data: bytes) -> tuple[str | None, list[tuple[int, int, bytes]]]:
    """(text or None, invalid UTF-8 sequences as (byte offset, line, bytes)). A page with a few
    bad bytes (a stray Latin-1 ``\xe9``) is read, each bad sequence as U+FFFD; only a file that is
    mostly not UTF-8 (binary) is None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, []
    if b"\x00" in data:
        return None, []
    try:
        text = data.decode("utf-8-sig")
        bad: list[tuple[int, int, bytes]] = []
    except UnicodeDecodeError:
        decoded = _decode_replacing(data)
        if decoded is None:
            return None, []
        text, bad = decoded
    # control characters other than tab/newline/CR/form feed mean binary junk
    return (None, []) if len(_CONTROL.findall(text, 0, 4096)) > 8 else (text, bad)


_bad_seen: list[tuple[int, int]] = []  # filled by the error handler during one decode


def _record(e: UnicodeError) -> tuple[str, int]:
    assert isinstance(e, UnicodeDecodeError)
    _bad_seen.append((e.start, e.end))
    return "\ufffd", e.end


codecs.register_error("docgen-record", _record)


def _decode_replacing(data: bytes) -> tuple[str, list[tuple[int, int, bytes]]] | None:
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    _bad_seen.clear()
    try:
        text = data[start:].decode("utf-8", errors="docgen-record")
        spans = list(_bad_seen)
    finally:
        _bad_seen.clear()
    if len(spans) > max(8, len(data) * _BAD_RATIO):
        return None
    bad: list[tuple[int, int, bytes]] = []
    line, prev = 1, start
    for b, e in spans:
        # line breaks as read_page counts them (CRLF, CR, LF); a bad byte never splits a CRLF
        chunk = data[prev : start + b]
        line += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        bad.append((start + b, line, data[start + b : start + e]))
        prev = start + b
    return text, bad


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
    text, bad = decode_reporting(data)
    if text is None:
        diags.append(dg.make("DG101", file, 1, "not a text file (binary or undecodable); skipped"))
        return Page(file, {}, [], diags)
    for offset, line, seq in bad[:_BAD_SHOWN]:
        diags.append(dg.make("DG107", file, line, f"invalid UTF-8 byte{'s' if len(seq) > 1 else ''} {seq.hex(' ')} at byte offset {offset}; read as U+FFFD"))
    if len(bad) > _BAD_SHOWN:
        offset, line, _ = bad[_BAD_SHOWN]
        diags.append(dg.make("DG107", file, line, f"{len(bad) - _BAD_SHOWN} more invalid UTF-8 sequences from byte offset {offset} on; read as U+FFFD"))
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
