"""Requests as values and responses: :class:`RequestSpec` (pure :func:`build_request`), the parsers
of response bodies, and :class:`ApiResponse` (the raw response with the parsed body on demand)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypedDict, TypeVar

import httpx

from ._errors import EmptyResponseError, GraphError
from ._paging import Page
from ._types import GraphModel
from ._urls import QueryParams, StrOrList, odata_query, query_string

__all__ = [
    "ApiResponse",
    "CollectionQuery",
    "EntityQuery",
    "Parser",
    "RequestSpec",
    "build_request",
    "model_parser",
    "optional_model_parser",
    "page_parser",
    "parse_count",
    "parse_json",
    "parse_bytes",
    "parse_none",
    "to_json",
]

T = TypeVar("T")
M = TypeVar("M", bound=GraphModel)


class EntityQuery(TypedDict, total=False):
    """The keyword arguments of a GET: OData options (``select``, ``expand``...), ``params``
    (other query pairs) and ``headers``. Builders take them as ``**query``."""

    select: StrOrList
    expand: StrOrList
    skiptoken: str
    deltatoken: str
    format: str
    levels: str
    params: QueryParams
    headers: Mapping[str, str]


class CollectionQuery(EntityQuery, total=False):
    """The keyword arguments of a GET of a collection: also ``filter``, ``orderby``, ``search``,
    ``top``, ``skip`` and ``count``."""

    filter: str
    orderby: StrOrList
    search: str
    top: int
    skip: int
    count: bool


@dataclass(frozen=True)
class RequestSpec:
    """A request, before it is sent: method, encoded path (or absolute URL), query, headers, body."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    json: Any = None
    has_body: bool = False
    content: bytes | None = None
    absolute_url: str | None = None

    def url(self, base_url: str) -> str:
        if self.absolute_url is not None:
            return self.absolute_url
        query = query_string(self.params)
        return base_url.rstrip("/") + self.path + ("?" + query if query else "")


def to_json(value: Any) -> Any:
    """JSON-ready data for a request body: models by wire name (set fields only)."""
    if isinstance(value, GraphModel):
        return value.to_json_dict()
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def build_request(
    method: str,
    path: str,
    *,
    body: Any = None,
    content: bytes | None = None,
    select: StrOrList | None = None,
    expand: StrOrList | None = None,
    filter: str | None = None,
    orderby: StrOrList | None = None,
    search: str | None = None,
    top: int | None = None,
    skip: int | None = None,
    count: bool | None = None,
    skiptoken: str | None = None,
    deltatoken: str | None = None,
    format: str | None = None,
    levels: str | None = None,
    params: QueryParams | None = None,
    headers: Mapping[str, str] | None = None,
) -> RequestSpec:
    """Describe a request. Pure: no I/O, same inputs give an equal :class:`RequestSpec`."""
    query = odata_query(
        select=select,
        expand=expand,
        filter=filter,
        orderby=orderby,
        search=search,
        top=top,
        skip=skip,
        count=count,
        skiptoken=skiptoken,
        deltatoken=deltatoken,
        format=format,
        levels=levels,
        params=params,
    )
    return RequestSpec(
        method=method,
        path=path,
        params=query,
        headers=tuple((str(k), str(v)) for k, v in (headers or {}).items()),
        json=to_json(body),
        has_body=body is not None,
        content=content,
    )


Parser = Callable[[httpx.Response], T]


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content.strip():
        return None
    return response.json()


def parse_json(response: httpx.Response) -> Any:
    """Untyped: the JSON body (or None when there is none)."""
    return _json_or_none(response)


def parse_none(response: httpx.Response) -> None:
    """The docs promise no body (204 No Content, 202 Accepted): the result is None."""
    return None


def parse_bytes(response: httpx.Response) -> bytes:
    """Content (a file, a photo, ``$value``): the body as bytes, whatever its type."""
    return response.content


def model_parser(cls: type[M]) -> Parser[M]:
    def parse(response: httpx.Response) -> M:
        data = _json_or_none(response)
        if data is None:
            raise EmptyResponseError(
                f"{response.request.method} {response.request.url}: empty response body"
            )
        return cls.model_validate(data)

    return parse


def optional_model_parser(cls: type[M]) -> Parser[M | None]:
    """A model, or None for an empty body (where some page documents 204 No Content)."""

    def parse(response: httpx.Response) -> M | None:
        data = _json_or_none(response)
        return None if data is None else cls.model_validate(data)

    return parse


def page_parser(cls: type[M]) -> Parser[Page[M]]:
    def parse(response: httpx.Response) -> Page[M]:
        data = _json_or_none(response)
        if data is None:
            raise EmptyResponseError(
                f"{response.request.method} {response.request.url}: empty response body"
            )
        return Page[cls].model_validate(data)  # type: ignore[valid-type]

    return parse


def parse_count(response: httpx.Response) -> int:
    """The body of a ``/$count`` response: a plain-text integer."""
    text = response.text.strip().lstrip("\ufeff")
    try:
        return int(text)
    except ValueError:
        raise GraphError(
            f"{response.request.method} {response.request.url}: not a count: {text[:40]!r}"
        ) from None


class ApiResponse(Generic[T]):
    """The raw HTTP response, with the parsed body on demand."""

    def __init__(self, http_response: httpx.Response, parser: Parser[T]) -> None:
        self.http_response = http_response
        self._parser = parser

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def parse(self) -> T:
        return self._parser(self.http_response)
