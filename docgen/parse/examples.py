"""Examples: HTTP messages in code blocks, found by annotation or by Request/Response headings, paired
request -> response. Bodies are read leniently; each problem is both a diagnostic and a code on the
example (the generator turns such examples into strict xfails)."""

from __future__ import annotations

import copy
import re

from .. import diagnostics as dg
from ..ir.model import Example, HttpMessage, Source, json_like
from . import http, lenient_json
from .blocks import Code

_STATUS_LINE = re.compile(r"^\s*HTTP(?:/\d(?:\.\d)?)?\s+(\d{3})\b", re.I)
_HEADER = re.compile(r"^([A-Za-z][\w\-]*)\s*:\s*(.*)$")
EXAMPLE_LANGS = frozenset({"", "http", "json", "msgraph-interactive", "javascript-http", "jsonc", "text"})


def _split_head_body(lines: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Headers after the start line; returns them and the index where the body starts."""
    headers: list[tuple[str, str]] = []
    i = 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            break
        m = _HEADER.match(line.strip())
        if not m or line.lstrip().startswith(("{", "[")):
            break
        headers.append((m.group(1), m.group(2).strip()))
        i += 1
    return headers, i


def _trailing_headers(body: str) -> tuple[str, list[tuple[str, str]]]:
    """Header lines written after a JSON body (``}`` then ``Authorization: Bearer {token}``)."""
    lines = body.split("\n")
    k = len(lines)
    while k > 1 and _HEADER.match(lines[k - 1].strip()) and not lines[k - 1].strip().startswith('"'):
        k -= 1
    if k == len(lines) or lines[k - 1].strip() not in ("}", "]"):
        return body, []
    headers = []
    for x in lines[k:]:
        m = _HEADER.match(x.strip())
        assert m is not None
        headers.append((m.group(1), m.group(2).strip()))
    return "\n".join(lines[:k]).strip(), headers


def _body(msg: HttpMessage, text: str, file: str, line: int, diags: list, codes: list[str]) -> None:
    body = text.strip()
    if body[:1] in ("{", "[") and "\n" in body:
        body, late = _trailing_headers(body)
        msg.headers.extend(late)
    msg.body_text = body
    if not body:
        return
    if not json_like(body):
        return  # binary, text, placeholders (``{Raw bytes of the file}``): kept as text
    if lenient_json.too_deep(body):
        diags.append(dg.make("DG610", file, line, f"example body nests deeper than {lenient_json.MAX_DEPTH} levels; kept as text only"))
        codes.append("DG610")
        return
    value, strict = lenient_json.loads(body)
    if value is None:
        diags.append(dg.make("DG602", file, line, "example body is not JSON, even read leniently"))
        codes.append("DG602")
        return
    if not strict:
        diags.append(dg.make("DG601", file, line, "example body is not strict JSON; read leniently"))
    msg.body = value


def read_message(code: Code, file: str, diags: list, codes: list[str]) -> HttpMessage | None:
    """A request (``METHOD url``) or response (``HTTP/1.1 200 OK``, or a bare JSON body)."""
    lines = code.text.rstrip("\n").split("\n")
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    lines = lines[k:]
    if not lines:
        return None
    first = lines[0].strip()
    src = Source(file, code.line + k)
    req = http.parse_request_line(first)
    if req is not None:
        method, target = req
        path, query, _ = http.split_target(target)
        headers, start = _split_head_body(lines)
        msg = HttpMessage(headers=headers, source=src, method=method, url=target, path=path, query=query)
        rest = [x.strip() for x in lines[start:] if x.strip()]
        if rest and all(_HEADER.match(x) and not x.startswith(("{", "[", '"')) for x in rest):
            msg.headers.extend((h.group(1), h.group(2).strip()) for h in map(_HEADER.match, rest) if h)
            return msg  # headers written after a blank line: no body
        if rest and http.parse_request_line(rest[0]):
            return msg  # a second request line (an alternative URL), not a body
        _body(msg, "\n".join(lines[start:]), file, src.line + start, diags, codes)
        return msg
    m = _STATUS_LINE.match(first)
    if m:
        headers, start = _split_head_body(lines)
        msg = HttpMessage(headers=headers, source=src, status=int(m.group(1)))
        _body(msg, "\n".join(lines[start:]), file, src.line + start, diags, codes)
        return msg
    if first.startswith(("{", "[")):
        msg = HttpMessage(source=src, status=None)
        _body(msg, "\n".join(lines), file, src.line, diags, codes)
        return msg
    return None


def is_status_block(text: str) -> bool:
    """The block opens with a status line (``HTTP/1.1 200 OK``)."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    return _STATUS_LINE.match(first) is not None


class ExampleReader:
    """Collects examples of one page in document order."""

    def __init__(self, file: str, diags: list) -> None:
        self.file = file
        self.diags = diags
        self.examples: list[Example] = []
        self._open: Example | None = None
        self.label: str | None = None  # the current "Example N: ..." heading
        self.truncate_next = False  # prose said the next response is shortened
        # requests closed without a response, by annotation name: a later response annotated
        # ``"name": ["a", "b"]`` answers them all (api/drive-get.md)
        self._unanswered: list[tuple[Example, str]] = []
        self._open_ann_name = ""

    def code(self, code: Code, side_hint: str | None) -> None:
        """``side_hint``: 'request'/'response' from the heading above, or None."""
        ann = code.annotation or {}
        block_type = str(ann.get("blockType", "")).lower()
        if block_type in ("resource", "example") or code.lang not in EXAMPLE_LANGS:
            return
        side = block_type if block_type in ("request", "response") else side_hint
        if side is None:
            return
        codes: list[str] = []
        msg = read_message(code, self.file, self.diags, codes)
        if msg is None:
            return
        if side == "request" and msg.method is None:
            if self._open is not None and self._open.request is not None and not self._open.request.body_text:
                # the body of the open request, in a block of its own
                self._open.request.body, self._open.request.body_text = msg.body, msg.body_text
                self._open.diagnostics.extend(codes)
                return
            side = "response"
        elif side == "response" and msg.method is not None:
            side = "request"  # a response block holding a request
        if side == "request":
            self._close()
            if msg.path and "//" in msg.path:
                self.diags.append(dg.make("DG608", self.file, msg.source.line if msg.source else 1, f"example URL has an empty segment: {msg.path[:80]}"))
                codes.append("DG608")
            name = str(self.label or ann.get("name") or f"example{len(self.examples) + 1}")
            self._open = Example(name=name, request=msg, source=msg.source, diagnostics=codes)
            ann_name = ann.get("name")
            self._open_ann_name = ann_name if isinstance(ann_name, str) else ""
        else:
            if self.truncate_next or ann.get("truncated") is True or str(ann.get("truncated")).lower() == "true":
                msg.truncated = True
            self.truncate_next = False
            odata = ann.get("@odata.type") or ann.get("@type")
            if isinstance(odata, str):
                msg.odata_type = odata
            last = self.examples[-1].response if self.examples and self._open is None else None
            if msg.status is None and last is not None and last.status is not None and not last.body_text:
                # the body of the last response, in a block of its own (api/search-query.md:98)
                last.body, last.body_text = msg.body, msg.body_text
                self.examples[-1].diagnostics.extend(codes)
                return
            names = ann.get("name")
            if isinstance(names, list) and self._answer_named(msg, [str(n) for n in names], codes):
                return
            if self._open is None or self._open.response is not None:
                if block_type == "ignored":
                    return  # an extra response the docs' own tooling skips (error case, CSV after a 302)
                self._close()
                self.diags.append(dg.make("DG603", self.file, msg.source.line if msg.source else 1, "example response has no request"))
                ex = Example(name=self.label or f"example{len(self.examples) + 1}", response=msg, source=msg.source, diagnostics=codes + ["DG603"])
                self.examples.append(ex)
                return
            if msg.status is None:
                self.diags.append(dg.make("DG607", self.file, msg.source.line if msg.source else 1, "example response has no status line"))
                codes.append("DG607")
            self._open.response = msg
            self._open.diagnostics.extend(codes)
            self.examples.append(self._open)
            self._open = None

    def _answer_named(self, msg: HttpMessage, names: list[str], codes: list[str]) -> bool:
        """One response for several named requests: each gets its own copy."""
        hit = [(ex, n) for ex, n in self._unanswered if n and n in names]
        if self._open is not None and self._open_ann_name in names:
            hit.append((self._open, self._open_ann_name))
            self.examples.append(self._open)
            self._open = None
        for ex, _ in hit:
            ex.response = copy.deepcopy(msg)
            ex.diagnostics.extend(codes)
        self._unanswered = [u for u in self._unanswered if u not in hit]
        return bool(hit)

    def _close(self) -> None:
        if self._open is not None:
            self.examples.append(self._open)
            self._unanswered.append((self._open, self._open_ann_name))
            self._open = None

    def finish(self) -> list[Example]:
        self._close()
        for ex, _ in self._unanswered:
            self.diags.append(dg.make("DG603", self.file, ex.source.line if ex.source else 1, "example request has no response"))
            ex.diagnostics.append("DG603")
        self._unanswered = []
        return self.examples
