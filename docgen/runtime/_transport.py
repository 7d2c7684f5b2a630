"""Transports: send :class:`~._http.RequestSpec` values with httpx, sync and asyncio. Everything in
the SDK that does I/O is here.

On every request: ``Accept``, ``User-Agent`` and a ``client-request-id`` (one per call, kept across
its retries and redirects). The bearer token is sent only to the Graph hosts (the base URL's, plus
``trusted_hosts``): never to the host a redirect or a ``nextLink`` names elsewhere (downloads are
redirected to pre-authenticated URLs). Redirects are followed here (301/302/303/307/308). Retries
follow :class:`~._retry.RetryPolicy`. A 401 claims challenge (``WWW-Authenticate: ...
claims="<base64>"``) is answered once by asking the token provider for a token with those claims,
when it takes a ``claims`` argument. ``on_event`` sees every request, response, retry and redirect
(the ``logging`` logger of the package logs them at DEBUG).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import inspect
import json
import logging
import platform
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from typing import Any, Callable, Literal, Protocol, TypeVar, Union
from urllib.parse import urlsplit

import httpx

from ._batch import Batch
from ._config import DEFAULT_API_VERSION, DEFAULT_BASE_URL
from ._errors import APIConnectionError, APITimeoutError, error_for
from ._http import ApiResponse, Parser, RequestSpec, page_parser
from ._paging import DeltaRound, Page
from ._retry import RetryPolicy
from ._types import GraphModel

__all__ = [
    "AsyncTokenProvider",
    "AsyncTransport",
    "ClaimsTokenProvider",
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Event",
    "EventHook",
    "MAX_REDIRECTS",
    "SyncTransport",
    "Timeout",
    "TokenProvider",
    "USER_AGENT",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CLAIMS = re.compile(r'claims="([^"]*)"')
USER_AGENT = (
    f"{(__package__ or 'graph_sdk').split('.')[0]}/docgen python/{platform.python_version()} "
    f"httpx/{httpx.__version__}"
)
logger = logging.getLogger(__package__ or "graph_sdk")

T = TypeVar("T")
M = TypeVar("M", bound=GraphModel)


class ClaimsTokenProvider(Protocol):
    """A token provider that can answer a claims challenge (``claims``: the decoded JSON)."""

    def __call__(self, *, claims: str | None = None) -> str: ...


class AsyncClaimsTokenProvider(Protocol):
    def __call__(self, *, claims: str | None = None) -> str | Awaitable[str]: ...


TokenProvider = Union[Callable[[], str], ClaimsTokenProvider]
AsyncTokenProvider = Union[Callable[[], Union[str, Awaitable[str]]], AsyncClaimsTokenProvider]
Timeout = Union[float, httpx.Timeout]


@dataclass(frozen=True)
class Event:
    """What the transport did: ``request`` (about to send), ``response``, ``retry`` (``delay``
    seconds before sending again), ``redirect`` (to ``response``'s ``Location``)."""

    kind: Literal["request", "response", "retry", "redirect"]
    request: httpx.Request
    response: httpx.Response | None = None
    attempt: int = 0
    delay: float | None = None


EventHook = Callable[[Event], None]


def _takes_claims(provider: Callable[..., Any] | None) -> bool:
    if provider is None:
        return False
    try:
        params = inspect.signature(provider).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "claims" or p.kind is p.VAR_KEYWORD for p in params)


def challenge_claims(response: httpx.Response) -> str | None:
    """The claims a 401 challenge asks for (decoded from base64), or None."""
    if response.status_code != 401:
        return None
    match = _CLAIMS.search(response.headers.get("WWW-Authenticate", ""))
    if not match:
        return None
    text = match.group(1)
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return text


def _netloc(url: str) -> str:
    split = urlsplit(url)
    port = split.port or {"http": 80, "https": 443}.get(split.scheme, 0)
    return f"{(split.hostname or '').lower()}:{port}"


class _TransportBase:
    def __init__(
        self,
        *,
        base_url: str,
        api_version: str,
        timeout: Timeout,
        retry: RetryPolicy,
        headers: Mapping[str, str] | None,
        trusted_hosts: Sequence[str],
        on_event: EventHook | None,
        follow_redirects: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/") + ("/" + api_version.strip("/") if api_version else "")
        self.timeout = timeout
        self.retry = retry
        self.default_headers = dict(headers or {})
        self.trusted = frozenset(
            [_netloc(self.base_url)]
            + [_netloc(h if "//" in h else "https://" + h) for h in trusted_hosts]
        )
        self.on_event = on_event
        self.max_redirects = MAX_REDIRECTS if follow_redirects else 0

    @property
    def max_retries(self) -> int:
        return self.retry.max_retries

    def is_trusted(self, url: str) -> bool:
        """Whether the bearer token may be sent to ``url`` (one of the Graph hosts)."""
        return _netloc(url) in self.trusted

    def to_httpx(self, spec: RequestSpec, token: str | None, request_id: str = "") -> httpx.Request:
        url = spec.url(self.base_url)
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **self.default_headers}
        if request_id:
            headers["client-request-id"] = request_id
        trusted = self.is_trusted(url)
        if token is not None and trusted:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(dict(spec.headers))
        if not trusted:  # not even an Authorization header the caller set: it may be a redirect
            headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
        kwargs: dict[str, Any] = {}
        if spec.content is not None:
            kwargs["content"] = spec.content
        elif spec.has_body:
            kwargs["content"] = json.dumps(spec.json, ensure_ascii=False).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        return httpx.Request(spec.method, url, headers=headers, **kwargs)

    def _timeout(self, timeout: Timeout | None) -> dict[str, Any]:
        t = self.timeout if timeout is None else timeout
        return (t if isinstance(t, httpx.Timeout) else httpx.Timeout(t)).as_dict()

    def _emit(self, event: Event) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            status = f" {event.response.status_code}" if event.response is not None else ""
            logger.debug("%s %s %s%s", event.kind, event.request.method, event.request.url, status)
        if self.on_event is not None:
            self.on_event(event)

    @staticmethod
    def _redirected(spec: RequestSpec, response: httpx.Response) -> RequestSpec | None:
        location = response.headers.get("Location")
        if response.status_code not in _REDIRECTS or not location:
            return None
        url = str(response.url.join(location))
        keep_body = response.status_code in (307, 308)
        method = spec.method if keep_body or spec.method in ("GET", "HEAD") else "GET"
        dropped = {"content-type"} if not keep_body else set()
        headers = tuple((k, v) for k, v in spec.headers if k.lower() not in dropped)
        if keep_body:
            return replace(spec, absolute_url=url, headers=headers)
        return RequestSpec(method, "", headers=headers, absolute_url=url)


def _next_spec(spec: RequestSpec, link: str | None) -> RequestSpec | None:
    return RequestSpec("GET", "", headers=spec.headers, absolute_url=link) if link else None


class SyncTransport(_TransportBase):
    """Sends :class:`RequestSpec` values with httpx (see the module docstring)."""

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
        retry_non_idempotent: bool = False,
        headers: Mapping[str, str] | None = None,
        trusted_hosts: Sequence[str] = (),
        on_event: EventHook | None = None,
        follow_redirects: bool = True,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            retry=RetryPolicy(max_retries, backoff, max_backoff, retry_non_idempotent),
            headers=headers,
            trusted_hosts=trusted_hosts,
            on_event=on_event,
            follow_redirects=follow_redirects,
        )
        self.token_provider = token_provider
        self._claims_ok = _takes_claims(token_provider)
        self.http_client = http_client or httpx.Client(transport=transport, follow_redirects=False)
        self.sleep = sleep

    def _token(self, claims: str | None) -> str | None:
        if self.token_provider is None:
            return None
        if claims is not None:
            return self.token_provider(claims=claims)  # type: ignore[call-arg]
        return self.token_provider()

    def send(
        self, spec: RequestSpec, *, timeout: Timeout | None = None, stream: bool = False
    ) -> httpx.Response:
        """Send ``spec``: redirects followed, retries, typed errors; the final response."""
        request_id = str(uuid.uuid4())
        attempt = redirects = 0
        claims: str | None = None
        current = spec
        while True:
            request = self.to_httpx(current, self._token(claims), request_id)
            request.extensions["timeout"] = self._timeout(timeout)
            self._emit(Event("request", request, attempt=attempt))
            try:
                response = self.http_client.send(request, stream=True)
            except httpx.TransportError as e:
                if self.retry.should_retry(request.method, None, attempt):
                    self._wait(request, None, attempt)
                    attempt += 1
                    continue
                if isinstance(e, httpx.TimeoutException):
                    raise APITimeoutError(str(e)) from e
                raise APIConnectionError(str(e)) from e
            self._emit(Event("response", request, response, attempt))
            target = self._redirected(current, response)
            if target is not None and redirects < self.max_redirects:
                response.close()
                self._emit(Event("redirect", request, response, attempt))
                current, redirects = target, redirects + 1
                continue
            wanted = challenge_claims(response) if claims is None and self._claims_ok else None
            if wanted is not None:
                response.close()
                claims = wanted
                continue
            if self.retry.should_retry(request.method, response.status_code, attempt):
                response.close()
                self._wait(request, response, attempt)
                attempt += 1
                continue
            if response.status_code >= 400 or not stream:
                response.read()
            if response.status_code >= 400:
                raise error_for(response)
            return response

    def _wait(self, request: httpx.Request, response: httpx.Response | None, attempt: int) -> None:
        delay = self.retry.delay(response, attempt)
        self._emit(Event("retry", request, response, attempt, delay))
        self.sleep(delay)

    def request(
        self, spec: RequestSpec, parser: Parser[T], *, timeout: Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(self.send(spec, timeout=timeout), parser)

    @contextmanager
    def stream(
        self, spec: RequestSpec, *, timeout: Timeout | None = None
    ) -> Iterator[httpx.Response]:
        """The response with its body unread (``iter_bytes()``), closed when the block ends."""
        response = self.send(spec, timeout=timeout, stream=True)
        try:
            yield response
        finally:
            response.close()

    def iter_pages(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> Iterator[Page[M]]:
        """Every page of a collection, following ``@odata.nextLink``."""
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(self.send(next_spec, timeout=timeout))
            yield page
            next_spec = _next_spec(spec, page.next_link)

    def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> Iterator[M]:
        """Every item of a collection, following ``@odata.nextLink`` page after page."""
        for page in self.iter_pages(spec, cls, timeout=timeout):
            yield from page.value

    def delta_round(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> DeltaRound[M]:
        """Every page of a delta query; the result holds the ``@odata.deltaLink`` to resume from."""
        out: DeltaRound[M] = DeltaRound()
        for page in self.iter_pages(spec, cls, timeout=timeout):
            out.items.extend(page.value)
            out.delta_link = page.delta_link or out.delta_link
        return out

    def send_batch(self, batch: Batch, *, timeout: Timeout | None = None) -> Batch:
        """Send every request of ``batch`` in one ``POST /$batch``; each item gets its response."""
        batch.apply(self.send(batch.spec(self.base_url), timeout=timeout), self.base_url)
        return batch

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
        retry_non_idempotent: bool = False,
        headers: Mapping[str, str] | None = None,
        trusted_hosts: Sequence[str] = (),
        on_event: EventHook | None = None,
        follow_redirects: bool = True,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            retry=RetryPolicy(max_retries, backoff, max_backoff, retry_non_idempotent),
            headers=headers,
            trusted_hosts=trusted_hosts,
            on_event=on_event,
            follow_redirects=follow_redirects,
        )
        self.token_provider = token_provider
        self._claims_ok = _takes_claims(token_provider)
        self.http_client = http_client or httpx.AsyncClient(
            transport=transport, follow_redirects=False
        )
        self.sleep = sleep

    async def _token(self, claims: str | None) -> str | None:
        if self.token_provider is None:
            return None
        if claims is not None:
            token = self.token_provider(claims=claims)  # type: ignore[call-arg]
        else:
            token = self.token_provider()
        if inspect.isawaitable(token):
            token = await token
        return str(token)

    async def send(
        self, spec: RequestSpec, *, timeout: Timeout | None = None, stream: bool = False
    ) -> httpx.Response:
        """Send ``spec``: redirects followed, retries, typed errors; the final response."""
        request_id = str(uuid.uuid4())
        attempt = redirects = 0
        claims: str | None = None
        current = spec
        while True:
            request = self.to_httpx(current, await self._token(claims), request_id)
            request.extensions["timeout"] = self._timeout(timeout)
            self._emit(Event("request", request, attempt=attempt))
            try:
                response = await self.http_client.send(request, stream=True)
            except httpx.TransportError as e:
                if self.retry.should_retry(request.method, None, attempt):
                    await self._wait(request, None, attempt)
                    attempt += 1
                    continue
                if isinstance(e, httpx.TimeoutException):
                    raise APITimeoutError(str(e)) from e
                raise APIConnectionError(str(e)) from e
            self._emit(Event("response", request, response, attempt))
            target = self._redirected(current, response)
            if target is not None and redirects < self.max_redirects:
                await response.aclose()
                self._emit(Event("redirect", request, response, attempt))
                current, redirects = target, redirects + 1
                continue
            wanted = challenge_claims(response) if claims is None and self._claims_ok else None
            if wanted is not None:
                await response.aclose()
                claims = wanted
                continue
            if self.retry.should_retry(request.method, response.status_code, attempt):
                await response.aclose()
                await self._wait(request, response, attempt)
                attempt += 1
                continue
            if response.status_code >= 400 or not stream:
                await response.aread()
            if response.status_code >= 400:
                raise error_for(response)
            return response

    async def _wait(
        self, request: httpx.Request, response: httpx.Response | None, attempt: int
    ) -> None:
        delay = self.retry.delay(response, attempt)
        self._emit(Event("retry", request, response, attempt, delay))
        await self.sleep(delay)

    async def request(
        self, spec: RequestSpec, parser: Parser[T], *, timeout: Timeout | None = None
    ) -> ApiResponse[T]:
        return ApiResponse(await self.send(spec, timeout=timeout), parser)

    @asynccontextmanager
    async def stream(
        self, spec: RequestSpec, *, timeout: Timeout | None = None
    ) -> AsyncIterator[httpx.Response]:
        """The response with its body unread (``aiter_bytes()``), closed when the block ends."""
        response = await self.send(spec, timeout=timeout, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    async def iter_pages(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> AsyncIterator[Page[M]]:
        """Every page of a collection, following ``@odata.nextLink``."""
        parse = page_parser(cls)
        next_spec: RequestSpec | None = spec
        while next_spec is not None:
            page = parse(await self.send(next_spec, timeout=timeout))
            yield page
            next_spec = _next_spec(spec, page.next_link)

    async def iter_items(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> AsyncIterator[M]:
        """Every item of a collection, following ``@odata.nextLink`` page after page."""
        async for page in self.iter_pages(spec, cls, timeout=timeout):
            for item in page.value:
                yield item

    async def delta_round(
        self, spec: RequestSpec, cls: type[M], *, timeout: Timeout | None = None
    ) -> DeltaRound[M]:
        """Every page of a delta query; the result holds the ``@odata.deltaLink`` to resume from."""
        out: DeltaRound[M] = DeltaRound()
        async for page in self.iter_pages(spec, cls, timeout=timeout):
            out.items.extend(page.value)
            out.delta_link = page.delta_link or out.delta_link
        return out

    async def send_batch(self, batch: Batch, *, timeout: Timeout | None = None) -> Batch:
        """Send every request of ``batch`` in one ``POST /$batch``; each item gets its response."""
        batch.apply(await self.send(batch.spec(self.base_url), timeout=timeout), self.base_url)
        return batch

    async def aclose(self) -> None:
        await self.http_client.aclose()
