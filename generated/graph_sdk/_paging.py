"""Pages of a collection: ``value`` plus the links to the next page and to the next delta round."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import Field

from ._types import GraphModel, Int, String

__all__ = ["Page"]

T = TypeVar("T")


class Page(GraphModel, Generic[T]):
    """One page of a collection response: ``value`` plus the ``@odata.nextLink`` to the next page."""

    value: list[T] = Field(default_factory=list)
    odata_next_link: String | None = Field(
        default=None, validation_alias="@odata.nextLink", serialization_alias="@odata.nextLink"
    )
    odata_count: Int | None = Field(
        default=None, validation_alias="@odata.count", serialization_alias="@odata.count"
    )
