""" "Download my data": what a user's copy holds, and how the zip is made.

`request_data_export` (the one business verb, audited) queues `tasks.build_data_export`,
which calls `write_zip` and mails the owner a link. The zip holds `data.json` (the user's own rows,
as `django.core.serializers` writes them) and the files the user uploaded, under `files/`.
"""

import io
import json
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEvent, AuditEventType, Representation, SecurityEvent
from accounts.models import DataExport, DataExportStatus, User
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

# Fields a copy never carries: secrets, and hashes that only serve to check them.
SECRET_FIELDS = {"password", "token_hash", "hash", "secret", "key"}


def request_data_export(user: User, *, actor: User, base_url: str) -> DataExport:
    """Queue a copy of `user`'s data; one at a time. Only the user themself asks (the view
    passes request.user)."""
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # two clicks make one export
        if DataExport.objects.filter(user=user, status=DataExportStatus.PENDING).exists():
            raise ActionError(_("Your copy is being prepared already. We will e-mail you."))
        export = DataExport.objects.create(user=user)
        publish(
            Event(
                type=AuditEventType.DATA_EXPORT_REQUESTED,
                actor=actor,
                acting_as=ActingAs.USER,
                target=export,
                target_label=str(_("Copy of my data")),
            )
        )
        from talentdesk.lifecycle.tasks import build_data_export

        transaction.on_commit(lambda: build_data_export.enqueue(export.pk, base_url))
    return export


def _rows(queryset, exclude=()) -> list[dict]:
    """Rows as `django.core.serializers` writes them, without secrets."""
    result = []
    for row in serializers.serialize("python", queryset):
        fields = {
            name: value
            for name, value in row["fields"].items()
            if name not in SECRET_FIELDS and name not in exclude
        }
        result.append({"model": row["model"], "id": row["pk"], **fields})
    return result


def collect(user: User) -> tuple[dict, list[tuple[str, object]]]:
    """The user's own data as JSON-ready lists, and the uploaded files as (zip name, FieldFile).

    What the user is a party to: the account and its addresses, memberships, the creator
    profile with its handles, rates and representations, the offers made to that profile with
    their terms, messages, deliverables, drafts, feedback, contracts and invoices, messages and
    drafts the user wrote elsewhere, notifications, API tokens (without their secret), and the
    audit and security rows about the account."""
    from agencies.models import AgencyMembership
    from api.models import ApiToken
    from brands.models import BrandMembership
    from campaigns.models import Contract, Offer, Signature, TermsVersion
    from creators.models import CreatorHandle, CreatorProfile, Rate, RateChange
    from deliverables.models import Deliverable, Draft, Feedback
    from messaging.models import Message, Notification
    from money.models import Invoice, InvoiceLine

    profile = CreatorProfile.objects.filter(user=user).first()
    offers = Offer.objects.filter(creator=profile) if profile else Offer.objects.none()
    mine = Q(offer__in=offers)
    messages = Message.objects.filter(mine | Q(author=user)).order_by("created_at", "pk")
    drafts = Draft.objects.filter(Q(deliverable__offer__in=offers) | Q(submitted_by=user))
    drafts = drafts.order_by("submitted_at", "pk")
    data = {
        "format": "talentdesk data export, version 1",
        "exported_at": timezone.now().isoformat(),
        "account": _rows(User.objects.filter(pk=user.pk), exclude={"groups", "user_permissions"}),
        "email_addresses": _email_addresses(user),
        "second_factors": _second_factors(user),
        "agency_memberships": _rows(AgencyMembership.objects.filter(user=user)),
        "brand_memberships": _rows(BrandMembership.objects.filter(user=user)),
        "api_tokens": _rows(ApiToken.objects.filter(user=user)),
        "notifications": _rows(Notification.objects.filter(user=user)),
        "messages": _rows(messages),
        "drafts": _rows(drafts),
        "feedback": _rows(Feedback.objects.filter(Q(draft__in=drafts) | Q(author=user))),
        "audit_events": _rows(
            AuditEvent.objects.filter(
                Q(actor=user) | Q(on_behalf_of=profile) if profile else Q(actor=user)
            ).order_by("created_at", "pk")
        ),
        "security_events": _rows(SecurityEvent.objects.filter(user=user)),
    }
    if profile is not None:
        data |= {
            "creator_profile": _rows(CreatorProfile.objects.filter(pk=profile.pk)),
            "other_handles": _rows(CreatorHandle.objects.filter(creator=profile)),
            "rates": _rows(Rate.objects.filter(creator=profile)),
            "rate_changes": _rows(RateChange.objects.filter(creator=profile)),
            "representations": _rows(Representation.objects.filter(creator=profile)),
            "offers": _rows(offers),
            "terms_versions": _rows(TermsVersion.objects.filter(offer__in=offers)),
            "deliverables": _rows(Deliverable.objects.filter(offer__in=offers)),
            "contracts": _rows(Contract.objects.filter(offer__in=offers)),
            "signatures": _rows(Signature.objects.filter(contract__offer__in=offers)),
            "invoices": _rows(Invoice.objects.filter(creator=profile)),
            "invoice_lines": _rows(InvoiceLine.objects.filter(invoice__creator=profile)),
        }
    files = []
    for draft in drafts.exclude(file=""):
        files.append((f"files/drafts/{draft.deliverable.public_id}/v{draft.number}", draft.file))
    for message in messages.exclude(attachment=""):
        name = f"files/attachments/{message.offer.public_id}/{message.pk}"
        files.append((name, message.attachment))
    return data, files


def _email_addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary"))


def _second_factors(user) -> list[dict]:
    """Which kinds of second factor the account has; never their secrets."""
    from allauth.mfa.models import Authenticator

    return [
        {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
        for a in Authenticator.objects.filter(user=user)
    ]


def write_zip(user: User) -> bytes:
    """The zip: data.json, then each uploaded file (a missing file is listed, not fatal)."""
    data, files = collect(user)
    buffer = io.BytesIO()
    missing = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, field in files:
            try:
                with field.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except (FileNotFoundError, OSError):
                missing.append(name)
        data["files"] = [name for name, _field in files if name not in missing]
        data["files_missing"] = missing
        text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        archive.writestr("data.json", text)
    return buffer.getvalue()


def build(export_id: int, base_url: str) -> DataExport | None:
    """Make the zip of a pending export, store it privately, and e-mail its link (the task)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExportStatus.PENDING:
        return export  # a second run of the task does nothing
    try:
        content = write_zip(export.user)
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExportStatus.FAILED)
        raise
    now = timezone.now()
    export.file.save("data.zip", ContentFile(content), save=False)
    export.size = len(content)
    export.status = DataExportStatus.READY
    export.completed_at = now
    export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
    export.save(update_fields=["file", "size", "status", "completed_at", "expires_at"])
    delete_old_copies(export.user, keep=export)
    send_ready_email(export, base_url + reverse("lifecycle:data-download", args=[export.public_id]))
    return export


def delete_old_copies(user: User, *, keep: DataExport | None = None) -> int:
    """Remove the stored zips of the user's other exports (one copy lives at a time)."""
    old = DataExport.objects.filter(user=user).exclude(file="")
    if keep is not None:
        old = old.exclude(pk=keep.pk)
    count = 0
    for export in old:
        export.file.delete(save=False)
        export.save(update_fields=["file"])
        count += 1
    return count


def delete_expired_copies(now=None) -> int:
    """Delete the stored zips whose link has expired (`talentdesk tick`; safe to run twice)."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.exclude(file="").filter(expires_at__lte=now):
        export.file.delete(save=False)
        export.save(update_fields=["file"])
        count += 1
    return count


def send_ready_email(export: DataExport, url: str) -> None:
    user = export.user
    with translation.override(user.language):
        context = {"user": user, "url": url, "expires_at": export.expires_at}
        subject = render_to_string("emails/data_export_subject.txt", context).strip()
        text = render_to_string("emails/data_export.txt", context)
        html = render_to_string("emails/data_export.html", context)
    send_mail(subject, text, None, [user.email], html_message=html)
