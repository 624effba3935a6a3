"""Deliverables, drafts and feedback; the offer's message thread."""

from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from api.core import Page, PageQuery, paginate, responses
from api.schemas import (
    DeliverableDetailOut,
    DeliverableOut,
    DraftIn,
    FeedbackIn,
    MessageIn,
    MessageOut,
    PostedIn,
)
from campaigns.queries import get_offer_for_user
from deliverables import actions
from deliverables.models import Deliverable, Draft, Feedback
from deliverables.queries import get_deliverable_for_user
from deliverables.transitions import DELIVERABLES, FeedbackKind
from messaging import actions as messaging
from messaging.models import Message
from talentdesk.lib.errors import ActionError

router = Router(tags=["content"])


def deliverable_out(d) -> dict:
    return {
        "id": d.public_id,
        "offer": d.offer.public_id,
        "kind": d.kind,
        "number": d.number,
        "due_date": d.due_date,
        "requirements": d.requirements,
        "status": d.status,
        "rounds_used": d.rounds_used,
        "rounds_allowed": d.rounds_allowed,
        "post_url": d.post_url,
        "first_views": d.first_views,
    }


def _detail(request, deliverable) -> dict:
    d = (
        Deliverable.objects.select_related("offer__campaign__brand", "offer__creator")
        .prefetch_related(
            Prefetch("drafts", Draft.objects.order_by("number")),
            Prefetch("drafts__feedback", Feedback.objects.order_by("created_at", "id")),
        )
        .get(pk=deliverable.pk)
    )
    drafts = [
        {
            "number": dr.number,
            "link": dr.link,
            "has_file": bool(dr.file),
            "content_type": dr.content_type,
            "caption": dr.caption,
            "notes": dr.notes,
            "submitted_by": dr.submitted_by_name,
            "submitted_at": dr.submitted_at,
            "review_due": dr.review_due,
            "feedback": [
                {
                    "author": f.author_name,
                    "kind": f.kind,
                    "body": f.body,
                    "at_seconds": f.at_seconds,
                    "created_at": f.created_at,
                }
                for f in dr.feedback.all()
            ],
        }
        for dr in d.drafts.all()
    ]
    verbs = DELIVERABLES.verbs_for(request.role, d)
    return deliverable_out(d) | {"drafts": drafts, "allowed_actions": verbs}


@router.get("/offers/{offer_id}/deliverables", response=responses(200, list[DeliverableOut]))
def list_deliverables(request, offer_id: UUID):
    """The deliverables of a signed offer, in order."""
    offer = get_offer_for_user(request.role, offer_id)
    rows = offer.deliverables.select_related("offer").order_by("number")
    return [deliverable_out(d) for d in rows]


@router.get("/deliverables/{deliverable_id}", response=responses(200, DeliverableDetailOut))
def get_deliverable(request, deliverable_id: UUID):
    """One deliverable with every draft version and the brand's feedback on each."""
    return _detail(request, get_deliverable_for_user(request.role, deliverable_id))


def _check_link(link: str) -> str:
    try:
        URLValidator(schemes=["https", "http"])(link)
    except DjangoValidationError:
        raise ActionError("Give a full web address (https://…).", field="link") from None
    return link


@router.post("/deliverables/{deliverable_id}/drafts", response=responses(201, DeliverableDetailOut))
def submit_draft_link(request, deliverable_id: UUID, payload: DraftIn):
    """A new draft version given as a link (files: the /upload variant, multipart)."""
    deliverable = get_deliverable_for_user(request.role, deliverable_id)
    actions.submit_draft(
        deliverable,
        role=request.role,
        actor=request.user,
        link=_check_link(payload.link),
        caption=payload.caption,
        notes=payload.notes,
    )
    return Status(201, _detail(request, deliverable))


@router.post(
    "/deliverables/{deliverable_id}/drafts/upload", response=responses(201, DeliverableDetailOut)
)
def submit_draft_file(request, deliverable_id: UUID, file: File[UploadedFile]):
    """A new draft version as a file (MP4, MOV, WebM, PNG, JPEG), checked by its content. The
    upload carries the file only: in multipart every field is text, so typed fields could not
    be checked against the schema; write the caption in the thread or use a link draft."""
    deliverable = get_deliverable_for_user(request.role, deliverable_id)
    if getattr(request, "upload_too_large", False):
        raise ActionError("The file is larger than the upload limit.", field="file")
    actions.submit_draft(deliverable, role=request.role, actor=request.user, upload=file)
    return Status(201, _detail(request, deliverable))


@router.post(
    "/deliverables/{deliverable_id}/feedback", response=responses(200, DeliverableDetailOut)
)
def give_feedback(request, deliverable_id: UUID, payload: FeedbackIn):
    """The brand comments on the latest draft (at a time in the video if given), requests
    changes within the agreed rounds, or approves."""
    deliverable = get_deliverable_for_user(request.role, deliverable_id)
    if payload.kind != FeedbackKind.APPROVAL and not payload.body.strip():
        raise ActionError("Write what should change.", field="body")
    actions.give_feedback(
        deliverable,
        role=request.role,
        actor=request.user,
        body=payload.body,
        at_seconds=payload.at_seconds,
        kind=payload.kind,
    )
    return _detail(request, deliverable)


@router.post("/deliverables/{deliverable_id}/posted", response=responses(200, DeliverableDetailOut))
def mark_posted(request, deliverable_id: UUID, payload: PostedIn):
    """The creator side gives the TikTok video's address once it is live."""
    deliverable = get_deliverable_for_user(request.role, deliverable_id)
    actions.mark_posted(
        deliverable,
        role=request.role,
        actor=request.user,
        url=payload.url,
        first_views=payload.first_views,
    )
    return _detail(request, deliverable)


@router.post("/deliverables/{deliverable_id}/verify", response=responses(200, DeliverableDetailOut))
def verify(request, deliverable_id: UUID):
    """The brand confirms the post."""
    deliverable = get_deliverable_for_user(request.role, deliverable_id)
    actions.verify(deliverable, role=request.role, actor=request.user)
    return _detail(request, deliverable)


def message_out(m) -> dict:
    return {
        "id": m.pk,
        "side": m.side,
        "author": m.author_name,
        "body": m.body,
        "has_attachment": bool(m.attachment),
        "created_at": m.created_at,
    }


@router.get("/offers/{offer_id}/messages", response=responses(200, Page[MessageOut]))
def list_messages(request, offer_id: UUID, page: Query[PageQuery]):
    """The offer's thread, oldest first."""
    offer = get_offer_for_user(request.role, offer_id)
    qs = Message.objects.filter(offer=offer).order_by("created_at", "id")
    return paginate(request, qs, page, lambda rows: [message_out(m) for m in rows])


@router.post("/offers/{offer_id}/messages", response=responses(201, MessageOut))
def post_message(request, offer_id: UUID, payload: MessageIn):
    """Write in the thread (brand members, the creator, managers with `message_brands`)."""
    offer = get_offer_for_user(request.role, offer_id)
    message = messaging.post_message(
        offer, role=request.role, actor=request.user, body=payload.body
    )
    return Status(201, message_out(message))
