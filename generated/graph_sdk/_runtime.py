"""HTTP runtime: requests as values, transport with auth, retries and timeouts, errors, paging.

Fixed runtime code emitted by docgen (template ``_runtime.py.jinja``). Generated request builders
only describe requests (:func:`build_request` is pure); everything that does I/O lives here.
"""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import json
import random
import re
import time
from dataclasses import dataclass, field
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    Mapping,
    Sequence,
    TypeVar,
    Union,
)
from urllib.parse import quote

import httpx

from ._types import GraphModel, Page

DEFAULT_BASE_URL = "https://graph.microsoft.com"
DEFAULT_API_VERSION = "beta"
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
RETRY_STATUSES = frozenset({429, 503, 504})

T = TypeVar("T")
M = TypeVar("M", bound=GraphModel)

TokenProvider = Callable[[], str]
AsyncTokenProvider = Callable[[], Union[str, Awaitable[str]]]
QueryParams = Union[Mapping[str, str], Sequence[tuple[str, str]]]
StrOrList = Union[str, Sequence[str]]
FunctionArg = Union[str, int, float, bool]  # a function argument in the path: bool as true/false

_PATH_SAFE = "-._~!$&'()*+,;=:@"
_HOLE = re.compile(r"\{([^{}]*)\}")
_QUERY_SAFE = "-._~!$'()*,;:@/?"


# --- errors -----------------------------------------------------------------------------------


class GraphError(Exception):
    """Base of every error this SDK raises."""


class APIConnectionError(GraphError):
    """The request did not get a response (DNS, TLS, connection reset...)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class EmptyResponseError(GraphError):
    """The docs promise a body but the response had none."""


@dataclass(frozen=True)
class ErrorBody:
    """The Graph error object: ``{"error": {"code", "message", "innerError", "details"}}``."""

    code: str | None = None
    message: str | None = None
    inner_error: dict[str, Any] = field(default_factory=dict)
    details: list[Any] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> ErrorBody | None:
        if not isinstance(data, dict) or not isinstance(data.get("error"), dict):
            return None
        err = data["error"]
        inner = err.get("innerError", err.get("innererror"))
        details = err.get("details")
        return cls(
            code=err.get("code") if isinstance(err.get("code"), str) else None,
            message=err.get("message") if isinstance(err.get("message"), str) else None,
            inner_error=inner if isinstance(inner, dict) else {},
            details=details if isinstance(details, list) else [],
        )


class APIStatusError(GraphError):
    """The service answered with an error status (4xx/5xx). ``error`` is the parsed Graph error body."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status_code = response.status_code
        try:
            self.body_json: Any = response.json()
        except ValueError:
            self.body_json = None
        self.error = ErrorBody.from_json(self.body_json)
        code = self.error.code if self.error else None
        message = self.error.message if self.error else response.reason_phrase
        super().__init__(f"{self.status_code} {code or ''}: {message}".replace("  ", " "))


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class PreconditionFailedError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class ServiceUnavailableError(InternalServerError):
    pass


_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def error_for(response: httpx.Response) -> APIStatusError:
    """The typed exception for an error response."""
    cls = _ERRORS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(response)


# --- requests as values -------------------------------------------------------------------------


def _no_dot_segment(segment: str) -> str:
    # "." and ".." would be removed by URL normalisation: keep them literal.
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def encode_segment(value: object) -> str:
    """Percent-encode a value for use as one path segment ("/" included)."""
    return _no_dot_segment(quote(str(value), safe=_PATH_SAFE))


def encode_literal(text: str) -> str:
    """Encode literal path text from the docs (keeps "/" and existing %-escapes)."""
    return "/".join(_no_dot_segment(s) for s in quote(text, safe=_PATH_SAFE + "/%").split("/"))


def fill_segment(template: str, values: Mapping[str, object]) -> str:
    """A path segment with ``{name}`` holes (``range(address='{address}')``), values encoded.

    In a path-addressed segment (``root:/{item-path}:``) a value keeps its slashes."""
    keep_slashes = ":/" in template
    out, i = [], 0
    for hole in _HOLE.finditer(template):  # the holes docgen found; a stray brace is literal text
        out.append(encode_literal(template[i : hole.start()]))
        value = str(values[hole.group(1)])
        parts = value.split("/") if keep_slashes else [value]
        out.append("/".join(encode_segment(p) for p in parts))
        i = hole.end()
    out.append(encode_literal(template[i:]))
    return "".join(out)


def _call_args(text: str) -> list[str]:
    """Function arguments split on commas outside single quotes."""
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _arg_text(value: FunctionArg) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def call_segment(template: str, values: Mapping[str, FunctionArg | None]) -> str:
    """A function call segment ``name(a={a},b='{b?}')``: an argument whose hole ends in ``?`` is
    left out when its value is None; with no argument left the segment is the bare name."""
    name, _, rest = template.partition("(")
    kept = []
    for arg in _call_args(rest[:-1]):
        given = {h: values.get(h) for h in _HOLE.findall(arg)}
        texts = {h: _arg_text(v) for h, v in given.items() if v is not None}
        if len(texts) < len(given):
            if all(h.endswith("?") for h in given):
                continue
            raise TypeError(f"{name}(): argument {arg.split('=')[0]!r} is required")
        kept.append(fill_segment(arg, texts))
    return encode_literal(name) + ("(" + ",".join(kept) + ")" if kept else "")


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
        query = "&".join(
            f"{quote(k, safe=_QUERY_SAFE)}={quote(v, safe=_QUERY_SAFE)}" for k, v in self.params
        )
        return base_url.rstrip("/") + self.path + ("?" + query if query else "")


def _join(value: StrOrList) -> str:
    return value if isinstance(value, str) else ",".join(value)


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
    query: list[tuple[str, str]] = []
    for key, value in (
        ("$select", None if select is None else _join(select)),
        ("$expand", None if expand is None else _join(expand)),
        ("$filter", filter),
        ("$orderby", None if orderby is None else _join(orderby)),
        ("$search", search),
        ("$top", None if top is None else str(top)),
        ("$skip", None if skip is None else str(skip)),
        ("$count", None if count is None else ("true" if count else "false")),
        ("$skiptoken", skiptoken),
        ("$deltatoken", deltatoken),
        ("$format", format),
        ("$levels", levels),
    ):
        if value is not None:
            query.append((key, value))
    if params:
        items = params.items() if isinstance(params, Mapping) else params
        query.extend((str(k), str(v)) for k, v in items)
    return RequestSpec(
        method=method,
        path=path,
        params=tuple(query),
        headers=tuple((str(k), str(v)) for k, v in (headers or {}).items()),
        json=to_json(body),
        has_body=body is not None,
        content=content,
    )


# --- responses --------------------------------------------------------------------------------

Parser = Callable[[httpx.Response], T]


def _json_or_none(response: httpx.Response) -> Any:
    if not response.content.strip():
        return None
    return response.json()


def parse_json(response: httpx.Response) -> Any:
    """Untyped: the JSON body (or None when there is none)."""
    return _json_or_none(response)


def parse_none(response: httpx.Response) -> None:
    return None


def model_parser(cls: type[M]) -> Parser[M]:
    def parse(response: httpx.Response) -> M:
        data = _json_or_none(response)
        if data is None:
            raise EmptyResponseError(
                f"{response.request.method} {response.request.url}: empty response body"
            )
        return cls.model_validate(data)

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


# --- transport --------------------------------------------------------------------------------


def retry_delay(
    response: httpx.Response | None, attempt: int, backoff: float, max_backoff: float
) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): Retry-After when given, else backoff."""
    if response is not None:
        after = response.headers.get("Retry-After")
        if after:
            try:
                return max(0.0, min(float(after), max_backoff))
            except ValueError:
                when = email.utils.parsedate_to_datetime(after) if after else None
                if when is not None:
                    return max(0.0, min(when.timestamp() - time.time(), max_backoff))
    delay: float = min(max_backoff, backoff * 2.0**attempt)
    return delay * (0.5 + random.random() / 2)


class _TransportBase:
    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + ("/" + api_version.strip("/") if api_version else "")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.default_headers = dict(headers or {})

    def to_httpx(self, spec: RequestSpec, token: str | None) -> httpx.Request:
        headers = {"Accept": "application/json", **self.default_headers}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(dict(spec.headers))
        kwargs: dict[str, Any] = {}
        if spec.content is not None:
            kwargs["content"] = spec.content
        elif spec.has_body:
            kwargs["content"] = json.dumps(spec.json, ensure_ascii=False).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        return httpx.Request(spec.method, spec.url(self.base_url), headers=headers, **kwargs)

    def _timeout(self, timeout: float | httpx.Timeout | None) -> httpx.Timeout:
        t = self.timeout if timeout is None else timeout
        return t if isinstance(t, httpx.Timeout) else httpx.Timeout(t)


class SyncTransport(_TransportBase):
    """Sends :class:`RequestSpec` values with httpx: auth, retries on 429/503/504, typed errors."""

    def __init__(
        self,
        *,
        token_provider: TokenProvider | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.token_provider = token_provider
        self.http_client = http_client or httpx.Client(transport=transport, follow_redirects=False)
        self.sleep = sleep

    def send(
        self, spec: RequestSpec, *, timeout: float | httpx.Timeout | None = None
    ) -> httpx.Response:
        attempt = 0
        while True:
            token = self.token_provider() if self.token_provider else None
            request = self.to_httpx(spec, token)
            request.extensions["timeout"] = self._timeout(timeout).as_dict()
            try:
                response = self.http_client.send(request)
            except httpx.TimeoutException as e:
                raise APITimeoutError(str(e)) from e
            except httpx.TransportError as e:
                raise APIConnectionError(str(e)) from e
            if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
                self.sleep(retry_delay(response, attempt, self.backoff, self.max_backoff))
                attempt += 1
                continue
            if response.status_code >= 400:
                raise error_for(response)
            return response

    def request(
        self, spec: RequestSpec, parser: Parser[T], *, timeout: float | httpx.Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(self.send(spec, timeout=timeout), parser)

    def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: float | httpx.Timeout | None = None
    ) -> Iterator[M]:
        """Every item of a collection, following ``@odata.nextLink`` page after page."""
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(self.send(next_spec, timeout=timeout))
            yield from page.value
            link = page.odata_next_link
            next_spec = (
                RequestSpec("GET", "", headers=spec.headers, absolute_url=link) if link else None
            )

    def close(self) -> None:
        self.http_client.close()


class AsyncTransport(_TransportBase):
    """The asyncio twin of :class:`SyncTransport`; the token provider may be sync or async."""

    def __init__(
        self,
        *,
        token_provider: AsyncTokenProvider | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.token_provider = token_provider
        self.http_client = http_client or httpx.AsyncClient(
            transport=transport, follow_redirects=False
        )
        self.sleep = sleep

    async def _token(self) -> str | None:
        if self.token_provider is None:
            return None
        token = self.token_provider()
        if inspect.isawaitable(token):
            token = await token
        return str(token)

    async def send(
        self, spec: RequestSpec, *, timeout: float | httpx.Timeout | None = None
    ) -> httpx.Response:
        attempt = 0
        while True:
            request = self.to_httpx(spec, await self._token())
            request.extensions["timeout"] = self._timeout(timeout).as_dict()
            try:
                response = await self.http_client.send(request)
            except httpx.TimeoutException as e:
                raise APITimeoutError(str(e)) from e
            except httpx.TransportError as e:
                raise APIConnectionError(str(e)) from e
            if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
                await self.sleep(retry_delay(response, attempt, self.backoff, self.max_backoff))
                attempt += 1
                continue
            if response.status_code >= 400:
                await response.aread()
                raise error_for(response)
            await response.aread()
            return response

    async def request(
        self, spec: RequestSpec, parser: Parser[T], *, timeout: float | httpx.Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(await self.send(spec, timeout=timeout), parser)

    async def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: float | httpx.Timeout | None = None
    ) -> AsyncIterator[M]:
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(await self.send(next_spec, timeout=timeout))
            for item in page.value:
                yield item
            link = page.odata_next_link
            next_spec = (
                RequestSpec("GET", "", headers=spec.headers, absolute_url=link) if link else None
            )

    async def aclose(self) -> None:
        await self.http_client.aclose()


# --- request builders ---------------------------------------------------------------------------


class PathBuilder:
    """A path walked so far (encoded segments). Generated ``*Requests`` mixins build requests on it."""

    __slots__ = ("_segments",)

    def __init__(self, segments: tuple[str, ...] = ()) -> None:
        self._segments = segments

    @property
    def path(self) -> str:
        return "/" + "/".join(self._segments)


class SyncBuilder(PathBuilder):
    """Base of generated sync request builders: a transport and the path walked so far."""

    __slots__ = ("_transport",)

    def __init__(self, transport: SyncTransport, segments: tuple[str, ...] = ()) -> None:
        super().__init__(segments)
        self._transport = transport


class AsyncBuilder(PathBuilder):
    """Base of generated async request builders."""

    __slots__ = ("_transport",)

    def __init__(self, transport: AsyncTransport, segments: tuple[str, ...] = ()) -> None:
        super().__init__(segments)
        self._transport = transport


# --- OData conventions on collections: /$count and type casts -----------------------------------


def parse_count(response: httpx.Response) -> int:
    """The body of a ``/$count`` response: a plain-text integer."""
    text = response.text.strip().lstrip("\ufeff")
    try:
        return int(text)
    except ValueError:
        raise GraphError(
            f"{response.request.method} {response.request.url}: not a count: {text[:40]!r}"
        ) from None


class CountRequests(PathBuilder):
    """Builds ``GET .../$count`` (pure: nothing is sent)."""

    __slots__ = ()

    def build_get_request(
        self,
        *,
        filter: str | None = None,
        search: str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RequestSpec:
        """The count request. Directory collections need the header ``ConsistencyLevel: eventual``."""
        return build_request(
            "GET", self.path, filter=filter, search=search, params=params, headers=headers
        )


class CountBuilder(CountRequests, SyncBuilder):
    """``.../$count``: the number of items in the collection."""

    __slots__ = ()

    def get(
        self,
        *,
        filter: str | None = None,
        search: str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> int:
        """The number of items (``GET .../$count``)."""
        return self.get_with_response(
            filter=filter, search=search, params=params, headers=headers, timeout=timeout
        ).parse()

    def get_with_response(
        self,
        *,
        filter: str | None = None,
        search: str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> ApiResponse[int]:
        """Like ``get``, but returns the raw response (``.parse()`` gives the number)."""
        spec = self.build_get_request(filter=filter, search=search, params=params, headers=headers)
        return self._transport.request(spec, parse_count, timeout=timeout)


class AsyncCountBuilder(CountRequests, AsyncBuilder):
    """``.../$count``: the number of items in the collection (asyncio)."""

    __slots__ = ()

    async def get(
        self,
        *,
        filter: str | None = None,
        search: str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> int:
        """The number of items (``GET .../$count``)."""
        response = await self.get_with_response(
            filter=filter, search=search, params=params, headers=headers, timeout=timeout
        )
        return response.parse()

    async def get_with_response(
        self,
        *,
        filter: str | None = None,
        search: str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> ApiResponse[int]:
        """Like ``get``, but returns the raw response (``.parse()`` gives the number)."""
        spec = self.build_get_request(filter=filter, search=search, params=params, headers=headers)
        return await self._transport.request(spec, parse_count, timeout=timeout)


def cast_segment(cls: type[GraphModel]) -> str:
    """The path segment casting a collection to ``cls`` (``microsoft.graph.group``)."""
    name = cls.odata_type_name
    if not name:
        raise ValueError(
            f"{cls.__name__} has no @odata.type name: it cannot be used in a type cast"
        )
    return encode_literal(name)


class CastRequests(PathBuilder, Generic[M]):
    """Builds ``GET`` on a collection cast to one type (pure: nothing is sent)."""

    __slots__ = ()

    def build_get_request(
        self,
        *,
        select: StrOrList | None = None,
        expand: StrOrList | None = None,
        filter: str | None = None,
        orderby: StrOrList | None = None,
        search: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        count: bool | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> RequestSpec:
        """The request for the items of the cast type, built and not sent."""
        return build_request(
            "GET",
            self.path,
            select=select,
            expand=expand,
            filter=filter,
            orderby=orderby,
            search=search,
            top=top,
            skip=skip,
            count=count,
            params=params,
            headers=headers,
        )


class CastBuilder(CastRequests[M], SyncBuilder):
    """``.../microsoft.graph.<type>``: only the items of one type, parsed as that type."""

    __slots__ = ("_cls",)

    def __init__(self, transport: SyncTransport, segments: tuple[str, ...], cls: type[M]) -> None:
        super().__init__(transport, segments)
        self._cls = cls

    @property
    def count(self) -> CountBuilder:
        """``.../microsoft.graph.<type>/$count``: how many items are of this type."""
        return CountBuilder(self._transport, self._segments + ("$count",))

    def get(self, *, timeout: float | None = None, **options: Any) -> Page[M]:
        """One page of the items of this type; ``options`` as for ``build_get_request``."""
        return self.get_with_response(timeout=timeout, **options).parse()

    def get_with_response(
        self, *, timeout: float | None = None, **options: Any
    ) -> ApiResponse[Page[M]]:
        """Like ``get``, but returns the raw response."""
        return self._transport.request(
            self.build_get_request(**options), page_parser(self._cls), timeout=timeout
        )

    def iter_all(self, *, timeout: float | None = None, **options: Any) -> Iterator[M]:
        """Every item of this type, following ``@odata.nextLink`` page after page."""
        return self._transport.iter_items(
            self.build_get_request(**options), self._cls, timeout=timeout
        )


class AsyncCastBuilder(CastRequests[M], AsyncBuilder):
    """``.../microsoft.graph.<type>``: only the items of one type, parsed as that type (asyncio)."""

    __slots__ = ("_cls",)

    def __init__(self, transport: AsyncTransport, segments: tuple[str, ...], cls: type[M]) -> None:
        super().__init__(transport, segments)
        self._cls = cls

    @property
    def count(self) -> AsyncCountBuilder:
        """``.../microsoft.graph.<type>/$count``: how many items are of this type."""
        return AsyncCountBuilder(self._transport, self._segments + ("$count",))

    async def get(self, *, timeout: float | None = None, **options: Any) -> Page[M]:
        """One page of the items of this type; ``options`` as for ``build_get_request``."""
        return (await self.get_with_response(timeout=timeout, **options)).parse()

    async def get_with_response(
        self, *, timeout: float | None = None, **options: Any
    ) -> ApiResponse[Page[M]]:
        """Like ``get``, but returns the raw response."""
        return await self._transport.request(
            self.build_get_request(**options), page_parser(self._cls), timeout=timeout
        )

    def iter_all(self, *, timeout: float | None = None, **options: Any) -> AsyncIterator[M]:
        """Every item of this type, following ``@odata.nextLink`` page after page."""
        return self._transport.iter_items(
            self.build_get_request(**options), self._cls, timeout=timeout
        )


class SyncCollection(SyncBuilder):
    """Base of builders of collections: ``count`` (``/$count``) and ``of_type(Model)`` (a type cast)."""

    __slots__ = ()

    @property
    def count(self) -> CountBuilder:
        """``.../$count``: the number of items in the collection."""
        return CountBuilder(self._transport, self._segments + ("$count",))

    def of_type(self, cls: type[M]) -> CastBuilder[M]:
        """Only the items of type ``cls`` (``.../microsoft.graph.group``), parsed as ``cls``."""
        return CastBuilder(self._transport, self._segments + (cast_segment(cls),), cls)


class AsyncCollection(AsyncBuilder):
    """Base of async builders of collections: ``count`` and ``of_type(Model)``."""

    __slots__ = ()

    @property
    def count(self) -> AsyncCountBuilder:
        """``.../$count``: the number of items in the collection."""
        return AsyncCountBuilder(self._transport, self._segments + ("$count",))

    def of_type(self, cls: type[M]) -> AsyncCastBuilder[M]:
        """Only the items of type ``cls`` (``.../microsoft.graph.group``), parsed as ``cls``."""
        return AsyncCastBuilder(self._transport, self._segments + (cast_segment(cls),), cls)
