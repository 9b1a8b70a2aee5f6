"""Spam refusal for anonymous requests without a third-party captcha: a honeypot field and a
limit of requests per address an hour (counted in the cache)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

#: Requests one address may file in an hour.
PER_HOUR = 5
#: Messages one address may send through status links in an hour.
REPLIES_PER_HOUR = 20
HONEYPOT = "website"


def address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request: HttpRequest, what: str = "requests", limit: int = PER_HOUR) -> bool:
    """Count this request against its address; False once the hour's limit is passed."""
    key = f"services.{what}:{address(request)}"
    cache.add(key, 0, 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60 * 60)
        count = 1
    return count <= limit


def is_trap(data: object) -> bool:
    """A robot filled the field people never see."""
    return bool(getattr(data, "get", lambda _k: "")(HONEYPOT))
