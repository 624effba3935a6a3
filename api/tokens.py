"""Personal access tokens: checked here (made and revoked by `api.actions`).

A token reads `td_<prefix>_<secret>`; only its SHA-256 is stored, the prefix stays visible so
owners can tell their tokens apart. Every request re-checks the token (revoked, expired) and the
hat it is limited to (a membership removed a second ago no longer works): no caching.
"""

import hashlib
from datetime import timedelta

from django.utils import timezone

from access.hats import roles_for
from api.models import ApiToken

DEFAULT_DAYS = 90
MAX_DAYS = 365
LAST_USED_EVERY = timedelta(minutes=1)  # last-used time is written at most once a minute


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def authenticate(raw: str):
    """(token, role) for a usable token whose hat still exists; None otherwise."""
    if not raw or not raw.startswith("td_") or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.usable().select_related("user").filter(token_hash=hash_token(raw)).first()
    )
    if token is None or not token.user.is_active:
        return None
    role = next((r for r in roles_for(token.user) if r.key == token.role_key), None)
    if role is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token, role
