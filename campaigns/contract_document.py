"""The executed contract as its reader reads it: HTML and PDF in the reader's language and time
zone, from the contract's snapshot (frozen at the seal; for a draft, built from the current
details at each reading, and marked "draft — not signed").

Every term is written out as a sentence, the payment schedule with its amounts. The PDF is
deterministic: its creation and modification dates are the seal's time (a draft's: the
contract's creation), its file identifier is derived from the hash, and WeasyPrint writes no
other clock or random value, so re-rendering a sealed contract for the same reader gives the
same bytes (tests/campaigns/test_contract_executed.py)."""

import zoneinfo
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns import contract_snapshot
from campaigns.transitions import Side
from creators.categories import CATEGORIES
from creators.models import Deliverable
from talentdesk.lib.numbers import localized

CHANNELS = {
    "tiktok": lambda: "TikTok",
    "instagram": lambda: "Instagram",
    "youtube": lambda: "YouTube",
    "website": lambda: _("the Brand's website"),
    "paid_social": lambda: _("paid social media"),
    "ooh": lambda: _("out-of-home advertising"),
}
WHEN = {
    "signature": lambda: _("on signature"),
    "draft_approved": lambda: _("when the draft is approved"),
    "posted": lambda: _("when the content is posted"),
    "verified": lambda: _("when the posts are verified"),
}
ORDER = ["signature", "draft_approved", "posted", "verified"]
MINOR_UNITS = {"JPY": 0}  # the product's currencies (campaigns.models.CURRENCIES)


def _amount(value, currency: str) -> str:
    return f"{localized(value, MINOR_UNITS.get(currency, 2))} {currency}"


def _day(iso: str | None) -> str:
    return date_format(date.fromisoformat(iso), "DATE_FORMAT") if iso else ""


def schedule(terms: dict) -> list[tuple[str, str, str]]:
    """(percent, amount, when) for each payment: the upfront share on signature, the negotiated
    milestones, else the rest when the posts are verified; the amounts sum exactly to the price
    (each is the rounded running total minus the one before, as money.amounts.split)."""
    parts = []
    if Decimal(terms["upfront_pct"]):
        parts.append(("signature", Decimal(terms["upfront_pct"])))
    parts += [(m["on"], Decimal(m["percent"])) for m in terms["milestones"]]
    rest = Decimal(100) - sum((p for _o, p in parts), Decimal(0))
    if rest > 0:
        parts.append(("verified", rest))
    parts.sort(key=lambda part: ORDER.index(part[0]))
    price, currency = Decimal(terms["price"]), terms["currency"]
    unit = Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2))
    rows, done, running = [], Decimal(0), Decimal(0)
    for on, percent in parts:
        running += percent
        upto = (price * running / 100).quantize(unit, rounding=ROUND_HALF_UP)
        rows.append((f"{localized(percent, 0)} %", _amount(upto - done, currency), WHEN[on]()))
        done = upto
    return rows


def _channels(codes: list) -> str:
    return ", ".join(CHANNELS[c]() if c in CHANNELS else c for c in codes)


def term_sentences(terms: dict, kill_fee_pct: str) -> list[tuple[str, str]]:
    """Every accepted term as (heading, sentence) in the active language."""
    currency = terms["currency"]
    rows = []
    lines = [
        _("%(count)s × %(type)s, due %(due)s")
        % {
            "count": line["count"],
            "type": Deliverable(line["type"]).label if line["type"] in Deliverable.values else "",
            "due": _day(line["due"]),
        }
        + (f" ({line['requirements']})" if line.get("requirements") else "")
        for line in terms["deliverables"]
    ]
    if lines:
        rows.append(
            (
                _("Deliverables"),
                _("The Creator makes and publishes: %(lines)s.") % {"lines": "; ".join(lines)},
            )
        )
    rows.append(
        (
            _("Price"),
            _("The Brand pays %(price)s in total for the deliverables and the rights below.")
            % {"price": _amount(terms["price"], currency)},
        )
    )
    payments = "; ".join(f"{pct} ({amount}) {when}" for pct, amount, when in schedule(terms))
    net = ngettext(
        "each invoice is payable within %(n)s day",
        "each invoice is payable within %(n)s days",
        terms["net_days"],
    ) % {"n": terms["net_days"]}
    paid = _("Paid %(payments)s; %(net)s.") % {"payments": payments, "net": net}
    rows.append((_("Payment schedule"), paid))
    if terms["usage_days"]:
        where = _channels(terms["usage_channels"]) or _("the Creator's own channels")
        sentence = ngettext(
            "The Brand may reuse the content on %(channels)s for %(n)s day from the date of "
            "agreement",
            "The Brand may reuse the content on %(channels)s for %(n)s days from the date of "
            "agreement",
            terms["usage_days"],
        ) % {"channels": where, "n": terms["usage_days"]}
        if terms.get("usage_ends_on"):
            sentence += " " + _("(until %(day)s)") % {"day": _day(terms["usage_ends_on"])}
        rows.append((_("Usage rights"), sentence + "."))
    else:
        rows.append(
            (_("Usage rights"), _("The Brand acquires no right to reuse the content elsewhere."))
        )
    if terms["paid_ads_days"]:
        sentence = ngettext(
            "The Brand may promote the content as paid advertising from the Creator's account "
            "for %(n)s day from the date of agreement",
            "The Brand may promote the content as paid advertising from the Creator's account "
            "for %(n)s days from the date of agreement",
            terms["paid_ads_days"],
        ) % {"n": terms["paid_ads_days"]}
        if terms.get("paid_ads_ends_on"):
            sentence += " " + _("(until %(day)s)") % {"day": _day(terms["paid_ads_ends_on"])}
        rows.append((_("Paid-ads authorisation"), sentence + "."))
    else:
        rows.append(
            (
                _("Paid-ads authorisation"),
                _("None: the Brand may not promote the content as paid advertising."),
            )
        )
    if terms["exclusivity_days"]:
        categories = ", ".join(
            str(CATEGORIES.get(c, c)) for c in terms["exclusivity_categories"]
        ) or _("the Brand's own market")
        rows.append(
            (
                _("Exclusivity"),
                ngettext(
                    "For %(n)s day from the date of agreement, the Creator works with no "
                    "competitor of the Brand in: %(categories)s.",
                    "For %(n)s days from the date of agreement, the Creator works with no "
                    "competitor of the Brand in: %(categories)s.",
                    terms["exclusivity_days"],
                )
                % {"n": terms["exclusivity_days"], "categories": categories},
            )
        )
    else:
        rows.append((_("Exclusivity"), _("None: the Creator remains free to work with anyone.")))
    rows.append(
        (
            _("Revision rounds"),
            ngettext(
                "The Brand may ask for %(n)s round of changes to each draft.",
                "The Brand may ask for %(n)s rounds of changes to each draft.",
                terms["revision_rounds"],
            )
            % {"n": terms["revision_rounds"]},
        )
    )
    kill_fee = (Decimal(terms["price"]) * Decimal(kill_fee_pct) / 100).quantize(
        Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2)), rounding=ROUND_HALF_UP
    )
    rows.append(
        (
            _("Kill fee"),
            _("%(pct)s of the price, that is %(amount)s.")
            % {
                "pct": f"{localized(Decimal(kill_fee_pct), 0)} %",
                "amount": _amount(kill_fee, currency),
            },
        )
    )
    return rows


def _moment(iso: str, zone) -> dict:
    moment = datetime.fromisoformat(iso)
    local = moment.astimezone(zone)
    return {
        "utc": moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "local": date_format(local, "DATETIME_FORMAT"),
        "zone": str(zone),
    }


def _zone(zone):
    if zone is None:
        return timezone.get_current_timezone()
    if isinstance(zone, str):
        try:
            return zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return UTC
    return zone


def snapshot_of(contract) -> dict:
    """The frozen snapshot of a sealed contract, else the current one (a draft)."""
    if contract.completed_at and contract.snapshot:
        return contract.snapshot
    return contract_snapshot.build(contract, sealed_at=contract.completed_at)


def context(contract, *, language: str, zone) -> dict:
    snap = snapshot_of(contract)
    zone = _zone(zone)
    sealed = bool(contract.completed_at)
    lang = language if language in ("en", "fr") else "en"
    side_labels = {Side.BRAND: _("For the Brand"), Side.CREATOR_SIDE: _("For the Creator")}
    signatures = [
        {**s, "side_label": side_labels.get(s["side"], s["side"]), **_moment(s["signed_at"], zone)}
        for s in snap["signatures"]
    ]
    agent = next((s["authority"] for s in snap["signatures"] if s.get("authority")), None)
    if agent and agent.get("since"):
        agent = agent | {"since_text": _day(agent["since"][:10])}
    if agent:
        from access.scopes import Scope

        agent = agent | {
            "scope_labels": [str(Scope(s).label) for s in agent["scopes"] if s in Scope.values],
            "scope_used_label": str(Scope(agent["scope_used"]).label),
            "ceiling_text": (
                _amount(agent["ceiling"], agent["ceiling_currency"]) if agent.get("ceiling") else ""
            ),
        }
    agreed = None
    if sealed and signatures:
        last = max(snap["signatures"], key=lambda s: s["signed_at"])
        agreed = _moment(last["signed_at"], zone) | {
            "day": date_format(datetime.fromisoformat(last["signed_at"]).astimezone(UTC).date())
        }
    stamp = datetime.fromisoformat(snap["sealed_at"]) if snap["sealed_at"] else contract.created_at
    return {
        "snap": snap,
        "sealed": sealed,
        "language": lang,
        "parties": snap["parties"],
        "agent": agent,
        "terms_number": snap["terms"]["number"],
        "sentences": term_sentences(snap["terms"], snap["clauses"]["kill_fee_pct"]),
        "clauses": snap["clauses"][lang],
        "signatures": signatures,
        "agreed": agreed,
        "seal": contract.signed_hash if sealed else "",
        # Sealed before snapshots (format 1): the details show as they are now.
        "legacy": sealed and not contract.snapshot,
        "stamp": stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "zone": str(zone),
    }


def html(contract, *, language: str = "en", zone=None) -> str:
    """The executed contract (or the draft) as a standalone HTML page for this reader."""
    with translation.override(language):
        return render_to_string(
            "campaigns/contract_executed.html", context(contract, language=language, zone=zone)
        )


def pdf(contract, *, language: str = "en", zone=None) -> bytes | None:
    """The same as PDF, byte-for-byte the same at each rendering of a sealed contract for the
    same language and zone; None when WeasyPrint's system libraries are missing."""
    try:
        from weasyprint import HTML
    except OSError:
        return None
    source = html(contract, language=language, zone=zone)
    identifier = (contract.signed_hash or contract.document_hash)[:32].encode()
    return HTML(string=source).write_pdf(pdf_identifier=identifier)
