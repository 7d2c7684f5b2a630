"""The retry policy: what is retried, how often, and how long to wait.

* 429 (throttled) is retried for every method: the service did not act on the request.
* 5xx (:data:`RETRY_STATUSES`) and connection errors are retried only for idempotent methods
  (GET, HEAD, OPTIONS, PUT, DELETE), unless ``retry_non_idempotent`` is set: a POST that timed
  out may have been applied (``sendMail`` would send twice).
* The wait is ``Retry-After`` (seconds or an HTTP date) when the service gives it, else exponential
  backoff with jitter; never more than ``max_backoff``.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass

import httpx

__all__ = ["IDEMPOTENT_METHODS", "RETRY_STATUSES", "RetryPolicy", "retry_delay"]

RETRY_STATUSES = frozenset({500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a request again (see the module docstring)."""

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 60.0
    retry_non_idempotent: bool = False

    def should_retry(self, method: str, status: int | None, attempt: int) -> bool:
        """Whether retry ``attempt`` (0-based) follows ``status`` (None: no response at all)."""
        if attempt >= self.max_retries:
            return False
        if status == 429:
            return True
        if status is None or status in RETRY_STATUSES:
            return method.upper() in IDEMPOTENT_METHODS or self.retry_non_idempotent
        return False

    def delay(self, response: httpx.Response | None, attempt: int) -> float:
        return retry_delay(response, attempt, self.backoff, self.max_backoff)


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
