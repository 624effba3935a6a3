"""`Idempotency-Key` on creating requests (POST) of the API: the first response is stored and
replayed to retries of the same body by the same caller; the same key with another body is
refused (422), and a retry while the first is still running gets 409 (RELIABILITY MC-3)."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from api import tokens
from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"


def _json(status: int, code: str, message: str) -> HttpResponse:
    body = json.dumps({"code": code, "message": message, "fields": {}})
    return HttpResponse(body, status=status, content_type="application/json")


def _principal(request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        found = tokens.authenticate(auth[7:].strip())
        return f"token:{found[0].pk}" if found else None
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None


def _fingerprint(request) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        for name, value in sorted(request.POST.lists()):
            digest.update(f"{name}={value}\n".encode())
        for name, upload in sorted(request.FILES.items()):
            digest.update(f"{name}:{upload.name}:{upload.size}\n".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not key.strip() or len(key) > 255:
            return _json(400, "bad_request", "Idempotency-Key is 1 to 255 characters.")
        principal = _principal(request)
        if principal is None:
            return self.get_response(request)  # the API answers 401
        fingerprint = _fingerprint(request)
        # The claim, the request's work and its stored answer commit together: a process killed
        # mid-request (or a database lost) leaves neither a half-done write nor a claim that
        # would answer 409 forever; a concurrent retry waits for the first on the key's unique
        # index, then replays its answer (issue 21, `make faults`).
        with transaction.atomic():
            record, replay = self._claim(principal, key, fingerprint)
            if replay is not None:
                return replay
            response = self.get_response(request)
            if response.status_code >= 500:  # a failure is not an answer: a retry runs again
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "body"])
        return response

    def _claim(self, principal, key, fingerprint):
        horizon = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_HOURS)
        IdempotencyRecord.objects.filter(
            principal=principal, key=key, created_at__lt=horizon
        ).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    principal=principal, key=key, fingerprint=fingerprint
                )
            return record, None
        except IntegrityError:
            pass
        first = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
        if first is None:  # removed meanwhile (the first request failed): try once more
            return self._claim(principal, key, fingerprint)
        if first.fingerprint != fingerprint:
            return None, _json(
                422, "idempotency_key_reused", "This Idempotency-Key was used with another request."
            )
        if first.status_code is None:
            return None, _json(
                409,
                "idempotency_in_flight",
                "The first request with this Idempotency-Key is still running.",
            )
        replay = HttpResponse(
            bytes(first.body),
            status=first.status_code,
            content_type=first.content_type or "application/json",
        )
        replay["Idempotent-Replayed"] = "true"
        return None, replay


def prune() -> int:
    horizon = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_HOURS)
    return IdempotencyRecord.objects.filter(created_at__lt=horizon).delete()[0]
