"""Helpers for the tests generated from the docs' examples (copied unchanged into every generated SDK).

A test replays one documented example: the client under test sends its request to an
``httpx.MockTransport`` that records it and answers with the documented response.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol, TypeVar
from urllib.parse import unquote

import httpx

from ._transport import SyncTransport
from ._types import GraphModel

_SKIP_HEADERS = frozenset(
    {
        "content-length",
        "content-type",
        "authorization",
        "host",
        "transfer-encoding",
        "content-encoding",
    }
)


@dataclass(frozen=True)
class DocExample:
    """One documented request/response pair, as the docs write it."""

    source: str
    method: str | None = None
    path: str | None = None
    query: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()
    request_text: str = ""
    request_is_json: bool = True
    status: int | None = None
    documented_status: int | None = None
    response_headers: tuple[tuple[str, str], ...] = ()
    response_text: str = ""
    # the JSON the docs mean, read leniently, when their text is not strict JSON (trailing commas...)
    request_lenient: Any = None
    response_lenient: Any = None


def split_query(query: str | None) -> list[tuple[str, str]]:
    """``a=1&b=x%20y`` -> sorted ``[("a", "1"), ("b", "x y")]`` (percent-decoding only; "+" stays)."""
    pairs = []
    for part in (query or "").split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((unquote(key), unquote(value)))
    return sorted(pairs)


def _safe_headers(headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers:
        if name.lower() in _SKIP_HEADERS or not name.isascii() or not value.isascii():
            continue
        if not name.replace("-", "").replace("_", "").isalnum() or any(c in value for c in "\r\n"):
            continue
        out[name] = value
    return out


def request_headers(doc: DocExample) -> dict[str, str]:
    """The documented request headers the test sends (transport-level ones left to httpx)."""
    return _safe_headers(doc.request_headers)


class Recorder:
    """A mock transport answering with the documented response and keeping what was sent."""

    def __init__(self, doc: DocExample) -> None:
        self.doc = doc
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        headers = _safe_headers(self.doc.response_headers)
        for name, value in self.doc.response_headers:
            if name.lower() == "content-type" and value.isascii():
                headers["Content-Type"] = value
        body = response_body(self.doc)
        if "Content-Type" not in headers and body.strip()[:1] in (b"{", b"["):
            headers["Content-Type"] = "application/json"
        return httpx.Response(self.doc.status or 200, headers=headers, content=body)


def response_body(doc: DocExample) -> bytes:
    """The bytes the mock server answers: the documented text, or valid JSON for the docs' loose JSON."""
    if doc.response_lenient is not None:  # a server sends valid JSON
        return json.dumps(doc.response_lenient).encode("utf-8")
    return doc.response_text.encode("utf-8")


def require_pair(doc: DocExample) -> None:
    """The docs must give both sides of the example."""
    assert (
        doc.method is not None and doc.path is not None
    ), f"{doc.source}: the example has no request"
    assert doc.status is not None, f"{doc.source}: the example has no response"


class _Client(Protocol):
    def __init__(
        self,
        *,
        token_provider: Any,
        transport: httpx.BaseTransport,
        max_retries: int,
        follow_redirects: bool,
    ) -> None: ...


C = TypeVar("C", bound=_Client)


def mock_client(doc: DocExample, client_class: type[C]) -> tuple[C, Recorder]:
    """A client of ``client_class`` whose requests the :class:`Recorder` of ``doc`` answers."""
    require_pair(doc)
    recorder = Recorder(doc)
    transport = httpx.MockTransport(recorder)
    client = client_class(
        token_provider=lambda: "test-token",
        transport=transport,
        max_retries=0,
        follow_redirects=False,  # a documented 302 is the answer under test
    )
    return client, recorder


def request_json(doc: DocExample) -> Any:
    """The documented request body as JSON: strict, or the docs' JSON read leniently."""
    if doc.request_lenient is not None:
        return doc.request_lenient
    return json.loads(doc.request_text)


def sent_json(request: httpx.Request) -> Any:
    body = request.content
    return json.loads(body) if body.strip() else None


def assert_request(recorder: Recorder, transport: SyncTransport) -> None:
    """Method, path, query and JSON body of the one request sent equal the documented request."""
    doc = recorder.doc
    assert len(recorder.requests) == 1, recorder.requests
    request = recorder.requests[0]
    assert request.method == (doc.method or "").upper()
    assert request.headers.get("Authorization") == "Bearer test-token"
    raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
    base = httpx.URL(transport.base_url).raw_path.decode("ascii").rstrip("/")
    assert raw_path.startswith(base + "/"), raw_path
    # Graph paths are case-insensitive and ignore a trailing "/" (and the ":" closing a path-addressed
    # item at the end, root:/a.txt = root:/a.txt:): compare them that way.
    sent_path = unquote(raw_path[len(base) :]).rstrip("/").removesuffix(":").casefold()
    assert (
        sent_path == unquote(doc.path or "").rstrip("/").removesuffix(":").casefold()
    ), "request path differs from the docs"
    assert split_query(raw_query) == split_query(doc.query), "query differs from the docs"
    if doc.request_is_json:
        expected = request_json(doc) if doc.request_text.strip() else None
        assert sent_json(request) == expected, "JSON body differs from the docs"
    else:
        assert request.content == doc.request_text.encode("utf-8"), "body differs from the docs"
    for name, value in request_headers(doc).items():
        assert request.headers.get(name) == value, name


def assert_documented_status(doc: DocExample) -> None:
    """The example's status is the one the Response section states."""
    if doc.documented_status is not None:
        assert (
            doc.status == doc.documented_status
        ), f"example answers {doc.status}, docs state {doc.documented_status}"


def expected_response(doc: DocExample) -> Any:
    """The documented response body: strict JSON, or the docs' JSON read leniently."""
    if doc.response_lenient is not None:
        return doc.response_lenient
    return json.loads(doc.response_text)


def as_json(value: Any) -> Any:
    """What a parsed result stands for on the wire."""
    if isinstance(value, GraphModel):
        return value.to_json_dict()
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def no_builder(doc: DocExample) -> None:
    """Reached when no request line of the page matches the example: the docs disagree with themselves."""
    raise AssertionError(
        f"{doc.source}: no request line of the page matches {doc.method} {doc.path}"
    )


def unreadable_body(doc: DocExample) -> None:
    """Reached when a body the docs mean as JSON could not be read (not JSON, or nested too deep)."""
    raise AssertionError(
        f"{doc.source}: a body of the example is not JSON docgen can read; nothing to replay"
    )


def build_all_models(models: ModuleType) -> tuple[int, list[str]]:
    """Build every model class of every shard of ``models`` (the package's ``models``) with its
    annotations resolved, as its first use would: (classes built, failures as "shard.Class: error").
    A shard missing a name its annotations need fails here, whether or not a test reaches it.
    """
    built, failed = 0, []
    for info in pkgutil.iter_modules(models.__path__):
        if not info.name.startswith("_m"):
            continue
        shard = importlib.import_module(f"{models.__name__}.{info.name}")
        for name, obj in sorted(vars(shard).items()):
            if (
                isinstance(obj, type)
                and issubclass(obj, GraphModel)
                and obj.__module__ == shard.__name__
            ):
                try:
                    obj.model_rebuild(force=True, raise_errors=True)
                    built += 1
                except Exception as e:  # noqa: BLE001 - every failure is reported
                    failed.append(f"{info.name}.{name}: {e!r}"[:200])
    return built, failed
