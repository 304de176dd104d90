"""The one HTTP client factory every tracker uses, and the retry/rate-limit rules around it.

:func:`build_client` makes an ``httpx.Client`` with mandatory timeouts, ``User-Agent:
Baton/<version>``, TLS verification always on, no redirects (a custom auth header must never
follow a redirect to another host) and no cookie jar (a tracker's session cookie is not ours to
keep). :class:`HttpSession` sends requests through it and turns every outcome into either a
response (2xx, 304) or one of :mod:`sync.errors`:

- transport failures (connect, DNS, TLS, timeouts) → retried, then :class:`~sync.errors.Offline`;
- 5xx → retried, then :class:`~sync.errors.Unavailable`;
- 429, or 403 with ``X-RateLimit-Remaining: 0`` / ``Retry-After`` → a wait of at most
  ``RetryPolicy.max_inline_wait`` seconds is honoured in place, a longer one raises
  :class:`~sync.errors.RateLimited` with ``retry_at``;
- 401 → :class:`~sync.errors.Unauthorized`; other 4xx and 3xx → :class:`~sync.errors.Rejected`
  with the tracker's own message.

Retries use stamina (exponential backoff with jitter). Only ``GET``/``HEAD`` are retried after
the request may have reached the server (read timeouts, 5xx): a ``POST`` or ``PUT`` that timed out
may have been applied, so it is retried only when the connection was never made; the sync engine
then *finds* the earlier write (by the handoff UUID) before writing again.

Sources: ``Retry-After`` — RFC 9110 §10.2.3 (seconds or an HTTP-date); 429 — RFC 6585 §4;
``X-RateLimit-Reset`` (epoch seconds) and 403 + ``X-RateLimit-Remaining: 0`` — GitHub REST docs,
"Rate limits for the REST API".
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx
import stamina
import stamina.instrumentation

from app import __version__
from sync.errors import MalformedResponse, Offline, RateLimited, Rejected, Unauthorized, Unavailable

log = logging.getLogger(__name__)

USER_AGENT = f"Baton/{__version__} (+https://github.com/baton-handoff/baton)"
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_DEFAULT_RATE_LIMIT_WAIT = timedelta(seconds=60)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one request is tried. Times in seconds: ``attempts`` in total within
    ``timeout``; backoff ``wait_initial · 2^(n-1) + random(0, wait_jitter)`` capped at
    ``wait_max`` (stamina's formula); a rate-limit wait up to ``max_inline_wait`` is slept
    through, a longer one is raised as :class:`~sync.errors.RateLimited`."""

    attempts: int = 4
    timeout: float = 30.0
    wait_initial: float = 0.3
    wait_max: float = 5.0
    wait_jitter: float = 0.5
    max_inline_wait: float = 5.0


class _Retry(Exception):
    """Internal: this attempt failed in a way worth another attempt; ``wait`` (seconds) is the
    server's requested delay, if it gave one."""

    def __init__(self, final: Exception, *, wait: float | None = None) -> None:
        super().__init__(str(final))
        self.final = final
        self.wait = wait


def _backoff_hook(error: Exception) -> bool | float:
    if not isinstance(error, _Retry):
        return False
    return error.wait if error.wait is not None else True


def _log_retry(details: stamina.instrumentation.RetryDetails) -> None:
    log.info(
        "retrying %s in %.1f s (attempt %d): %s",
        details.name,
        details.wait_for,
        details.retry_num,
        details.caused_by,
    )


def quiet_retries() -> None:
    """Make stamina log scheduled retries at INFO through this module (its default is WARNING,
    and retries are meant to be quiet). Idempotent; called by :func:`build_client`."""
    stamina.instrumentation.set_on_retry_hooks([_log_retry])


def build_client(
    *,
    base_url: str,
    headers: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout = DEFAULT_TIMEOUT,
) -> httpx.Client:
    """A client for one tracker at ``base_url`` (``http(s)://host[:port][/prefix]``).

    ``headers`` carry the tracker's auth header (the token goes only there, never into a URL).
    ``transport`` is for tests (``httpx.MockTransport``). TLS certificates are always verified.
    """
    quiet_retries()
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    all_headers.update(headers or {})
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        headers=all_headers,
        timeout=timeout,
        verify=True,
        follow_redirects=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        transport=transport,
    )


def tracker_message(response: httpx.Response) -> str:
    """The tracker's own explanation of a 4xx: Redmine's ``{"errors": ["…", …]}`` (REST API
    docs, "Validation errors"), GitHub's ``{"message": …, "errors": […]}``, or the reason."""
    try:
        data = response.json()
    except (ValueError, UnicodeDecodeError):
        data = None
    parts: list[str] = []
    if isinstance(data, dict):
        if isinstance(data.get("message"), str):
            parts.append(data["message"])
        errors = data.get("errors")
        if isinstance(errors, list):
            for error in errors:
                if isinstance(error, str):
                    parts.append(error)
                elif isinstance(error, dict) and isinstance(error.get("message"), str):
                    parts.append(error["message"])
    if not parts:
        parts.append(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    return "; ".join(parts)


def retry_at_from(response: httpx.Response, *, now: datetime) -> datetime | None:
    """When a rate-limited ``response`` says we may try again (aware UTC), from
    ``Retry-After`` (delay-seconds or HTTP-date) or ``X-RateLimit-Reset`` (epoch seconds);
    ``None`` if it says nothing usable."""
    value = response.headers.get("Retry-After")
    if value is not None:
        value = value.strip()
        if value.isdigit():
            return now + timedelta(seconds=int(value))
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is not None:
            return max(when.astimezone(UTC), now)
    reset = response.headers.get("X-RateLimit-Reset")
    if reset is not None and reset.strip().isdigit():
        return max(datetime.fromtimestamp(int(reset.strip()), UTC), now)
    return None


def _is_rate_limited(response: httpx.Response) -> bool:
    if response.status_code == 429:
        return True
    return response.status_code == 403 and (
        response.headers.get("X-RateLimit-Remaining") == "0" or "Retry-After" in response.headers
    )


class HttpSession:
    """Sends requests to one tracker with the retry and rate-limit rules of this module.

    ``now`` returns an aware UTC datetime (for rate-limit deadlines); ``sleep`` waits seconds
    (tests pass fakes). ``requests`` counts requests actually sent, retries included. Safe to
    use from one thread at a time.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        retry: RetryPolicy | None = None,
        now: Callable[[], datetime] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self._retry = retry or RetryPolicy()
        self._now = now or (lambda: datetime.now(UTC))
        self._sleep = sleep
        self.requests = 0

    def close(self) -> None:
        """Close the underlying connections."""
        self.client.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request (``url`` relative to the base URL); returns a 2xx or 304 response.

        Raises Offline, Unavailable, RateLimited, Unauthorized or Rejected (see the module
        docstring); never an ``httpx`` exception.
        """
        policy = self._retry
        method = method.upper()
        try:
            for attempt in stamina.retry_context(
                on=_backoff_hook,
                attempts=policy.attempts,
                timeout=policy.timeout,
                wait_initial=policy.wait_initial,
                wait_max=policy.wait_max,
                wait_jitter=policy.wait_jitter,
            ):
                with attempt:
                    return self._attempt(
                        method, url, params=params, json_body=json_body, content=content, headers=headers
                    )
        except _Retry as exhausted:
            raise exhausted.final from None
        raise AssertionError("unreachable: stamina either returns or raises")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None,
        json_body: Any,
        content: bytes | None,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        safe = method in _SAFE_METHODS
        where = f"{self.client.base_url.host}"
        self.requests += 1
        started = time.monotonic()
        try:
            response = self.client.request(
                method, url, params=params, json=json_body, content=content, headers=headers
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise _Retry(Offline(f"cannot reach {where} ({_reason(error)})")) from None
        except httpx.TimeoutException as error:
            offline = Offline(f"{where} did not answer in time ({_reason(error)})")
            if safe:
                raise _Retry(offline) from None
            raise offline from None
        except httpx.TransportError as error:
            offline = Offline(f"connection to {where} failed ({_reason(error)})")
            if safe:
                raise _Retry(offline) from None
            raise offline from None
        log.debug(
            "%s %s → %d (%.0f ms)",
            method,
            response.request.url.path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return self._classify(response, method=method, safe=safe, where=where)

    def _classify(self, response: httpx.Response, *, method: str, safe: bool, where: str) -> httpx.Response:
        status = response.status_code
        if 200 <= status < 300 or status == 304:
            return response
        if _is_rate_limited(response):
            now = self._now()
            until = retry_at_from(response, now=now) or now + _DEFAULT_RATE_LIMIT_WAIT
            limited = RateLimited(f"{where} is rate limiting Baton until {until:%H:%M} UTC", retry_at=until)
            limit_wait = (until - now).total_seconds()
            if limit_wait <= self._retry.max_inline_wait:
                raise _Retry(limited, wait=max(limit_wait, 0.0))
            raise limited
        if status >= 500:
            unavailable = Unavailable(f"{where} has a server problem (HTTP {status})")
            wait: float | None = None
            retry_at = retry_at_from(response, now=self._now())
            if retry_at is not None:
                wait = min((retry_at - self._now()).total_seconds(), self._retry.max_inline_wait)
            if safe:
                raise _Retry(unavailable, wait=wait)
            raise unavailable
        if status == 401:
            raise Unauthorized(f"{where} refused the token (HTTP 401): sign in again")
        if 300 <= status < 400:
            target = response.headers.get("Location", "another address")
            raise Rejected(f"{where} redirects to {target}; use that address", status=status)
        raise Rejected(tracker_message(response), status=status)


def json_of(response: httpx.Response) -> Any:
    """The parsed JSON body; raises :class:`~sync.errors.MalformedResponse` on invalid or
    truncated JSON (never ``ValueError``)."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as error:
        path = response.request.url.path
        raise MalformedResponse(
            f"{response.request.url.host} sent invalid JSON for {path} ({type(error).__name__}: "
            f"{str(error)[:80]})"
        ) from None


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text[:120]
