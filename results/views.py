"""Campaign results pages (issue 19): a campaign's (its brand; the creator side for the deals it
reaches) and one deal's (any party of it), with the campaign's chart, a PDF and an XLSX."""

import base64

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from access.decorators import role_required
from results import charts, exports
from results.queries import campaign_report, deal_report
from talentdesk.lib.pdf import pdf_of, pdf_response

PAGE_SIZE = 25
FORMATS = ("pdf", "xlsx")


@role_required("brand", "agency", "creator")
def campaign_results(request, public_id):
    result = campaign_report(request.role, public_id)
    return _page(request, result, public_id, level="campaign")


@role_required("brand", "agency", "creator")
def deal_results(request, public_id):
    result = deal_report(request.role, public_id)
    return _page(request, result, public_id, level="deal")


def _page(request, result, public_id, *, level):
    page = Paginator(result.deals, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "report": result,
        "page": page,
        "kind": level,
        "public_id": public_id,
        "title": title_of(result, level),
    }
    return render(request, "results/results.html", context)


@role_required("brand", "agency", "creator")
def campaign_chart(request, public_id):
    """The campaign's chart as an SVG document, to whoever may see its results."""
    svg = charts.views_and_engagements(campaign_report(request.role, public_id))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("brand", "agency", "creator")
def campaign_export(request, public_id, fmt):
    return _export(request, campaign_report(request.role, public_id), fmt, "campaign", public_id)


@role_required("brand", "agency", "creator")
def deal_export(request, public_id, fmt):
    return _export(request, deal_report(request.role, public_id), fmt, "deal", public_id)


def _export(request, result, fmt, level, public_id):
    if fmt not in FORMATS:
        raise Http404
    name = slugify(result.campaign.name) or "campaign"
    if level == "deal":
        name += "-" + slugify(result.deals[0].offer.creator.handle)
    filename = f"results-{name}.{fmt}"
    if fmt == "xlsx":
        return exports.xlsx(result, filename)
    svg = charts.views_and_engagements(result) if level == "campaign" else None
    context = {
        "report": result,
        "kind": level,
        "title": title_of(result, level),
        "language": request.LANGUAGE_CODE,
        "chart": base64.b64encode(svg).decode() if svg else "",
    }
    html = render_to_string("results/results_document.html", context, request=request)
    back = reverse(f"results:{level}", args=[public_id])
    return pdf_response(request, pdf_of(html), filename=filename, back=back)


def title_of(result, level) -> str:
    if level == "deal":
        return _("Results of %(campaign)s with %(handle)s") % {
            "campaign": result.campaign.name,
            "handle": result.deals[0].offer.creator.at_handle,
        }
    return _("Results of %(campaign)s") % {"campaign": result.campaign.name}
