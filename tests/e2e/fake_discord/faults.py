"""Fault injection: answer the next matching requests with a 429 or a 5xx, as Discord would."""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from .rest import Reply

# hikari treats this route as having no rate-limit bucket; sending bucket headers on it makes
# hikari log an error and flip a process-wide flag on its Route constant, so they are left off.
_UNBUCKETED_ROUTE = re.compile(r"^/interactions/[^/]+/[^/]+/callback$")

_REASONS = {
    429: "You are being rate limited.",
    500: "500: Internal Server Error",
    502: "502: Bad Gateway",
    503: "503: Service Unavailable",
    504: "504: Gateway Timeout",
}


@dataclass
class _Fault:
    method: str
    path: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float
    is_global: bool

    def matches(self, method: str, path: str) -> bool:
        return (self.method in {"*", method}) and self.path.search(path) is not None


class FaultInjector:
    """Queue of faults; each request consumes the first fault that matches it."""

    def __init__(self) -> None:
        self._faults: list[_Fault] = []

    def add(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` requests matching ``method``/``path_regex`` with ``status``."""
        if status != 429 and not 500 <= status <= 599:
            msg = f"fault status must be 429 or 5xx, got {status}"
            raise ValueError(msg)
        fault = _Fault(
            method.upper(), re.compile(path_regex), status, times, retry_after, is_global
        )
        self._faults.append(fault)

    @property
    def pending(self) -> int:
        """How many injected failures have not been served yet."""
        return sum(fault.remaining for fault in self._faults)

    def take(self, method: str, path: str) -> Reply | None:
        """Consume a matching fault and return its response, or None to serve normally."""
        for fault in self._faults:
            if fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                if fault.status == 429:
                    return _rate_limited(fault, path)
                return _server_error(fault.status)
        return None


def _rate_limited(fault: _Fault, path: str) -> Reply:
    body = {"message": _REASONS[429], "retry_after": fault.retry_after, "global": fault.is_global}
    headers = {"Retry-After": str(max(1, math.ceil(fault.retry_after)))}
    if fault.is_global:
        headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
    elif not _UNBUCKETED_ROUTE.match(path):
        headers |= {
            "X-RateLimit-Bucket": f"fake-{abs(hash(fault.path.pattern)):x}",
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
            "X-RateLimit-Scope": "user",
        }
    return Reply(429, body, headers)


def _server_error(status: int) -> Reply:
    body = {"message": _REASONS.get(status, f"{status}: Server Error"), "code": 0}
    return Reply(status, body)
