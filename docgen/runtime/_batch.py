"""JSON batching (``POST /$batch``): up to 20 requests built by the ordinary builders, sent as one.

    batch = Batch()
    me = batch.add(client.me.build_get_request(select=["displayName"]), models.User)
    n = batch.add(client.users.count.build_get_request(headers=eventual), parse_count)
    client.send_batch(batch)
    me.result()  # the parsed User, or the typed error of that one response

``depends_on`` orders requests (``dependsOn``); a request whose dependency failed answers 424.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any, Generic, TypeVar, overload

import httpx

from ._errors import GraphError, error_for
from ._http import Parser, RequestSpec, model_parser, parse_json
from ._types import GraphModel

__all__ = ["Batch", "BatchItem", "MAX_BATCH"]

MAX_BATCH = 20
T = TypeVar("T")
M = TypeVar("M", bound=GraphModel)


class BatchItem(Generic[T]):
    """One request of a :class:`Batch`; after the batch is sent, :meth:`result` gives its result."""

    def __init__(
        self, id: str, spec: RequestSpec, parser: Parser[T], depends_on: list[str]
    ) -> None:
        self.id = id
        self.spec = spec
        self.parser = parser
        self.depends_on = depends_on
        self.response: httpx.Response | None = None

    def result(self) -> T:
        """The parsed response, or its typed error (:class:`~._errors.APIStatusError`) raised."""
        if self.response is None:
            raise GraphError(f"batch request {self.id} has not been sent (or got no response)")
        if self.response.status_code >= 400:
            raise error_for(self.response)
        return self.parser(self.response)


class Batch:
    """Requests to send together (at most :data:`MAX_BATCH`)."""

    def __init__(self) -> None:
        self.items: list[BatchItem[Any]] = []

    @overload
    def add(
        self, spec: RequestSpec, parse: type[M], *, depends_on: Sequence[BatchItem[Any]] = ()
    ) -> BatchItem[M]: ...

    @overload
    def add(
        self, spec: RequestSpec, parse: Parser[T], *, depends_on: Sequence[BatchItem[Any]] = ()
    ) -> BatchItem[T]: ...

    @overload
    def add(
        self, spec: RequestSpec, parse: None = None, *, depends_on: Sequence[BatchItem[Any]] = ()
    ) -> BatchItem[Any]: ...

    def add(
        self,
        spec: RequestSpec,
        parse: Any = None,
        *,
        depends_on: Sequence[BatchItem[Any]] = (),
    ) -> BatchItem[Any]:
        """Add a request; ``parse`` is a model class, a parser, or None for the JSON."""
        if len(self.items) >= MAX_BATCH:
            raise ValueError(f"a batch holds at most {MAX_BATCH} requests")
        if isinstance(parse, type) and issubclass(parse, GraphModel):
            parser: Parser[Any] = model_parser(parse)
        else:
            parser = parse if parse is not None else parse_json
        for dep in depends_on:
            if dep not in self.items:
                raise ValueError(f"batch request {dep.id} is not in this batch")
        item = BatchItem(str(len(self.items) + 1), spec, parser, [d.id for d in depends_on])
        self.items.append(item)
        return item

    def to_json(self, base_url: str) -> dict[str, Any]:
        """The ``$batch`` request body (URLs relative to the version root)."""
        requests = []
        for item in self.items:
            url = item.spec.url(base_url)
            relative = url[len(base_url) :] if url.startswith(base_url) else url
            entry: dict[str, Any] = {"id": item.id, "method": item.spec.method, "url": relative}
            headers = dict(item.spec.headers)
            if item.spec.has_body:
                entry["body"] = item.spec.json
                headers.setdefault("Content-Type", "application/json")
            elif item.spec.content is not None:
                entry["body"] = base64.b64encode(item.spec.content).decode("ascii")
            if headers:
                entry["headers"] = headers
            if item.depends_on:
                entry["dependsOn"] = item.depends_on
            requests.append(entry)
        return {"requests": requests}

    def spec(self, base_url: str) -> RequestSpec:
        return RequestSpec("POST", "/$batch", json=self.to_json(base_url), has_body=True)

    def apply(self, response: httpx.Response, base_url: str) -> None:
        """Give each item its response from the ``$batch`` answer."""
        data = response.json()
        answers = data.get("responses", []) if isinstance(data, dict) else []
        by_id = {str(a.get("id")): a for a in answers if isinstance(a, dict)}
        for item in self.items:
            answer = by_id.get(item.id)
            if answer is not None:
                item.response = _response(item.spec, answer, base_url)


def _response(spec: RequestSpec, answer: dict[str, Any], base_url: str) -> httpx.Response:
    headers = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    body = answer.get("body")
    if body is None:
        content = b""
    elif isinstance(body, str) and "json" not in headers.get("Content-Type", "json"):
        try:  # non-JSON bodies come base64-encoded
            content = base64.b64decode(body, validate=True)
        except binascii.Error:
            content = body.encode("utf-8")
    else:
        content = json.dumps(body).encode("utf-8")
    request = httpx.Request(spec.method, spec.url(base_url))
    return httpx.Response(
        int(answer.get("status", 0)), headers=headers, content=content, request=request
    )
