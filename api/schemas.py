"""What the API reads and writes. Inputs list their fields one by one (no mass assignment: the
owner, status, version and tenant of an object are never taken from a body). Money is a string
with its currency beside it (SPEC §9)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from money import amounts

Text = str


def _no_nul(value):
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("NUL characters cannot be stored.")
        if any("\ud800" <= char <= "\udfff" for char in value):
            # A lone surrogate ("\ud800" in JSON) is not a character: no database stores it.
            raise ValueError("This text holds an invalid character (a lone surrogate).")
    return value


class Clean(Schema):
    """Any input, query strings included: NUL bytes (PostgreSQL rejects them) and lone
    surrogates (no encoding has them) refused with a 422 naming the field."""

    @field_validator("*", mode="before")
    @classmethod
    def _text_is_storable(cls, value):
        if isinstance(value, list):
            return [_no_nul(v) for v in value]
        return _no_nul(value)


class Strict(Clean):
    """Request bodies: unknown keys refused too."""

    model_config = {"extra": "forbid"}


def money(value, currency: str) -> str | None:
    """`value` as a decimal string with its currency's decimal places (JPY none, EUR two);
    None stays None."""
    return None if value is None else f"{amounts.rounded(value, currency):f}"


def percent(value) -> str | None:
    return None if value is None else f"{value:.2f}"


# --- People -----------------------------------------------------------------------------------
class AgencyRef(Schema):
    slug: str
    name: str


class CreatorRef(Schema):
    id: UUID
    handle: str


class RepresentationOut(Schema):
    id: UUID
    agency: AgencyRef
    creator: CreatorRef
    status: str
    end_reason: str
    scopes: list[str]
    accept_ceiling: str | None
    accept_ceiling_currency: str
    lead_manager: str | None
    created_at: datetime


class ScopesIn(Strict):
    scopes: list[
        Literal[
            "view_insights",
            "manage_rates",
            "negotiate",
            "accept_offers",
            "message_brands",
            "manage_content",
            "view_earnings",
        ]
    ] = Field(..., max_length=7)
    accept_ceiling: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    accept_ceiling_currency: str = Field("", max_length=3)


class CreatorMetricsOut(Schema):
    """Null figures are unknown or withheld (the creator's `withheld` says which)."""

    as_of: date | None
    video_count: int | None
    median_views: float | None
    engagement_rate: float | None
    follower_growth_rate: float | None
    rate_from: str | None
    rate_currency: str


class CreatorOut(Schema):
    id: UUID
    handle: str
    handle_verified: bool = Field(
        ..., description="The creator proved with TikTok that the handle is theirs"
    )
    display_name: str
    country: str
    categories: list[str]
    languages: list[str]
    followers: int
    metrics: CreatorMetricsOut | None = Field(
        ..., description="Null when there are none yet, or when they are withheld (see withheld)"
    )
    withheld: dict[str, str] = Field(
        default_factory=dict,
        description="What the creator does not share with you, each with the reason: "
        '"metrics", "rates" (and "rate_from" inside metrics).',
        examples=[{"metrics": "The creator has not shared their insights with your agency."}],
    )


class RateOut(Schema):
    deliverable: str
    amount: str
    currency: str
    updated_at: datetime


class CreatorDetailOut(CreatorOut):
    bio: str
    rates: list[RateOut] = Field(..., description="Empty when withheld (see withheld)")


class WindowMetricsOut(Schema):
    handle: str
    window_start: date | None
    window_end: date | None
    video_count: int
    followers: int | None
    median_views: float | None
    average_views: float | None
    likes: int | None
    comments: int | None
    shares: int | None
    engagements: int | None
    engagement_rate: float | None
    six_second_view_rate: float | None
    completion_rate: float | None
    follower_growth_rate: float | None
    left_out: dict[str, int] = Field(
        default_factory=dict,
        description="Videos of the window left out of a metric because a count it needs is "
        "unknown (the source left it empty): `views` (median, average), `engagement`.",
    )


class AudienceOut(Schema):
    day: date
    source: str
    genders: dict[str, float]
    ages: dict[str, float]
    countries: dict[str, float]
    devices: dict[str, float]
    cities: dict[str, float]
    interests: dict[str, float]


# --- Deals ------------------------------------------------------------------------------------
class CampaignOut(Schema):
    id: UUID
    name: str
    description: str
    objective: str
    category: str | None
    target_countries: list[str]
    target_genders: list[str]
    target_ages: list[str]
    budget: str
    currency: str
    usage_days: int
    exclusivity_days: int
    starts_on: date
    ends_on: date
    created_at: datetime


class CampaignIn(Strict):
    name: str = Field(..., min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    objective: str = Field("", max_length=200)
    category: str | None = Field(None, max_length=50)
    target_countries: list[str] = Field(default_factory=list, max_length=50)
    target_genders: list[str] = Field(default_factory=list, max_length=3)
    target_ages: list[str] = Field(default_factory=list, max_length=10)
    budget: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(..., min_length=3, max_length=3)
    requirements: str = Field("", max_length=5000)
    usage_days: int = Field(30, ge=0, le=3650)
    exclusivity_days: int = Field(0, ge=0, le=3650)
    starts_on: date
    ends_on: date


class DeliverableLine(Strict):
    type: Literal["video", "series_3", "live", "carousel", "usage_30d", "exclusivity"]
    count: int = Field(1, ge=1, le=10)
    due: date
    requirements: str = Field("", max_length=500)


class Milestone(Strict):
    percent: int = Field(..., ge=1, le=100)
    on: Literal["signature", "draft_approved", "posted", "verified"]


class TermsIn(Strict):
    price: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(..., min_length=3, max_length=3)
    deliverables: list[DeliverableLine] = Field(..., min_length=1, max_length=10)
    upfront_pct: Decimal = Field(Decimal(0), ge=0, le=100, max_digits=5, decimal_places=2)
    milestones: list[Milestone] = Field(default_factory=list, max_length=5)
    net_days: int = Field(30, ge=0, le=365)
    usage_days: int = Field(30, ge=0, le=3650)
    usage_channels: list[
        Literal["tiktok", "instagram", "youtube", "website", "paid_social", "ooh"]
    ] = Field(default_factory=list, max_length=6)
    paid_ads_days: Literal[0, 7, 30, 60, 365] = 0
    exclusivity_categories: list[str] = Field(default_factory=list, max_length=20)
    exclusivity_days: int = Field(0, ge=0, le=3650)
    revision_rounds: int = Field(2, ge=0, le=10)
    response_deadline: date

    def as_terms(self) -> dict:
        data = self.model_dump()
        data["deliverables"] = [
            {
                k: v
                for k, v in (line | {"due": line["due"].isoformat()}).items()
                if k != "requirements" or v
            }
            for line in data["deliverables"]
        ]
        return data


class TermsOut(Schema):
    number: int
    side: str
    proposed_by: str
    price: str
    currency: str
    deliverables: list[dict]
    upfront_pct: str
    milestones: list[dict]
    net_days: int
    usage_days: int
    usage_channels: list[str]
    paid_ads_days: int
    exclusivity_categories: list[str]
    exclusivity_days: int
    revision_rounds: int
    response_deadline: date
    note: str
    created_at: datetime


class OfferOut(Schema):
    id: UUID
    campaign: dict
    brand: dict
    creator: CreatorRef
    status: str
    tab: str
    version: int
    price: str
    currency: str
    response_deadline: date
    created_at: datetime
    updated_at: datetime


class OfferDetailOut(OfferOut):
    terms: TermsOut
    reason: str
    allowed_actions: list[str]


class SendOfferIn(Strict):
    creator: UUID
    terms: TermsIn
    note: str = Field("", max_length=2000)


class CounterIn(Strict):
    seen_version: int = Field(..., ge=1, le=10_000)
    terms: TermsIn
    note: str = Field("", max_length=2000)


class AcceptIn(Strict):
    seen_version: int = Field(..., ge=1, le=10_000)


class ReasonIn(Strict):
    reason: str = Field("", max_length=2000)
    seen_status: str | None = Field(
        None,
        pattern="^[a-z_]{1,32}$",
        description="The offer's status you saw: if it moved meanwhile (say, signed while you "
        "cancel), the step is refused with 409 and nothing changes",
    )


class RenewalIn(Strict):
    """A renewal of a signed deal's usage rights, offered by the creator side to the brand."""

    price: Decimal | None = Field(
        None,
        gt=0,
        max_digits=12,
        decimal_places=2,
        description="The renewal's price in the deal's currency; the deal's price if omitted",
    )
    note: str = Field("", max_length=2000)


class ApprovalIn(ReasonIn):
    """The creator approves (or sends back) exactly the terms version she saw."""

    seen_version: int = Field(..., ge=1, le=1_000_000)


class SignatureOut(Schema):
    side: str
    full_name: str
    signed_as: str = Field(
        ..., examples=["Marco Bianchi, Northstar Talent, for @mayamoves", "Camille Roux, GlowSkin"]
    )
    signed_at: datetime


class ContractOut(Schema):
    offer: UUID
    terms_version: int
    document_hash: str
    signed_hash: str
    created_at: datetime
    completed_at: datetime | None
    signatures: list[SignatureOut]


class SignIn(Strict):
    full_name: str = Field(..., min_length=3, max_length=200)


# --- Content and conversation -------------------------------------------------------------------
class FeedbackOut(Schema):
    author: str
    kind: str
    body: str
    at_seconds: int | None
    created_at: datetime


class DraftOut(Schema):
    number: int
    link: str
    has_file: bool
    content_type: str
    caption: str
    notes: str
    submitted_by: str
    submitted_at: datetime
    review_due: datetime
    feedback: list[FeedbackOut]


class DeliverableOut(Schema):
    id: UUID
    offer: UUID
    kind: str
    number: int
    due_date: date
    requirements: str
    status: str
    rounds_used: int
    rounds_allowed: int
    post_url: str
    first_views: int | None


class DeliverableDetailOut(DeliverableOut):
    drafts: list[DraftOut]
    allowed_actions: list[str]


class DraftIn(Strict):
    link: str = Field(..., min_length=8, max_length=500)
    caption: str = Field("", max_length=2200)
    notes: str = Field("", max_length=2000)


class FeedbackIn(Strict):
    kind: Literal["comment", "changes", "approval"] = "comment"
    body: str = Field("", max_length=4000)
    at_seconds: int | None = Field(None, ge=0, le=24 * 3600)


class PostedIn(Strict):
    url: str = Field(..., max_length=500)
    first_views: int | None = Field(None, ge=0, le=10**15)  # deliverables.actions.MAX_VIEWS


class MessageOut(Schema):
    id: int
    side: str
    author: str
    body: str
    has_attachment: bool
    created_at: datetime


class MessageIn(Strict):
    body: str = Field(..., min_length=1, max_length=5000)


class NotificationOut(Schema):
    id: int
    event: str
    label: str
    actor: str
    offer: UUID | None
    created_at: datetime
    read_at: datetime | None


class AuditEventOut(Schema):
    seq: int
    created_at: datetime
    actor: str
    acting_as: str
    event: str
    label: str
    on_behalf_of: str | None
    target: str
    changes: dict


class CountOut(Schema):
    count: int


# --- Webhooks ---------------------------------------------------------------------------------
EventName = Literal[
    "offer.received",
    "offer.countered",
    "offer.accepted",
    "offer.closed",
    "contract.signed",
    "draft.submitted",
    "draft.feedback",
    "draft.approved",
    "deliverable.posted",
    "invoice.issued",
    "invoice.paid",
    "invoice.overdue",
    "invoice.voided",
]


class WebhookIn(Strict):
    url: str = Field(..., min_length=10, max_length=500)
    events: list[EventName] = Field(..., min_length=1, max_length=13)


class WebhookOut(Schema):
    id: UUID
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str


class DeliveryOut(Schema):
    id: UUID
    event_id: UUID
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None


# --- Imports ----------------------------------------------------------------------------------
class ImportIn(Strict):
    """The form fields of an upload (multipart/form-data, beside `file`)."""

    kind: Literal["creators", "videos", "tiktok"] = Field(
        ..., description="creators or videos (CSV), tiktok (a TikTok API payload, JSON)"
    )
    mapping: str = Field(
        "",
        max_length=2000,
        description="CSV only: FIELD=COLUMN pairs separated by commas or new lines, a column "
        "by its header name or by position (`followers=#5,handle=Username`)",
    )
    handle: str = Field(
        "", max_length=64, description="tiktok only: the creator, for a payload that names none"
    )
    duplicates: Literal["refuse", "keep_last"] = Field(
        "refuse",
        description="A handle or video id repeated in the file: refuse the file, or "
        "keep the last row of each",
    )
    snapshot_day: date | None = Field(
        None, description="The date of the file's figures (followers, likes), when it has none"
    )
    platform: Literal["tiktok", "instagram", "youtube"] = Field(
        "tiktok",
        description="CSV: the platform of the file's handles and figures (kept apart from "
        "other platforms'); a tiktok payload is always tiktok",
    )


class ImportProblemOut(Schema):
    line: int | None
    field: str
    message: str


class ImportJobOut(Schema):
    id: UUID
    kind: str
    filename: str
    status: Literal["ready", "queued", "running", "done", "failed"]
    status_label: str
    rows: int
    done: int
    percent: int
    summary: dict[str, int]
    problems: list[ImportProblemOut]
    problem_count: int
    mapping: dict[str, str]
    handle: str
    duplicates: str
    snapshot_day: date | None
    platform: str
    created_by: str | None
    created_at: datetime
    finished_at: datetime | None


class ImportRefusedOut(Schema):
    """422: the error body, with every problem of a refused file (the first 1,000 named)."""

    code: str = Field(..., examples=["invalid"])
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)
    problems: list[ImportProblemOut] = Field(default_factory=list)
    problem_count: int = 0
