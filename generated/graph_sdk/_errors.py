"""The exceptions of the SDK: one per status class, the Graph error body parsed.

Every error is a :class:`GraphError`. A response with an error status raises the
:class:`APIStatusError` subclass for its status (:func:`error_for`), carrying the response and the
Graph error object ``{"error": {"code", "message", "innerError", "details"}}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EmptyResponseError",
    "ErrorBody",
    "GraphError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "error_for",
]


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
        except ValueError:  # not JSON (or not text at all)
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
