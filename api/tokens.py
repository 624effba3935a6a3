"""Personal access tokens: made, checked and revoked here, and nowhere else.

A token reads `td_<prefix>_<secret>`; only its SHA-256 is stored, the prefix stays visible so
owners can tell their tokens apart. Every request re-checks the token (revoked, expired) and the
hat it is limited to (a membership removed a second ago no longer works): no caching.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.roles import roles_for
from api.models import ApiToken, TokenScope
from talentdesk.lib.errors import ActionError

DEFAULT_DAYS = 90
MAX_DAYS = 365
LAST_USED_EVERY = timedelta(minutes=1)  # last-used time is written at most once a minute


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, *, name: str, scope: str, role_key: str, days: int = DEFAULT_DAYS):
    """A new token for one of `user`'s hats; returns (token, raw) — raw is shown once."""
    name = " ".join((name or "").split())[:100]
    if not name:
        raise ActionError(_("Give the token a name, e.g. the tool that will use it."), field="name")
    if scope not in TokenScope.values:
        raise ActionError(_("Choose read or write."), field="scope")
    if not 1 <= int(days) <= MAX_DAYS:
        raise ActionError(_("A token lasts between 1 and 365 days."), field="days")
    role = next((r for r in roles_for(user) if r.key == role_key), None)
    if role is None:
        raise ActionError(_("Choose one of your organisations."), field="role_key")
    prefix = secrets.token_hex(4)
    raw = f"td_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=prefix,
            token_hash=hash_token(raw),
            scope=scope,
            role_key=role.key,
            role_name=f"{role.name} ({role.kind_label})",
            expires_at=timezone.now() + timedelta(days=int(days)),
        )
    return token, raw


def revoke_token(token) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


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
