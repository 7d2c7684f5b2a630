"""Transports: send :class:`~._http.RequestSpec` values with httpx (auth, retries, timeouts, typed
errors), sync and asyncio. Everything in the SDK that does I/O is here."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import AsyncIterator, Awaitable, Iterator, Mapping
from typing import Any, Callable, TypeVar, Union

import httpx

from ._config import DEFAULT_API_VERSION, DEFAULT_BASE_URL
from ._errors import APIConnectionError, APITimeoutError, error_for
from ._http import ApiResponse, Parser, RequestSpec, page_parser
from ._retry import RETRY_STATUSES, retry_delay
from ._types import GraphModel

__all__ = [
    "AsyncTokenProvider",
    "AsyncTransport",
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "SyncTransport",
    "Timeout",
    "TokenProvider",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3

T = TypeVar("T")
M = TypeVar("M", bound=GraphModel)

TokenProvider = Callable[[], str]
AsyncTokenProvider = Callable[[], Union[str, Awaitable[str]]]
Timeout = Union[float, httpx.Timeout]


class _TransportBase:
    def __init__(
        self,
        *,
        base_url: str,
        api_version: str,
        timeout: Timeout,
        max_retries: int,
        backoff: float,
        max_backoff: float,
        headers: Mapping[str, str] | None,
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

    def _timeout(self, timeout: Timeout | None) -> httpx.Timeout:
        t = self.timeout if timeout is None else timeout
        return t if isinstance(t, httpx.Timeout) else httpx.Timeout(t)


def _next_spec(spec: RequestSpec, link: str | None) -> RequestSpec | None:
    return RequestSpec("GET", "", headers=spec.headers, absolute_url=link) if link else None


class SyncTransport(_TransportBase):
    """Sends :class:`RequestSpec` values with httpx: auth, retries on 429/503/504, typed errors."""

    def __init__(
        self,
        *,
        token_provider: TokenProvider | None = None,
        base_url: str = DEFAULT_BASE_URL,
        api_version: str = DEFAULT_API_VERSION,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            headers=headers,
        )
        self.token_provider = token_provider
        self.http_client = http_client or httpx.Client(transport=transport, follow_redirects=False)
        self.sleep = sleep

    def send(self, spec: RequestSpec, *, timeout: Timeout | None = None) -> httpx.Response:
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
        self, spec: RequestSpec, parser: Parser[T], *, timeout: Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(self.send(spec, timeout=timeout), parser)

    def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> Iterator[M]:
        """Every item of a collection, following ``@odata.nextLink`` page after page."""
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(self.send(next_spec, timeout=timeout))
            yield from page.value
            next_spec = _next_spec(spec, page.odata_next_link)

    def close(self) -> None:
        self.http_client.close()


class AsyncTransport(_TransportBase):
    """The asyncio twin of :class:`SyncTransport`; the token provider may be sync or async."""

    def __init__(
        self,
        *,
        token_provider: AsyncTokenProvider | None = None,
        base_url: str = DEFAULT_BASE_URL,
        api_version: str = DEFAULT_API_VERSION,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = 0.5,
        max_backoff: float = 60.0,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            max_backoff=max_backoff,
            headers=headers,
        )
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

    async def send(self, spec: RequestSpec, *, timeout: Timeout | None = None) -> httpx.Response:
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
            await response.aread()
            if response.status_code >= 400:
                raise error_for(response)
            return response

    async def request(
        self, spec: RequestSpec, parser: Parser[T], *, timeout: Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(await self.send(spec, timeout=timeout), parser)

    async def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> AsyncIterator[M]:
        """Every item of a collection, following ``@odata.nextLink`` page after page."""
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(await self.send(next_spec, timeout=timeout))
            for item in page.value:
                yield item
            next_spec = _next_spec(spec, page.odata_next_link)

    async def aclose(self) -> None:
        await self.http_client.aclose()
