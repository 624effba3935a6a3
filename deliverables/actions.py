"""Business verbs on deliverables. Each locks the deliverable, checks the transition table,
audits in the creator's chain and notifies the other side."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access import audit
from access.models import ActingAs, AuditEventType, Representation
from api import webhooks
from deliverables.models import Deliverable, Draft, Feedback
from deliverables.transitions import TRANSITIONS, allowed
from deliverables.uploads import content_type_of
from messaging.actions import notify_offer
from talentdesk.lib.errors import ActionError

TIKTOK_VIDEO = re.compile(r"^https://(www\.)?tiktok\.com/@[\w.]+/video/\d{8,25}/?(\?.*)?$")


def generate_for(offer) -> list[Deliverable]:
    """One deliverable per unit of each accepted terms line (call when the contract is sealed)."""
    terms = offer.versions.get(number=offer.version)
    rows, number = [], 0
    for line in terms.deliverables:
        for _unit in range(int(line["count"])):
            number += 1
            rows.append(
                Deliverable(
                    offer=offer,
                    kind=line["type"],
                    number=number,
                    due_date=date.fromisoformat(line["due"]),
                    requirements=line.get("requirements", ""),
                    rounds_allowed=terms.revision_rounds,
                )
            )
    return Deliverable.objects.bulk_create(rows)


def representation_for(role, offer):
    if role is None or role.kind != "agency":
        return None
    return Representation.objects.active().filter(agency=role.agency, creator=offer.creator).first()


def _locked(deliverable) -> Deliverable:
    return (
        Deliverable.objects.select_for_update()
        .select_related("offer__campaign__brand", "offer__creator")
        .get(pk=deliverable.pk)
    )


def _check(verb, role, deliverable):
    if not allowed(verb, role, deliverable, representation_for(role, deliverable.offer)):
        if deliverable.status not in TRANSITIONS[verb][0]:
            raise ActionError(
                _("This deliverable is now “%(status)s”: that is no longer possible.")
                % {"status": deliverable.status_label},
                code="wrong_state",
            )
        raise ActionError(
            _("You are not allowed to do this on this deliverable."), code="not_allowed"
        )


def _record(event, deliverable, role, actor, changes):
    offer = deliverable.offer
    webhooks.emit(event, offer, deliverable)
    side = "system" if role is None else ("brand" if role.kind == "brand" else "creator_side")
    if side == "system":
        notify_offer(offer, event, actor=None, acting_side="brand")
        notify_offer(offer, event, actor=None, acting_side="creator_side")
    else:
        notify_offer(offer, event, actor=actor, acting_side=side)
    audit.record(
        event,
        actor=actor,
        acting_as=ActingAs.OPERATOR
        if role is None
        else {"brand": ActingAs.BRAND, "agency": ActingAs.AGENCY}.get(role.kind, ActingAs.CREATOR),
        brand=offer.campaign.brand,
        agency=role.agency if role is not None and role.kind == "agency" else None,
        on_behalf_of=offer.creator,
        target=deliverable,
        target_label=f"{offer.campaign.name} #{deliverable.number} ({offer.creator.at_handle})",
        changes=changes,
    )


def _move(deliverable, verb):
    old = deliverable.status
    deliverable.status = TRANSITIONS[verb][1]
    deliverable.updated_at = timezone.now()
    return {"status": [old, deliverable.status]}


def submit_draft(deliverable, *, role, actor, upload=None, link="", caption="", notes="") -> Draft:
    """A new version: a checked file or a link. After changes were requested it uses a round."""
    if upload is None and not link:
        raise ActionError(_("Attach a file or give a link."), field="file")
    kind = content_type_of(upload) if upload is not None else ""
    with transaction.atomic():
        deliverable = _locked(deliverable)
        _check("submit_draft", role, deliverable)
        number = deliverable.drafts.count() + 1
        review_due = timezone.now() + timedelta(days=settings.DRAFT_REVIEW_DAYS)
        draft = Draft(
            deliverable=deliverable,
            number=number,
            link=link,
            caption=caption,
            notes=notes,
            content_type=kind,
            submitted_by=actor,
            submitted_by_name=actor.name or actor.email,
            review_due=review_due,
        )
        if upload is not None:
            draft.file.save("draft", upload, save=False)
        draft.save()
        changes = _move(deliverable, "submit_draft") | {"draft": number}
        deliverable.save()
        _record(AuditEventType.DRAFT_SUBMITTED, deliverable, role, actor, changes)
    return draft


def give_feedback(deliverable, *, role, actor, body: str, at_seconds=None, kind="comment"):
    """The brand comments on the latest draft (optionally at a time), requests changes within the
    agreed rounds, or approves."""
    verb = {"changes": "request_changes", "approval": "approve"}.get(kind)
    with transaction.atomic():
        deliverable = _locked(deliverable)
        if (
            role is None
            or role.kind != "brand"
            or (role.brand.pk != deliverable.offer.campaign.brand_id)
        ):
            raise ActionError(_("Only the brand reviews drafts."), code="not_allowed")
        draft = deliverable.drafts.order_by("-number").first()
        if draft is None:
            raise ActionError(_("There is no draft to review yet."))
        changes = {}
        if verb is not None:
            _check(verb, role, deliverable)
            if verb == "request_changes":
                if deliverable.rounds_used >= deliverable.rounds_allowed:
                    raise ActionError(
                        _(
                            "All %(n)s agreed revision rounds are used: an extra round needs both "
                            "sides to agree (propose it in the offer's terms)."
                        )
                        % {"n": deliverable.rounds_allowed},
                        field="body",
                    )
                deliverable.rounds_used += 1
            changes = _move(deliverable, verb)
            deliverable.save()
        Feedback.objects.create(
            draft=draft,
            author=actor,
            author_name=actor.name or actor.email,
            kind=kind,
            body=body,
            at_seconds=at_seconds,
        )
        events = {
            "changes": AuditEventType.CHANGES_REQUESTED,
            "approval": AuditEventType.DRAFT_APPROVED,
        }
        event = events.get(kind, AuditEventType.FEEDBACK_GIVEN)
        _record(event, deliverable, role, actor, changes | {"draft": draft.number})
        _advance_offer(deliverable.offer)
    return deliverable


def deem_approvals(now=None) -> int:
    """Drafts the brand did not review within the window are approved, with a notice to both."""
    now = now or timezone.now()
    count = 0
    due = Deliverable.objects.filter(status="draft_submitted", drafts__review_due__lte=now)
    for pk in due.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            deliverable = _locked(Deliverable(pk=pk))
            draft = deliverable.drafts.order_by("-number").first()
            if deliverable.status != "draft_submitted" or draft.review_due > now:
                continue
            changes = _move(deliverable, "deem_approved")
            deliverable.save()
            _record(AuditEventType.DRAFT_DEEMED_APPROVED, deliverable, None, None, changes)
            _advance_offer(deliverable.offer)
            count += 1
    return count


def mark_posted(deliverable, *, role, actor, url: str, first_views=None) -> Deliverable:
    if not TIKTOK_VIDEO.match(url or ""):
        raise ActionError(
            _(
                "Give the TikTok video's address, like "
                "https://www.tiktok.com/@handle/video/1234567890123456789."
            ),
            field="url",
        )
    with transaction.atomic():
        deliverable = _locked(deliverable)
        _check("mark_posted", role, deliverable)
        deliverable.post_url, deliverable.first_views = url, first_views
        changes = _move(deliverable, "mark_posted") | {"url": url}
        deliverable.save()
        _record(AuditEventType.DELIVERABLE_POSTED, deliverable, role, actor, changes)
    return deliverable


def verify(deliverable, *, role, actor) -> Deliverable:
    with transaction.atomic():
        deliverable = _locked(deliverable)
        _check("verify", role, deliverable)
        changes = _move(deliverable, "verify")
        deliverable.save()
        _record(AuditEventType.DELIVERABLE_VERIFIED, deliverable, role, actor, changes)
        _advance_offer(deliverable.offer)
    return deliverable


def _advance_offer(offer):
    """The deal follows its deliverables: all approved → posting; all verified → completed."""
    from campaigns.models import Offer

    statuses = set(offer.deliverables.values_list("status", flat=True))
    target = None
    if statuses and statuses <= {"verified"}:
        target = "completed"
    elif statuses and statuses <= {"approved", "posted", "verified"}:
        target = "posting"
    if target and offer.status in ("in_progress", "posting") and offer.status != target:
        Offer.objects.filter(pk=offer.pk).update(status=target, updated_at=timezone.now())
