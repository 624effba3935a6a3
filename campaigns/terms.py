"""Checking a proposal of terms, and the field-by-field diff between two versions."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import CURRENCIES, MILESTONE_TRIGGERS, PAID_ADS_DAYS, USAGE_CHANNELS
from creators.models import Deliverable
from talentdesk.lib.errors import ActionError
from talentdesk.lib.numbers import localized

MAX_DELIVERABLES = 10
LABELS = {
    "price": gettext_lazy("Price"),
    "deliverables": gettext_lazy("Deliverables"),
    "upfront_pct": gettext_lazy("Paid upfront"),
    "milestones": gettext_lazy("Payment milestones"),
    "usage_channels": gettext_lazy("Usage channels"),
    "net_days": gettext_lazy("Payment due"),
    "usage_days": gettext_lazy("Usage rights"),
    "paid_ads_days": gettext_lazy("Paid-ads authorisation"),
    "exclusivity_categories": gettext_lazy("Exclusivity categories"),
    "exclusivity_days": gettext_lazy("Exclusivity"),
    "revision_rounds": gettext_lazy("Revision rounds"),
    "response_deadline": gettext_lazy("Response deadline"),
}


def check_terms(terms: dict, campaign, *, today: date, rights_only: bool = False) -> dict:
    """The terms, normalised, or ActionError naming the first bad field. `rights_only`: the
    renewal of a deal's usage rights, which has no deliverables."""
    price = terms["price"]
    if not isinstance(price, Decimal) or price <= 0:
        raise ActionError(_("The price must be more than zero."), field="price")
    if price.as_tuple().exponent < -2:
        raise ActionError(_("Use at most 2 decimals."), field="price")
    if terms["currency"] not in CURRENCIES:
        raise ActionError(_("Choose one of the currencies offered."), field="currency")
    if terms["currency"] != campaign.currency:
        raise ActionError(
            _("The campaign is in %(currency)s: amounts in another currency are not comparable.")
            % {"currency": campaign.currency},
            field="currency",
        )
    lines = terms["deliverables"]
    if rights_only:
        if lines:
            raise ActionError(
                _("A renewal of usage rights has no deliverables."), field="deliverables"
            )
    elif not lines:
        raise ActionError(_("Add at least one deliverable."), field="deliverables")
    if len(lines) > MAX_DELIVERABLES:
        raise ActionError(_("At most 10 deliverables."), field="deliverables")
    for line in lines:
        if line.get("type") not in Deliverable.values or int(line.get("count", 0)) < 1:
            raise ActionError(_("Each deliverable needs a type and a count."), field="deliverables")
        due = date.fromisoformat(line["due"])
        if due < today or due > campaign.ends_on:
            raise ActionError(
                _("Due dates must be between today and the campaign's end (%(end)s).")
                % {"end": campaign.ends_on.isoformat()},
                field="deliverables",
            )
    if not Decimal(0) <= terms["upfront_pct"] <= 100:
        raise ActionError(_("Upfront payment is between 0 and 100 %."), field="upfront_pct")
    milestones = terms.setdefault("milestones", [])
    if any(
        m.get("on") not in MILESTONE_TRIGGERS or int(m.get("percent", 0)) <= 0 for m in milestones
    ):
        raise ActionError(_("Each milestone needs a share and a moment."), field="milestones")
    if milestones and terms["upfront_pct"] + sum(int(m["percent"]) for m in milestones) != 100:
        raise ActionError(_("Upfront and milestones must add up to 100 %."), field="milestones")
    if any(c not in USAGE_CHANNELS for c in terms.setdefault("usage_channels", [])):
        raise ActionError(_("Choose usage channels from the list."), field="usage_channels")
    if terms["paid_ads_days"] not in PAID_ADS_DAYS:
        raise ActionError(
            _("Paid-ads authorisation is 0, 7, 30, 60 or 365 days."), field="paid_ads_days"
        )
    if terms["response_deadline"] < today:
        raise ActionError(
            _("The response deadline cannot be in the past."), field="response_deadline"
        )
    return terms


def _text(name: str, value, currency: str) -> str:
    if value in (None, "", []):
        return "—"
    if name == "price":
        return f"{localized(value, 2)} {currency}"
    if name == "upfront_pct":
        return f"{localized(value, 0)} %"
    if name in ("net_days", "usage_days", "paid_ads_days", "exclusivity_days"):
        return _("%(n)s days") % {"n": value}
    if name == "deliverables":
        return "; ".join(
            f"{line['count']} × {Deliverable(line['type']).label} ({line['due']})"
            + (f" — {line['requirements']}" if line.get("requirements") else "")
            for line in value
        )
    if name in ("exclusivity_categories", "usage_channels"):
        return ", ".join(value)
    if name == "milestones":
        return "; ".join(f"{m['percent']} % {m['on']}" for m in value)
    return str(value)


def diff(old, new) -> list[tuple[str, str, str]]:
    """(label, old, new) for every term that changed from version `old` to `new`."""
    if old is None:
        return []
    rows = []
    for name in new.TERM_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if name == "price" and old.currency != new.currency:
            before, after = (before, old.currency), (after, new.currency)
        if before != after:
            rows.append(
                (
                    str(LABELS[name]),
                    _text(name, getattr(old, name), old.currency),
                    _text(name, getattr(new, name), new.currency),
                )
            )
    return rows
