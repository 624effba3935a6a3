"""The campaign chart: each deal's views and engagements as bars (pygal, server-side SVG, the
style of creators.charts), served as its own .svg URL and embedded in the PDF."""

import pygal
from django.utils.translation import gettext as _

from creators.charts import STYLE
from talentdesk.lib.numbers import localized


def views_and_engagements(report) -> bytes:
    chart = pygal.Bar(
        style=STYLE,
        js=[],
        width=720,
        height=320,
        margin=16,
        title=_("Views and engagements per creator"),
        show_legend=True,
        legend_at_bottom=True,
        truncate_label=14,
        x_label_rotation=30 if len(report.deals) > 6 else 0,
        value_formatter=lambda v: localized(v, 0),
        no_data_text=_("No posted video yet"),
    )
    chart.x_labels = [deal.offer.creator.at_handle for deal in report.deals]
    chart.add(_("Views"), [deal.performance.views for deal in report.deals])
    chart.add(_("Engagements"), [deal.performance.engagements for deal in report.deals])
    return chart.render()
