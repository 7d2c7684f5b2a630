"""When to retry and how long to wait: ``Retry-After`` when the service gives it, else
exponential backoff with jitter."""

from __future__ import annotations

import email.utils
import random
import time

import httpx

__all__ = ["RETRY_STATUSES", "retry_delay"]

RETRY_STATUSES = frozenset({429, 503, 504})


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
