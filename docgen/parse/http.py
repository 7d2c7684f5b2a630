"""HTTP request lines: ``GET /users/{id | userPrincipalName}/messages?$top=5``.

Normalisation: absolute URLs lose scheme, host and API version; a leading slash is added;
``{id | userPrincipalName}`` keeps its first name as the template parameter; ``<placeholder>``
becomes ``{placeholder}``; a trailing ``HTTP/1.1`` goes; the query is kept apart as written.
"""

from __future__ import annotations

import re

from .. import diagnostics as dg
from ..ir.model import RequestLine, Source

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# "DELETE/identity/b2cUserFlows/{id}": no space after the method, the path starting at once
_REQUEST = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)(?:\s+|(?=[/~]))(\S.*?)\s*$", re.I)
_NO_SPACE = re.compile(r"^\s*[A-Za-z]+[/~]")
_HEADER = re.compile(r"^[A-Za-z][\w\-]*\s*:\s*\S")
_ABSOLUTE = re.compile(r"^[a-z]+://[^/\s]+", re.I)
_VERSION = re.compile(r"^/(v\d+(?:\.\d+)?|beta|\{version\}|localtest)(?=/|$)", re.I)
_BRACE = re.compile(r"\{([^{}]*)\}")
_ANGLE = re.compile(r"<([A-Za-z][\w\- ]*)>")
_PARAM_NAME = re.compile(r"[A-Za-z_][\w\-.]*")
_HTTP_VERSION = re.compile(r"\s+HTTP/\d(?:\.\d)?$", re.I)


def version_of(url: str) -> str | None:
    """API version of an absolute URL: ``https://graph.microsoft.com/v1.0/me`` -> ``v1.0``."""
    m = _ABSOLUTE.match(url)
    if not m:
        return None
    v = _VERSION.match(url[m.end():])
    return v.group(1) if v and re.match(r"^(v\d|beta$)", v.group(1), re.I) else None


def split_target(target: str) -> tuple[str, str | None, bool]:
    """(path, query, normalised?) of a request target as written."""
    changed = False
    t = _HTTP_VERSION.sub("", target.strip())
    m = _ABSOLUTE.match(t)
    if m:
        t = t[m.end():]
        changed = True
        v = _VERSION.match(t)
        if v:
            t = t[v.end():]
    if t.startswith("~/"):  # "~/onPremisesPublishingProfiles/...": relative to the service root
        t = t[1:]
        changed = True
    if t.startswith(("../", "./")):  # relative to a root the page names elsewhere
        t = re.sub(r"^(?:\.\.?/)+", "", t)
        changed = True
    if not t.startswith("/"):
        t = "/" + t
        changed = True
    path, sep, query = t.partition("?")
    if " " in path.strip() and "{" not in path:
        changed = True
    return path.strip(), (query.strip() if sep else None), changed


def _param(inner: str) -> str:
    """``id | userPrincipalName`` -> ``id``; ``user-id`` stays."""
    first = re.split(r"\s*(?:\||\bor\b)\s*", inner.strip())[0].strip()
    m = _PARAM_NAME.search(first)
    return m.group(0) if m else "param"


_GUID = re.compile(r"(?<=/)[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)")


def normalise_path(path: str) -> tuple[str, list[str]]:
    """Template with one name per ``{}`` and no spaces, and the parameter names in order.
    A literal GUID where a key goes (request lines copied from an example) becomes ``{id}``."""
    path = _ANGLE.sub(lambda m: "{" + m.group(1).strip().replace(" ", "_") + "}", path)
    if "-" in path:
        path = _GUID.sub("{id}", path)
    names: list[str] = []

    def repl(m: re.Match[str]) -> str:
        name = _param(m.group(1))
        names.append(name)
        return "{" + name + "}"

    path = _BRACE.sub(repl, path)
    path = re.sub(r"\s+", "", path)
    if len(path) > 1:
        path = path.rstrip("/")
    return path, names


_ALTERNATION = re.compile(r"\s*\|\s*|\s+or\s+")


def split_alternatives(target: str) -> tuple[list[str], bool]:
    """Alternation written outside braces, in the path part only (a query may say ``or``).

    ``/a | /b`` gives two targets. ``/users/{user-id} | user-principal-name/chats`` is one segment
    spelt two ways: the first spelling is kept, the rest of the path follows it. Returns the
    targets and whether anything was split."""
    path, sep, query = target.partition("?")
    held: list[str] = []

    def hold(m: re.Match[str]) -> str:
        held.append(m.group(0))
        return f"\x00{len(held) - 1}\x00"

    masked = _BRACE.sub(hold, path)
    parts = [p for p in _ALTERNATION.split(masked.strip()) if p]
    if len(parts) < 2:
        return [target], False
    whole: list[str] = []
    current = parts[0]
    for part in parts[1:]:
        if part.startswith("/") or _ABSOLUTE.match(part):
            whole.append(current)
            current = part
        else:  # another spelling of the last segment: keep the first, then the rest of the path
            _, slash, rest = part.partition("/")
            current = current.rstrip("/") + (slash + rest if slash else "")
    whole.append(current)
    unmask = lambda s: re.sub("\x00(\\d+)\x00", lambda m: held[int(m.group(1))], s)  # noqa: E731
    # a query is written once, at the end: it belongs to the last alternative
    return [unmask(w) for w in whole[:-1]] + [unmask(whole[-1]) + sep + query], True


def parse_request_line(line: str) -> tuple[str, str] | None:
    m = _REQUEST.match(line)
    if not m:
        return None
    return m.group(1).upper(), m.group(2)


def parse_block(text: str, first_line: int, file: str, diags: list) -> tuple[list[RequestLine], list[tuple[str, str, int]]]:
    """Request lines of an HTTP request block, and header lines found in it (name, value, line)."""
    requests: list[RequestLine] = []
    headers: list[tuple[str, str, int]] = []
    for offset, raw in enumerate(text.split("\n")):
        line = raw.strip()
        lineno = first_line + offset
        if not line or line.lower() in ("or", "and") or line.startswith(("#", "//", "<!--")):
            continue
        parsed = parse_request_line(line)
        if parsed is None:
            if _HEADER.match(line) and not line.lower().startswith(("http:", "https:")):
                name, _, value = line.partition(":")
                headers.append((name.strip(), value.strip(), lineno))
            else:
                diags.append(dg.make("DG302", file, lineno, f"not a request line: {line[:80]!r}"))
            continue
        method, target = parsed
        alternatives, split = split_alternatives(target)
        for alt in alternatives:
            path, query, changed = split_target(alt)
            changed = changed or split
            template, names = normalise_path(path)
            changed = changed or _NO_SPACE.match(line) is not None
            if changed or (_GUID.search(path) is not None):
                diags.append(dg.make("DG303", file, lineno, f"request line normalised to {method} {template}"))
            requests.append(RequestLine(method, template, query, names, Source(file, lineno), line))
    return requests, headers
