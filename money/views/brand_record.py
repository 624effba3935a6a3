"""The brand's payment record on one of its pending offers (issue 16), fetched by the offer page
once it has loaded (HTMX), or opened as a page of its own without JavaScript: its aggregate is the
offer page's one query too many, and most views of an offer do not need it at once."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from access.decorators import role_required
from campaigns.queries import get_offer_for_user
from money.payment_record import brand_record


@role_required("agency", "creator")
def offer_brand_record(request, public_id):
    """The record of the offer's brand, for the creator side while the offer awaits an answer;
    404 for anyone the offer is hidden from, and once it has been answered."""
    offer = get_offer_for_user(request.role, public_id)
    record = brand_record(request.role, offer.campaign.brand_id, offer.creator)
    if offer.tab != "pending" or record is None:
        raise Http404
    template = "money/_brand_record.html" if request.htmx else "money/brand_record.html"
    return render(request, template, {"offer": offer, "record": record})


urlpatterns = [
    path("offers/<uuid:public_id>/brand-record/", offer_brand_record, name="offer-brand-record"),
]
