"""Pages of a collection: ``value`` plus the links to the next page and to the next delta round.

Iterating a :class:`Page` gives its items (``for user in client.users.get()``), not pydantic's
field tuples. :class:`DeltaRound` is what a delta query gives once every page is read: the items
and the ``@odata.deltaLink`` to resume from next time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import Field

from ._types import GraphModel, Int, String

__all__ = ["DeltaRound", "Page"]

T = TypeVar("T")


class Page(GraphModel, Generic[T]):
    """One page of a collection response: ``value``, ``@odata.nextLink``, ``@odata.deltaLink``."""

    value: list[T] = Field(default_factory=list)
    odata_next_link: String | None = Field(
        default=None, validation_alias="@odata.nextLink", serialization_alias="@odata.nextLink"
    )
    odata_delta_link: String | None = Field(
        default=None, validation_alias="@odata.deltaLink", serialization_alias="@odata.deltaLink"
    )
    odata_count: Int | None = Field(
        default=None, validation_alias="@odata.count", serialization_alias="@odata.count"
    )

    @property
    def next_link(self) -> str | None:
        """The URL of the next page (``@odata.nextLink``), or None on the last page."""
        return self.odata_next_link

    @property
    def delta_link(self) -> str | None:
        """On the last page of a delta query: the URL to ask for what changes from now on."""
        return self.odata_delta_link

    @property
    def count(self) -> int | None:
        """``@odata.count`` (asked with ``count=True``): the size of the whole collection."""
        return self.odata_count

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)


@dataclass
class DeltaRound(Generic[T]):
    """Every item of one delta round (all pages read) and the link that resumes after it."""

    items: list[T] = field(default_factory=list)
    delta_link: str | None = None
