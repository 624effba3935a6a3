"""The results as a spreadsheet with money.exports' writer (amounts in their currency's
decimals, formula-like text neutralised): a row per deal, a row per deliverable under it, then
one total row per currency."""

from django.utils.translation import gettext as _

from money.exports import xlsx_response
from results.templatetags.results import source_label, timing_label

BLANK_DELIVERABLE = [None, None, None, "", ""]
BLANK_COUNTS = [None, None, None]


def _spend(money):
    def part(value):
        return (value, money.currency) if value is not None else _("withheld")

    committed = (money.committed, money.currency)
    return [money.currency, committed, part(money.invoiced), part(money.paid)]


def _figures(performance, cpm, cpv):
    return [
        performance.views,
        *BLANK_COUNTS,
        performance.engagements,
        performance.rate,
        cpm,
        cpv,
        "",
        None,
        "",
    ]


def rows(result):
    name = result.campaign.name
    for deal in result.deals:
        offer = deal.offer
        yield [
            name,
            offer.creator.at_handle,
            str(offer.status_label),
            *_spend(deal.money),
            *BLANK_DELIVERABLE,
            *_figures(deal.performance, deal.cpm, deal.cpv),
        ]
        for item in deal.items:
            d = item.deliverable
            yield [
                name,
                offer.creator.at_handle,
                "",
                deal.money.currency,
                None,
                None,
                None,
                d.number,
                d.due_date,
                item.posted_at.date() if item.posted_at else None,
                str(timing_label(item.timing)),
                d.post_url,
                item.views,
                item.likes,
                item.comments,
                item.shares,
                item.engagements,
                item.rate,
                None,
                None,
                str(source_label(item.source)) if item.source else "",
                item.as_of.date() if item.as_of else None,
                ", ".join(str(m) for m in item.check.missing) if item.check else "",
            ]
    for total in result.totals:
        yield [
            _("Total in %(currency)s") % {"currency": total.money.currency},
            _("%(n)s deals") % {"n": total.deals},
            "",
            *_spend(total.money),
            *BLANK_DELIVERABLE,
            *_figures(total.performance, total.cpm, total.cpv),
        ]


def header():
    return [
        _("Campaign"),
        _("Creator"),
        _("Status"),
        _("Currency"),
        _("Committed"),
        _("Invoiced"),
        _("Paid"),
        _("Deliverable"),
        _("Due"),
        _("Posted"),
        _("Posted on time"),
        _("Post URL"),
        _("Views"),
        _("Likes"),
        _("Comments"),
        _("Shares"),
        _("Engagements"),
        _("Engagement rate"),
        _("CPM"),
        _("CPV"),
        _("Source"),
        _("Figures as of"),
        _("Missing from the caption"),
    ]


def xlsx(result, filename: str):
    return xlsx_response(header(), rows(result), filename, _("Results"))
