"""Business verbs on deliverables. Each locks the deal's offer and then the deliverable (the lock
order of every action on a deal), takes its step through the deliverable workflow
(`deliverables.transitions.DELIVERABLES`, which refuses any move once the deal stopped running
and publishes the event the audit log, notifications and webhooks subscribe to). Callers
fetched the deliverable through `deliverables.queries.get_deliverable_for_user`."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.models import AuditEventType
from campaigns.models import Offer
from deliverables import disclosure
from deliverables.models import Deliverable, Draft, Feedback
from deliverables.transitions import (
    DELIVERABLES,
    REVIEW_STEPS,
    DeliverableStatus,
    FeedbackKind,
    deliverable_event,
    may_review,
)
from deliverables.uploads import content_type_of, discard, store
from talentdesk.lib.actors import account_of
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

TIKTOK_VIDEO = re.compile(
    r"^https://(www\.)?tiktok\.com/@(?P<handle>[\w.]+)/video/(?P<id>\d{8,25})/?(\?.*)?$"
)
MAX_VIEWS = 10**15  # more than any video has had: a larger figure is a typo


def generate_for(offer) -> list[Deliverable]:
    """One deliverable per unit of each accepted terms line (when the contract is sealed)."""
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


def _locked(deliverable) -> Deliverable:
    """The deliverable, locked after its offer: the offer's status read here is current."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("campaign__brand", "creator")
        .get(pk=deliverable.offer_id)
    )
    locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    locked.offer = offer
    return locked


def submit_draft(deliverable, *, role, actor, upload=None, link="", caption="", notes="") -> Draft:
    """A new version: a checked file or a link. After changes were requested it uses a round."""
    if upload is None and not link:
        raise ActionError(_("Attach a file or give a link."), field="file")
    kind = content_type_of(upload) if upload is not None else ""
    with transaction.atomic():
        deliverable = _locked(deliverable)
        DELIVERABLES.check("submit_draft", role, deliverable)
        number = deliverable.drafts.count() + 1
        draft = Draft(
            deliverable=deliverable,
            number=number,
            link=link,
            caption=caption,
            notes=notes,
            content_type=kind,
            submitted_by=actor,
            submitted_by_name=actor.name or actor.email,
            review_due=timezone.now() + timedelta(days=settings.DRAFT_REVIEW_DAYS),
        )
        stored = store(draft, upload) if upload is not None else ""
        try:
            draft.save()
            DELIVERABLES.move(
                deliverable, "submit_draft", role=role, actor=actor, changes={"draft": number}
            )
        except BaseException:
            if stored:  # the row is rolled back: so is its file
                discard(draft.file.storage, stored)
            raise
    return draft


def give_feedback(deliverable, *, role, actor, body: str, at_seconds=None, kind="comment"):
    """The brand comments on the latest draft (optionally at a time), requests changes within the
    agreed rounds, or approves."""
    kind = FeedbackKind(kind)
    with transaction.atomic():
        deliverable = _locked(deliverable)
        grant = DELIVERABLES.grant_for(role, deliverable)
        if not DELIVERABLES.is_open(deliverable):
            raise ActionError(DELIVERABLES.closed_message(deliverable), code="wrong_state")
        if not may_review(role, deliverable, grant):
            raise ActionError(_("Only the brand reviews drafts."), code="not_allowed")
        draft = deliverable.drafts.order_by("-number").first()
        if draft is None:
            raise ActionError(_("There is no draft to review yet."))
        Feedback.objects.create(
            draft=draft,
            author=account_of(actor),
            author_name=actor.name or actor.email,
            kind=kind,
            body=body,
            at_seconds=at_seconds,
        )
        step = REVIEW_STEPS.get(kind)
        if step is None:
            changes = {"draft": draft.number}
            publish(
                deliverable_event(
                    deliverable,
                    AuditEventType.FEEDBACK_GIVEN,
                    role=role,
                    actor=actor,
                    changes=changes,
                )
            )
            return deliverable
        DELIVERABLES.check(step, role, deliverable, grant)
        if step == "request_changes":
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
        DELIVERABLES.move(
            deliverable,
            step,
            role=role,
            actor=actor,
            grant=grant,
            changes={"draft": draft.number},
            fields=("rounds_used",),
        )
    return deliverable


def deem_approvals(now=None) -> int:
    """Drafts the brand did not review within the window are approved, with a notice to both;
    none on a deal that stopped running."""
    now = now or timezone.now()
    count = 0
    due = Deliverable.objects.filter(
        status=DeliverableStatus.DRAFT_SUBMITTED, drafts__review_due__lte=now
    )
    for pk in due.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            deliverable = _locked(Deliverable.objects.only("offer_id").get(pk=pk))
            draft = deliverable.drafts.order_by("-number").first()
            if not DELIVERABLES.allows("deem_approved", None, deliverable):
                continue
            if draft.review_due > now:
                continue
            DELIVERABLES.move(deliverable, "deem_approved", role=None, actor=None)
            count += 1
    return count


def mark_posted(
    deliverable, *, role, actor, url: str, first_views=None, caption: str = ""
) -> Deliverable:
    """The creator side gives the live video's address: a TikTok video of the creator's own
    handle (never another account's), with its first view count and the caption as posted.
    The video's id, read from the address, links the deliverable to her imported video of
    that id. A caption lacking what the brief requires (deliverables.disclosure) is flagged to
    both sides at once (DISCLOSURE_MISSING)."""
    match = TIKTOK_VIDEO.match(url or "")
    if match is None:
        raise ActionError(
            _(
                "Give the TikTok video's address, like "
                "https://www.tiktok.com/@handle/video/1234567890123456789."
            ),
            field="url",
        )
    if first_views is not None and not 0 <= first_views <= MAX_VIEWS:
        raise ActionError(_("Give the views as a number, as TikTok shows it."), field="first_views")
    with transaction.atomic():
        deliverable = _locked(deliverable)
        DELIVERABLES.check("mark_posted", role, deliverable)
        if match["handle"].casefold() != deliverable.offer.creator.handle:
            raise ActionError(
                _("This video is not on %(handle)s's account: give one of their own videos.")
                % {"handle": deliverable.offer.creator.at_handle},
                field="url",
            )
        deliverable.post_url, deliverable.first_views = url, first_views
        deliverable.video_id, deliverable.caption = match["id"], (caption or "").strip()
        deliverable.posted_at = timezone.now()
        DELIVERABLES.move(
            deliverable,
            "mark_posted",
            role=role,
            actor=actor,
            changes={"url": url},
            fields=("post_url", "first_views", "video_id", "caption", "posted_at"),
        )
        flag_disclosure(deliverable, role=role, actor=actor)
    return deliverable


def flag_disclosure(deliverable, *, role, actor) -> disclosure.Disclosure:
    """Check the posted caption against the brief; what it lacks is published (the audit row,
    and a notification to both sides). Called inside the locking action."""
    result = disclosure.check_deliverable(deliverable, disclosure.video_of(deliverable))
    if result.caption_source is not None and not result.ok:
        publish(
            deliverable_event(
                deliverable,
                AuditEventType.DISCLOSURE_MISSING,
                role=role,
                actor=actor,
                changes={
                    "missing": [
                        *result.missing_hashtags,
                        *result.missing_mentions,
                        *([] if result.ad_disclosed else ["#ad"]),
                    ]
                },
            )
        )
    return result


def verify(deliverable, *, role, actor) -> Deliverable:
    """The brand confirms the post."""
    with transaction.atomic():
        deliverable = _locked(deliverable)
        DELIVERABLES.move(deliverable, "verify", role=role, actor=actor)
    return deliverable
