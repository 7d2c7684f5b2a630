"""Diagnostics: problems in the docs, as values. Codes are stable; never reuse or renumber one.

Code ranges follow the pipeline: DG1xx reading a file, DG2xx page structure, DG3xx HTTP request
lines, DG4xx permissions, DG5xx tables and properties, DG6xx examples, DG7xx linking types across
pages. docs/diagnostics.md is generated from :data:`CODES` (``tests/test_docs.py`` keeps it in sync).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from .ir.model import Diagnostic, Level, Source


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    level: Level
    name: str
    summary: str


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("DG101", "error", "unreadable-file", "The file is not text (binary, or mostly not UTF-8/UTF-16) and was skipped."),
        Code("DG102", "warning", "empty-file", "The file is empty or only white space."),
        Code("DG103", "warning", "unclosed-fence", "A ``` code fence is never closed; the rest of the file was read as code."),
        Code("DG104", "warning", "bad-front-matter", "The YAML front matter is not closed or has lines that are not `key: value`."),
        Code("DG105", "warning", "include-missing", "A DocFX `[!INCLUDE [label](path)]` names a file that is not there (or cannot be read); what it holds is missing from the page."),
        Code("DG106", "warning", "include-cycle", "An include includes itself (directly or through other includes), or includes nest too deep; the inner include was not expanded."),
        Code("DG107", "warning", "invalid-utf8", "A text file holds bytes that are not UTF-8; each was read as U+FFFD (the diagnostic gives its byte offset) and the rest of the page was read."),
        Code("DG108", "warning", "nesting-too-deep", "Lists or quotes nest too deep to read (20 lists or 40 quotes; real pages nest at most 3 lists); the lines of the deep part were not read, the rest of the page was."),
        Code("DG109", "warning", "symlink-not-read", "A symbolic link inside an input folder points to a file outside it (never read: it could expose any file on the machine), or to a folder (not walked)."),
        Code("DG110", "warning", "include-not-inline", "An include inside a line of text (a sentence, a table cell: DocFX's inline include) names a file of more than one paragraph or with block markup (a table, heading, list, code fence); as DocFX renders it, its text was joined into that line and its blocks were not read as blocks."),
        Code("DG201", "warning", "no-title", "The page has no title (no H1 and no front-matter title)."),
        Code("DG202", "info", "unknown-page-type", "The page is neither an API, resource nor enum page; nothing was extracted."),
        Code("DG203", "warning", "page-type-guessed", "The front matter names no known doc_type (or misspells it); the type was inferred from the content."),
        Code("DG301", "warning", "no-request-line", "An API page states no HTTP request line (method and path)."),
        Code("DG302", "warning", "junk-request-line", "A line in the HTTP request block is not a request line and was ignored."),
        Code("DG303", "info", "request-line-normalised", "A request line was written as an absolute URL, without a leading slash, relative to the root (~/), with no space after the method, or with spaces, and was normalised."),
        Code("DG401", "warning", "no-permissions", "An API page states no permissions: no Permissions section, or one docgen reads no permission from (an include that is missing, prose only)."),
        Code("DG402", "warning", "permissions-todo", "The docs say the scopes are still to be determined (`TODO: Determine scopes`)."),
        Code("DG403", "warning", "unknown-permission-type", "A permissions row names a permission type docgen does not know."),
        Code("DG404", "info", "permissions-order-unstated", "The permissions table does not say whether scopes go from least or most privileged."),
        Code("DG405", "warning", "permission-row-cells", "A plain-text permissions row (cells joined by white space) holds more groups of scopes than its table has scope columns, so where its cells part is not known; the last column kept the rest."),
        Code("DG501", "info", "table-recovered", "A table whose delimiter row has a different cell count from its header (dropped by Markdown parsers) was recovered."),
        Code("DG502", "warning", "row-cell-count", "A table row has fewer cells than the header; missing cells were read as empty."),
        Code("DG503", "warning", "missing-type", "A property or parameter row gives no type."),
        Code("DG504", "warning", "duplicate-property", "A property is listed twice for the same type; the first was kept."),
        Code("DG505", "warning", "bad-name", "A property, parameter or member name is not a plain identifier."),
        Code("DG506", "info", "properties-from-json", "A resource page has no property table; its properties were read from the JSON representation."),
        Code("DG507", "warning", "table-split", "A blank line splits a table; the rows after it (shown as text on the published page) were read as part of it."),
        Code("DG508", "info", "properties-only-in-json", "A resource page's JSON representation lists properties its tables do not; they were added from the JSON representation."),
        Code("DG509", "warning", "enum-value-range", "An enum member's Value is an integer beyond 64 bits; the member was kept without a value."),
        Code("DG601", "warning", "lenient-json", "An example body is not strict JSON (trailing commas, comments, smart quotes…); it was read leniently."),
        Code("DG602", "warning", "invalid-json", "An example body is not JSON, even read leniently; it is kept as text only."),
        Code("DG603", "warning", "unpaired-example", "An example request has no response (or a response no request)."),
        Code("DG604", "warning", "lenient-annotation", "A `<!-- { ... } -->` annotation is not strict JSON; it was read leniently."),
        Code("DG605", "warning", "example-request-mismatch", "An example request's method and path match none of the page's request lines, even allowing Graph's aliases (/me, /drive, drive root), /$count and type casts (docgen/ir/paths.py)."),
        Code("DG606", "warning", "example-status-mismatch", "An example response's status differs from the status the Response section states."),
        Code("DG607", "warning", "example-response-without-status", "An example response block has no status line (HTTP/1.1 200 OK); the status is at most stated in prose, so the example cannot be replayed."),
        Code("DG608", "warning", "example-empty-segment", "An example URL has an empty path segment (//); the generated client cannot send that URL."),
        Code("DG609", "warning", "example-body-refused", "An example GET/DELETE request carries a body although the page says not to supply one (often the response value pasted into the request block); the body is ignored for the generated method."),
        Code("DG610", "warning", "deep-json", "An example body nests `{`/`[` deeper than docgen reads (64 levels; real examples nest at most 11); it is kept as text only."),
        Code("DG701", "warning", "type-conflict", "Pages disagree on a type's kind or base type; the resource page wins."),
        Code("DG702", "info", "unresolved-type", "A type name used in a table resolves to no type any page defines."),
        Code("DG703", "warning", "type-redefined", "Two pages define one type differently (an enum member one lists and the other lacks, a value or a property's type both state differently); the message names both places; the definitions were merged, the first page winning."),
        Code("DG704", "info", "duplicate-operation", "Two pages document one operation identically (same request lines, parameters, body, response and examples); both are kept, the generated client has one method for them."),
        Code("DG705", "info", "result-conflict", "Pages sharing a request line document different results; the page about the path's resource decides the generated method's result."),
    ]
}


def make(code: str, file: str, line: int, message: str) -> Diagnostic:
    """A diagnostic with the registered level of ``code``."""
    return Diagnostic(Source(file, max(1, line)), CODES[code].level, code, message)


def format_text(d: Diagnostic) -> str:
    return f"{d.source.file}:{d.source.line}: {d.level} {d.code}: {d.message}"


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also ``:`` and ``,``, which end it."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions annotation. File names and messages are escaped, so a name holding a line
    break or ``::`` cannot start a workflow command of its own."""
    kind = {"error": "error", "warning": "warning", "info": "notice"}[d.level]
    props = f"file={_github_property(d.source.file)},line={d.source.line},title={_github_property(d.code)}"
    return f"::{kind} {props}::{_github_data(d.message)}"


def format_json(diags: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [
            {"file": d.source.file, "line": d.source.line, "level": d.level, "code": d.code, "message": d.message}
            for d in diags
        ],
        indent=1,
        ensure_ascii=False,
    )


def sort_key(d: Diagnostic) -> tuple[str, int, str, str]:
    return (d.source.file, d.source.line, d.code, d.message)


def markdown_table() -> str:
    """docs/diagnostics.md, generated from :data:`CODES`."""
    lines = [
        "# Diagnostics",
        "",
        "`docgen check` prints problems in the docs as `file:line: level CODE: message` (also",
        "`--format json` and `--format github`); it exits 1 on errors, or on warnings with `--strict`.",
        "Codes are stable: a code is never reused or renumbered. Ranges follow the pipeline: DG1xx reading",
        "a file, DG2xx page structure, DG3xx HTTP request lines, DG4xx permissions, DG5xx tables and",
        "properties, DG6xx examples, DG7xx linking types across pages.",
        "",
        "Examples whose problems make them untestable as written carry the code in `Example.diagnostics`",
        "(DG602, DG603, DG605, DG607, DG610); the generated test for such an example is a strict xfail naming it.",
        "",
        "Symbolic links inside an input folder are not followed out of it: a link to a file outside the",
        "folder is never read (it could expose any file on the machine in the generated SDK), a link to a",
        "folder is not walked; each is DG109. A file named on the command line is read wherever it links.",
        "",
        "Generated from `docgen/diagnostics.py` by `python -m docgen.diagnostics`; a test keeps it in sync.",
        "",
        "| code | level | name | meaning |",
        "|---|---|---|---|",
    ]
    lines += [f"| {c.code} | {c.level} | {c.name} | {c.summary} |" for c in CODES.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
