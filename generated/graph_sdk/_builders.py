"""Bases of the generated request builders, and the builders every collection has: ``/$count``
and type casts (``/microsoft.graph.group``).

A builder holds the path walked so far (encoded segments) and, for the sync and async variants, the
transport that sends its requests. The ``*Requests`` classes only build requests (pure).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Generic, TypeVar

from ._http import ApiResponse, RequestSpec, build_request, page_parser, parse_count
from ._paging import Page
from ._transport import AsyncTransport, SyncTransport, Timeout
from ._types import GraphModel
from ._urls import QueryParams, StrOrList, encode_literal

__all__ = [
    "AsyncBuilder",
    "AsyncCastBuilder",
    "AsyncCollection",
    "AsyncCountBuilder",
    "CastBuilder",
    "CastRequests",
    "CountBuilder",
    "CountRequests",
    "PathBuilder",
    "SyncBuilder",
    "SyncCollection",
    "cast_name_segment",
    "cast_segment",
]

M = TypeVar("M", bound=GraphModel)


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
        timeout: Timeout | None = None,
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
        timeout: Timeout | None = None,
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
        timeout: Timeout | None = None,
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
        timeout: Timeout | None = None,
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


_CAST_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")


def cast_name_segment(name: str) -> str:
    """The path segment casting a collection to the type named ``name`` (namespace-qualified)."""
    if not _CAST_NAME.match(name):
        raise ValueError(f"not a qualified type name: {name!r}")
    return name


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

    def get(
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
        timeout: Timeout | None = None,
    ) -> Page[M]:
        """One page of the items of this type."""
        response = self.get_with_response(
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
            timeout=timeout,
        )
        return response.parse()

    def get_with_response(
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
        timeout: Timeout | None = None,
    ) -> ApiResponse[Page[M]]:
        """Like ``get``, but returns the raw response (``.parse()`` gives the page)."""
        spec = self.build_get_request(
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
        return self._transport.request(spec, page_parser(self._cls), timeout=timeout)

    def iter_all(
        self,
        *,
        select: StrOrList | None = None,
        expand: StrOrList | None = None,
        filter: str | None = None,
        orderby: StrOrList | None = None,
        search: str | None = None,
        top: int | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
    ) -> Iterator[M]:
        """Every item of this type, following ``@odata.nextLink`` page after page."""
        spec = self.build_get_request(
            select=select,
            expand=expand,
            filter=filter,
            orderby=orderby,
            search=search,
            top=top,
            params=params,
            headers=headers,
        )
        return self._transport.iter_items(spec, self._cls, timeout=timeout)


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

    async def get(
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
        timeout: Timeout | None = None,
    ) -> Page[M]:
        """One page of the items of this type."""
        response = await self.get_with_response(
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
            timeout=timeout,
        )
        return response.parse()

    async def get_with_response(
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
        timeout: Timeout | None = None,
    ) -> ApiResponse[Page[M]]:
        """Like ``get``, but returns the raw response (``.parse()`` gives the page)."""
        spec = self.build_get_request(
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
        return await self._transport.request(spec, page_parser(self._cls), timeout=timeout)

    def iter_all(
        self,
        *,
        select: StrOrList | None = None,
        expand: StrOrList | None = None,
        filter: str | None = None,
        orderby: StrOrList | None = None,
        search: str | None = None,
        top: int | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout | None = None,
    ) -> AsyncIterator[M]:
        """Every item of this type, following ``@odata.nextLink`` page after page."""
        spec = self.build_get_request(
            select=select,
            expand=expand,
            filter=filter,
            orderby=orderby,
            search=search,
            top=top,
            params=params,
            headers=headers,
        )
        return self._transport.iter_items(spec, self._cls, timeout=timeout)


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

    def of_type_named(self, name: str) -> CastBuilder[GraphModel]:
        """Only the items of the type ``name`` (``"microsoft.graph.group"``) that no model describes,
        parsed as open models (every field kept)."""
        return CastBuilder(self._transport, self._segments + (cast_name_segment(name),), GraphModel)


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

    def of_type_named(self, name: str) -> AsyncCastBuilder[GraphModel]:
        """Only the items of the type ``name`` that no model describes, parsed as open models."""
        return AsyncCastBuilder(
            self._transport, self._segments + (cast_name_segment(name),), GraphModel
        )
