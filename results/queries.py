"""Campaign results (issue 19): per deal and per campaign, what was spent, what was posted and
when, and what the posts did — views, engagements, engagement rate, CPM and CPV — each total in
its own currency (no exchange rate is invented), each figure with its source and date.

Where each figure comes from:
  committed      the price both sides signed (money.DealMoney, frozen at signature; a
                 cancelled deal commits nothing)
  invoiced, paid the total and the paid part of the deal's issued, overdue and paid invoices,
                 as `Invoice.objects.visible_to` lets the role see them (agency staff: only
                 for creators who granted `view_earnings`; otherwise the page says so)
  views, likes,  the creator's imported video of the deliverable's video id (creators.Video:
  comments,      "imported", dated by its last import, or "connector" for a live source);
  shares         else the views typed at "Mark as posted" ("entered", dated then)
  on time, late  the video's posting time (imported), else the time it was marked as posted,
                 against the deliverable's due date (UTC days)

  engagements     likes + comments + shares, over deliverables whose video was imported
  engagement rate engagements ÷ the views of those same deliverables
  CPM, CPV        committed ÷ views × 1000, committed ÷ views (every known view counts)

Who sees what: the campaign's brand all its deals; the creator and her agency's staff only
the deals `Offer.objects.visible_to` gives them. A fixed number of queries whatever the number
of deals (`report`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from access.roles import RoleKind
from campaigns.models import Campaign, Offer
from campaigns.transitions import TABS, OfferStatus, Tab
from creators.models import Platform, Video
from deliverables import disclosure
from deliverables.models import Deliverable
from money.earnings import reach
from money.models import DealMoney, Invoice
from money.transitions import COUNTED

# Deals with results: accepted (whatever came after), cancelled ones included.
DEAL_STATUSES = [*TABS[Tab.ACTIVE], *TABS[Tab.COMPLETED], OfferStatus.CANCELLED]
CPM_PLACES, CPV_PLACES, RATE_PLACES = Decimal("0.01"), Decimal("0.0001"), Decimal("0.000001")


class Source:
    IMPORTED = "imported"  # a file or API payload imported (creators.importing)
    CONNECTOR = "connector"  # a live platform connector (Video.source "connector:<name>")
    ENTERED = "entered"  # typed in at "Mark as posted"


class Timing:
    ON_TIME = "on_time"
    LATE = "late"
    POSTED = "posted"  # posted before posting times were kept: on time or late, unknown
    OVERDUE = "overdue"  # not posted, and the due date passed
    TO_COME = "to_come"  # not posted yet, not due yet


TIMINGS = [Timing.ON_TIME, Timing.LATE, Timing.POSTED, Timing.OVERDUE, Timing.TO_COME]


def source_of(video: Video) -> str:
    return Source.CONNECTOR if video.source.startswith("connector:") else Source.IMPORTED


def cpm(spend, views):
    """Spend ÷ views × 1000, to the hundredth; None without views."""
    if spend is None or not views:
        return None
    return (spend * 1000 / views).quantize(CPM_PLACES, ROUND_HALF_UP)


def cpv(spend, views):
    if spend is None or not views:
        return None
    return (spend / views).quantize(CPV_PLACES, ROUND_HALF_UP)


def rate(engagements, views):
    if engagements is None or not views:
        return None
    return (Decimal(engagements) / views).quantize(RATE_PLACES, ROUND_HALF_UP)


@dataclass
class DeliverableResult:
    deliverable: Deliverable
    timing: str
    posted_at: datetime | None
    posted_source: str | None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    source: str | None = None  # of the views and engagements
    as_of: datetime | None = None
    detail: str = ""  # the import's own source name ("tiktok-business")
    check: disclosure.Disclosure | None = None

    @property
    def engagements(self) -> int | None:
        parts = [p for p in (self.likes, self.comments, self.shares) if p is not None]
        return sum(parts) if parts and self.source != Source.ENTERED else None

    @property
    def rate(self):
        return rate(self.engagements, self.views)


@dataclass
class Money:
    """The spend of some deals in one currency."""

    currency: str
    committed: Decimal = Decimal(0)
    invoiced: Decimal | None = Decimal(0)  # None: withheld from this role
    paid: Decimal | None = Decimal(0)


@dataclass
class Performance:
    """What posts did, and what they cost in one currency."""

    views: int | None = None
    engaged_views: int = 0  # the views of the posts whose engagements are known
    engagements: int | None = None

    def add(self, item: DeliverableResult) -> None:
        if item.views is not None:
            self.views = (self.views or 0) + item.views
        if item.engagements is not None and item.views is not None:
            self.engagements = (self.engagements or 0) + item.engagements
            self.engaged_views += item.views

    @property
    def rate(self):
        return rate(self.engagements, self.engaged_views)


@dataclass
class DealResult:
    offer: Offer
    money: Money
    items: list[DeliverableResult]
    performance: Performance
    withheld: str = ""  # why invoiced and paid are not shown

    @property
    def cpm(self):
        return cpm(self.money.committed, self.performance.views)

    @property
    def cpv(self):
        return cpv(self.money.committed, self.performance.views)

    def count(self, timing: str) -> int:
        return sum(1 for item in self.items if item.timing == timing)


@dataclass
class Total:
    """One currency's deals added up."""

    money: Money
    performance: Performance = field(default_factory=Performance)
    deals: int = 0

    @property
    def cpm(self):
        return cpm(self.money.committed, self.performance.views)

    @property
    def cpv(self):
        return cpv(self.money.committed, self.performance.views)


@dataclass
class Report:
    campaign: Campaign | None
    deals: list[DealResult]
    totals: list[Total]  # one per currency, in alphabetical order
    timings: dict[str, int]
    flagged: int  # posted deliverables whose caption lacks something the brief requires
    as_of: datetime


def _today() -> date:
    return datetime.now(UTC).date()


def _timing(deliverable, posted_at) -> str:
    if posted_at is not None:
        late = posted_at.astimezone(UTC).date() > deliverable.due_date
        return Timing.LATE if late else Timing.ON_TIME
    if deliverable.post_url:
        return Timing.POSTED
    return Timing.OVERDUE if deliverable.due_date < _today() else Timing.TO_COME


def _item(deliverable, video) -> DeliverableResult:
    if video is not None:
        posted_at, posted_source = video.posted_at, source_of(video)
    elif deliverable.posted_at is not None:
        posted_at, posted_source = deliverable.posted_at, Source.ENTERED
    else:
        posted_at, posted_source = None, None
    item = DeliverableResult(
        deliverable=deliverable,
        timing=_timing(deliverable, posted_at),
        posted_at=posted_at,
        posted_source=posted_source,
    )
    if video is not None:
        item.views, item.likes, item.comments, item.shares = (
            video.views,
            video.likes,
            video.comments,
            video.shares,
        )
        item.source, item.as_of, item.detail = source_of(video), video.refreshed_at, video.source
    elif deliverable.first_views is not None:
        item.views, item.source, item.as_of = (
            deliverable.first_views,
            Source.ENTERED,
            deliverable.posted_at,
        )
    if deliverable.post_url:
        item.check = disclosure.check_deliverable(deliverable, video)
    return item


def _videos(deliverables) -> dict[tuple[int, str], Video]:
    """(creator id, video id) → her imported TikTok video, for every posted deliverable: one
    query."""
    ids = {d.video_id for d in deliverables if d.video_id}
    if not ids:
        return {}
    rows = Video.objects.filter(platform=Platform.TIKTOK, video_id__in=ids)
    return {(v.creator_id, v.video_id): v for v in rows}


def _money(role, offers) -> tuple[dict[int, Money], set[int]]:
    """Each deal's spend, and the ids of the deals whose invoices the role may not see."""
    ids = [o.pk for o in offers]
    found = {o.pk: Money(currency=o.campaign.currency) for o in offers}
    deals = DealMoney.objects.filter(offer_id__in=ids, sealed_at__isnull=False, cancelled=False)
    for deal in deals.only("offer_id", "price", "currency"):
        if deal.price is not None:
            found[deal.offer_id] = Money(currency=deal.currency, committed=deal.price)
    invoices = (
        Invoice.objects.visible_to(role)
        .filter(offer_id__in=ids, status__in=COUNTED)
        .values("offer_id", "currency")
        .annotate(total=Sum("total"), paid=Sum("paid_amount"))
        .order_by()
    )
    for row in invoices:
        money = found[row["offer_id"]]
        if row["currency"] == money.currency:  # an invoice is in its deal's currency
            money.invoiced += row["total"]
            money.paid += row["paid"]
    withheld = set()
    sharing = reach(role)  # agency staff: the creators sharing their earnings; else None
    if sharing is not None:
        withheld = {o.pk for o in offers if o.creator_id not in set(sharing)}
        for pk in withheld:
            found[pk].invoiced = found[pk].paid = None
    return found, withheld


def report(role, offers, campaign=None) -> Report:
    """The results of these deals (already within the role's reach): a fixed number of queries
    — deal money, invoices, the agency's earnings reach, deliverables, videos."""
    offers = list(offers)
    money, withheld = _money(role, offers) if offers else ({}, set())
    by_offer = {o.pk: o for o in offers}
    deliverables = list(
        Deliverable.objects.filter(offer_id__in=list(by_offer)).order_by("offer_id", "number")
    )
    for d in deliverables:
        d.offer = by_offer[d.offer_id]
    videos = _videos(deliverables)
    items = defaultdict(list)
    for d in deliverables:
        video = videos.get((d.offer.creator_id, d.video_id))
        items[d.offer_id].append(_item(d, video))
    deals, totals = [], {}
    for offer in offers:
        performance = Performance()
        for item in items[offer.pk]:
            performance.add(item)
        deal = DealResult(
            offer=offer,
            money=money[offer.pk],
            items=items[offer.pk],
            performance=performance,
            withheld=_withheld(offer) if offer.pk in withheld else "",
        )
        deals.append(deal)
        total = totals.setdefault(deal.money.currency, Total(money=Money(deal.money.currency)))
        _add(total, deal)
    timings = {t: sum(d.count(t) for d in deals) for t in TIMINGS}
    flagged = sum(1 for d in deals for i in d.items if _flagged(i.check))
    return Report(
        campaign=campaign,
        deals=deals,
        totals=[totals[c] for c in sorted(totals)],
        timings=timings,
        flagged=flagged,
        as_of=datetime.now(UTC),
    )


def _flagged(check) -> bool:
    """A caption was read (imported or typed) and it lacks something the brief requires."""
    return check is not None and check.caption_source is not None and not check.ok


def _withheld(offer) -> str:
    return _(
        "Invoiced and paid are not shown: %(handle)s does not share their earnings with your "
        "agency."
    ) % {"handle": offer.creator.at_handle}


def _add(total: Total, deal: DealResult) -> None:
    total.deals += 1
    total.money.committed += deal.money.committed
    for name in ("invoiced", "paid"):
        mine, theirs = getattr(total.money, name), getattr(deal.money, name)
        # A part withheld from one deal leaves the total incomplete: shown as withheld.
        setattr(total.money, name, None if mine is None or theirs is None else mine + theirs)
    for item in deal.items:
        total.performance.add(item)


def _deals(queryset):
    return queryset.filter(status__in=DEAL_STATUSES).select_related("creator", "campaign__brand")


def campaign_report(role, public_id) -> Report:
    """A campaign's results: its brand sees every deal; the creator side the deals it reaches,
    404 when it reaches none (or the campaign is another brand's)."""
    if role is not None and role.kind == RoleKind.BRAND:
        campaign = Campaign.objects.visible_to(role).filter(public_id=public_id).first()
        if campaign is None:
            raise Http404
        offers = list(_deals(campaign.offers.all()).order_by("creator__handle", "pk"))
    else:
        found = _deals(Offer.objects.visible_to(role).filter(campaign__public_id=public_id))
        offers = list(found.order_by("creator__handle", "pk"))
        if not offers:
            raise Http404
        campaign = offers[0].campaign
    return report(role, offers, campaign)


def deal_report(role, public_id) -> Report:
    """One deal's results, to any party of it (404 otherwise)."""
    offer = _deals(Offer.objects.visible_to(role).filter(public_id=public_id)).first()
    if offer is None:
        raise Http404
    return report(role, [offer], offer.campaign)
