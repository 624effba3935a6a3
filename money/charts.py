"""The earnings chart: one currency's months as bars (pygal, server-side SVG served as its own
.svg URL in an <img>, like creators.charts), so no JavaScript runs under the strict CSP."""

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creators.charts import STYLE
from money.amounts import minor_units
from talentdesk.lib.numbers import localized


def earnings_by_month(months, currency: str) -> bytes:
    """Booked, invoiced, paid and the creator's net of each month, in `currency`."""
    places = minor_units(currency)
    chart = pygal.Bar(
        style=STYLE,
        js=[],
        width=720,
        height=320,
        margin=16,
        title=_("Earnings by month (%(currency)s)") % {"currency": currency}
        if currency
        else _("Earnings by month"),
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        truncate_label=12,
        x_label_rotation=30,
        max_scale=6,  # a handful of amounts on the y axis, not one every 200
        value_formatter=lambda v: f"{localized(v, places)} {currency}".strip(),
        no_data_text=_("Nothing in this period"),
    )
    chart.x_labels = [date_format(month, "M Y") for month, _figures in months]
    for name, label in (
        ("booked", _("Booked")),
        ("invoiced", _("Invoiced")),
        ("paid", _("Paid")),
        ("net", _("Creator's net")),
    ):
        chart.add(label, [float(getattr(figures, name)) for _month, figures in months])
    return chart.render()
