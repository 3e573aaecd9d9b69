"""Sending the outbox: sign each delivery, POST it, record what the receiver said. Run by the
scheduled job (manage.py send_webhooks) or as a loop (send_webhooks --loop) in production."""

from __future__ import annotations

import functools
import hashlib
import hmac
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from integrations import selectors, services
from integrations.models import WebhookDelivery

SIGNATURE_HEADER = "X-Samverkan-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what the receiver recomputes to trust a delivery."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None) -> bool:
    """The receiver's side, also used by the tests: fresh timestamp, matching signature."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A receiver answering with a redirect has not taken the delivery; following it could send a
    # signed body somewhere nobody subscribed.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@functools.lru_cache(maxsize=4)
def _opener(cafile: str) -> urllib.request.OpenerDirector:
    # Loading the CA bundle costs milliseconds of CPU: one context per bundle, shared by all sends.
    context = ssl.create_default_context(cafile=cafile or None)
    return urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))


def post(delivery: WebhookDelivery) -> Outcome:
    body = delivery.body.encode()
    endpoint = delivery.endpoint
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked when the endpoint is saved
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Samverkan-Webhooks/1",
            "X-Samverkan-Event": delivery.event,
            "X-Samverkan-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature_header(endpoint.secret, body),
        },
    )
    opener = _opener(settings.INTEGRATIONS_WEBHOOK_CA_FILE or "")
    started = time.monotonic()
    try:
        with opener.open(request, timeout=settings.INTEGRATIONS_WEBHOOK_TIMEOUT) as response:
            excerpt = response.read(500).decode("utf-8", "replace")
            code = response.status
            error = ""
    except urllib.error.HTTPError as failure:
        code = failure.code
        excerpt = failure.read(500).decode("utf-8", "replace") if failure.fp else ""
        error = f"HTTP {failure.code}"
    except (urllib.error.URLError, OSError, ValueError) as failure:
        code = None
        excerpt = ""
        reason = getattr(failure, "reason", failure)
        error = f"{type(reason).__name__}: {reason}"
    return Outcome(code, error, excerpt, int((time.monotonic() - started) * 1000))


def send_due(*, limit: int = 500, workers: int | None = None) -> tuple[int, int]:
    """One round: every due delivery of an unpaused endpoint gets one try. Returns (sent, failed).

    The POSTs run in parallel threads that touch no database (the endpoint is fetched with the
    delivery); what they learn is recorded afterwards in one transaction for the round."""
    due = list(selectors.due_deliveries(limit=limit))
    if not due:
        return 0, 0
    workers = workers or settings.INTEGRATIONS_WEBHOOK_WORKERS
    with ThreadPoolExecutor(max_workers=min(workers, len(due))) as pool:
        outcomes = list(pool.map(post, due))
    attempts = services.record_attempts(
        results=[
            services.AttemptResult(
                item, outcome.status_code, outcome.error, outcome.excerpt, outcome.duration_ms
            )
            for item, outcome in zip(due, outcomes, strict=True)
        ]
    )
    sent = sum(1 for attempt in attempts if attempt.ok)
    return sent, len(attempts) - sent
