"""Business verbs on API credentials: personal access tokens and webhook endpoints. Each is
atomic and audited (a credential made or revoked is a state change on the organisation's
behalf), in the chain of the hat it belongs to. Secrets never reach the audit log."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.events import Event
from access.hats import roles_for
from access.models import ActingAs, AuditEventType
from access.roles import RoleKind
from api import webhooks
from api.models import ApiToken, TokenScope, WebhookDelivery, WebhookEndpoint, WebhookEvent
from api.tokens import DEFAULT_DAYS, MAX_DAYS, hash_token
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

MAX_ENDPOINTS = 20


def _event(type, *, actor, role, target, changes) -> Event:
    """An audit event in the chain of `role`'s organisation (or the creator's own); a hat that
    no longer exists leaves it in the platform's chain."""
    kinds = {RoleKind.AGENCY: ActingAs.AGENCY, RoleKind.BRAND: ActingAs.BRAND}
    return Event(
        type=type,
        actor=actor,
        acting_as=kinds.get(role.kind, ActingAs.CREATOR) if role else ActingAs.USER,
        agency=role.agency if role else None,
        brand=role.brand if role else None,
        on_behalf_of=role.creator if role else None,
        target=target,
        changes=changes,
    )


def _token_label(token) -> str:
    return f"td_{token.prefix}_… ({token.name}, {token.scope}, {token.role_name})"


def create_token(user, *, name: str, scope: str, role_key: str, days: int = DEFAULT_DAYS):
    """A new token for one of `user`'s hats; returns (token, raw): raw is shown once."""
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
        changes = {"token": [None, _token_label(token)], "expires": token.expires_at}
        publish(
            _event(
                AuditEventType.TOKEN_CREATED, actor=user, role=role, target=token, changes=changes
            )
        )
    return token, raw


def revoke_token(token, *, actor) -> bool:
    """The token stops working at once (every request re-checks it); False if it was revoked
    already."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            role = next((r for r in roles_for(token.user) if r.key == token.role_key), None)
            changes = {"token": [_token_label(token), None]}
            publish(
                _event(
                    AuditEventType.TOKEN_REVOKED,
                    actor=actor,
                    role=role,
                    target=token,
                    changes=changes,
                )
            )
    return bool(revoked)


def create_endpoint(role, *, actor, url: str, events: list[str]) -> WebhookEndpoint:
    """An owner or admin registers a receiver of the organisation's deal events; its signing
    secret is shown once. The address is checked (public, https) now and at every delivery."""
    url = url.strip()
    problem = webhooks.refused_host(url)
    if problem:
        raise ActionError(problem, field="url")
    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        raise ActionError(_("Choose at least one event from the list."), field="events")
    with transaction.atomic():
        if webhooks.endpoints_of(role).count() >= MAX_ENDPOINTS:
            raise ActionError(_("At most 20 endpoints: remove one first."), field="url")
        owner = {"agency": role.agency} if role.kind == RoleKind.AGENCY else {"brand": role.brand}
        endpoint = WebhookEndpoint.objects.create(
            url=url,
            events=sorted(set(events)),
            secret=f"whsec_{secrets.token_urlsafe(32)}",
            created_by=actor,
            **owner,
        )
        changes = {"url": [None, endpoint.url], "events": [None, endpoint.events]}
        publish(
            _event(
                AuditEventType.WEBHOOK_CREATED,
                actor=actor,
                role=role,
                target=endpoint,
                changes=changes,
            )
        )
    return endpoint


def delete_endpoint(endpoint, *, role, actor) -> None:
    """The endpoint and its delivery log go; audited with the address it had."""
    with transaction.atomic():
        changes = {"url": [endpoint.url, None], "events": [endpoint.events, None]}
        publish(
            _event(
                AuditEventType.WEBHOOK_DELETED,
                actor=actor,
                role=role,
                target=endpoint,
                changes=changes,
            )
        )
        endpoint.delete()


def resend_delivery(delivery, *, role, actor) -> WebhookDelivery:
    """A new attempt series for the same event (same event id), logged as its own row."""
    with transaction.atomic():
        copy = webhooks.resend(delivery)
        changes = {"event": delivery.event, "event_id": str(delivery.event_id)}
        publish(
            _event(
                AuditEventType.WEBHOOK_RESENT,
                actor=actor,
                role=role,
                target=delivery.endpoint,
                changes=changes,
            )
        )
    return copy
