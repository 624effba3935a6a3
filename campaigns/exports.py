"""The offers list as CSV or XLSX for an agency (issue 19): the rows of the tab and filters the
page shows, each an offer the member may see (`Offer.objects.visible_to`), with its current
terms' price. The writers are talentdesk.lib.spreadsheets' (formula cells neutralised)."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from access.decorators import role_required
from campaigns.forms import OfferFilterForm
from campaigns.models import Offer, TermsVersion
from campaigns.transitions import TABS, Tab, status_label_for
from creators.models import normalize_handle
from talentdesk.lib import spreadsheets

FORMATS = ("csv", "xlsx")


def offer_list(role, params):
    """(tab, form, per-tab counts, the listed offers) for the offers page and its exports: one
    reading of the tab, the filters and the sort."""
    tab = params.get("tab") if params.get("tab") in Tab.values else Tab.PENDING
    form = OfferFilterForm(params or None, role=role)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = Offer.objects.visible_to(role)
    if filters.get("creator"):
        rows = rows.filter(creator__handle__icontains=normalize_handle(filters["creator"]))
    if filters.get("brand"):
        rows = rows.filter(campaign__brand__name__icontains=filters["brand"])
    # COUNT(status), not COUNT(id): the (creator, status) index alone answers it, no table read.
    counts = rows.aggregate(
        **{str(name): Count("status", filter=Q(status__in=TABS[name])) for name in Tab}
    )
    listed = rows.filter(status__in=TABS[Tab(tab)])
    if filters.get("status"):
        listed = listed.filter(status=filters["status"])
    order = OfferFilterForm.SORTS[filters.get("sort") or "deadline"]
    listed = listed.select_related("campaign__brand", "creator").order_by(*order)
    return tab, form, counts, listed


@role_required("agency")
def offers_export(request, fmt):
    """The offers of the page's tab and filters, as a spreadsheet."""
    if fmt not in FORMATS:
        raise Http404
    _tab, _form, _counts, listed = offer_list(request.role, request.GET)
    current = TermsVersion.objects.filter(offer=OuterRef("pk"), number=OuterRef("version"))
    listed = listed.annotate(
        price=Subquery(current.values("price")[:1]),
        currency=Subquery(current.values("currency")[:1]),
    )
    header = [
        _("Creator (handle)"),
        _("Creator's name"),
        _("Brand"),
        _("Campaign"),
        _("Status"),
        _("Price"),
        _("Currency"),
        _("Response deadline"),
        _("Last activity"),
    ]
    zone = timezone.get_current_timezone()

    def lines():
        for offer in listed.iterator(chunk_size=500):
            price = (offer.price, offer.currency) if offer.price is not None else None
            yield [
                offer.creator.handle,  # without the @ (a formula start)
                offer.creator.display_name,
                offer.campaign.brand.name,
                offer.campaign.name,
                status_label_for(offer, request.role),
                price,
                offer.currency or "",
                offer.response_deadline,
                offer.updated_at.astimezone(zone).date(),
            ]

    filename = f"offers-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return spreadsheets.csv_response(header, lines(), filename)
    return spreadsheets.xlsx_response(header, lines(), filename, title=_("Offers"))
