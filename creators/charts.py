"""Server-rendered SVG charts (pygal), each served as its own .svg URL shown in an <img>.

SVG rendered on the server needs no JavaScript and no CDN, works under the page's strict CSP, and
the same SVG can go into PDFs later. pygal's tooltip script is left out (js=[]).
"""

from decimal import Decimal

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from talentdesk.lib.numbers import localized

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1a24",
    foreground_strong="#1b1a24",
    foreground_subtle="#55536a",
    colors=("#3b2db3", "#146c3a", "#b3261e", "#7a4b00", "#1d4f91", "#8a3ffc"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
    title_font_size=15,
    legend_font_size=12,
)


def _config(**extra) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "width": 640,
        "height": 300,
        "show_legend": False,
        "margin": 16,
        "truncate_label": 12,
        **extra,
    }


def followers_over_time(snapshots) -> bytes:
    chart = pygal.Line(
        **_config(
            title=_("Followers"),
            show_dots=False,
            x_labels_major_count=6,
            show_minor_x_labels=False,
            fill=False,
        )
    )
    chart.x_labels = [date_format(s.day, "SHORT_DATE_FORMAT") for s in snapshots]
    chart.add(_("Followers"), [s.followers for s in snapshots])
    return chart.render()


def views_per_video(videos) -> bytes:
    chart = pygal.Bar(
        **_config(title=_("Views per video"), show_minor_x_labels=False, x_labels_major_count=6)
    )
    chart.x_labels = [date_format(v.posted_at, "SHORT_DATE_FORMAT") for v in videos]
    chart.add(_("Views"), [v.views for v in videos])
    return chart.render()


def engagement_breakdown(metrics) -> bytes:
    chart = pygal.Pie(
        **_config(
            title=_("Engagement breakdown"),
            show_legend=True,
            legend_at_bottom=True,
            inner_radius=0.45,
        )
    )
    labels = {"likes": _("Likes"), "comments": _("Comments"), "shares": _("Shares")}
    for name, count, _share in metrics.breakdown:
        chart.add(labels[name], count)
    return chart.render()


def audience_shares(
    title: str, shares: dict[str, str], labels: dict[str, str] | None = None, *, in_order=False
):
    """The largest shares as bars, largest on top; with `in_order` (ages), every bucket in its
    own order, youngest on top."""
    chart = pygal.HorizontalBar(
        **_config(title=title, height=240, value_formatter=lambda v: f"{localized(v, 1)} %")
    )
    # pygal draws the first bar at the bottom: smallest first puts the largest share on top.
    if in_order:
        ordered = sorted(shares.items(), key=lambda kv: _age_start(kv[0]), reverse=True)
    else:
        ordered = sorted(shares.items(), key=lambda kv: Decimal(kv[1]))[-8:]
    chart.x_labels = [str((labels or {}).get(key, key)) for key, _value in ordered]
    chart.add(str(title), [float(Decimal(value) * 100) for _key, value in ordered])
    return chart.render()


def _age_start(bucket: str) -> int:
    """ "18-24" → 18, "55+" → 55; anything else last."""
    digits = "".join(ch for ch in bucket.split("-")[0] if ch.isdigit())
    return int(digits) if digits else 999


def empty(title: str, message: str) -> bytes:
    chart = pygal.Line(**_config(title=title, no_data_text=message))
    return chart.render()
