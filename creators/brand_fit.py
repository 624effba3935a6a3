"""Brand fit: how much of a creator's audience matches a target audience (SPEC §3).

share = product over the targeted dimensions of the matched marginal shares (independence
assumed, and said); reach = followers × share; expected views = median views × share.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from talentdesk.lib.numbers import localized

COARSE_OLDER = {"35-44", "45-54", "55+"}
# How each gender reads after "the audience is …" (issue 18: not "is in female").
GENDER_WORDS = {
    "female": pgettext_lazy("the audience is …", "female"),
    "male": pgettext_lazy("the audience is …", "male"),
    "other": pgettext_lazy("the audience is …", "of another or unknown gender"),
}
SENTENCES = {
    "countries": gettext_lazy("%(share)s of the audience is in %(keys)s"),
    "genders": gettext_lazy("%(share)s of the audience is %(keys)s"),
    "ages": gettext_lazy("%(share)s of the audience is aged %(keys)s"),
}


@dataclass
class FitLine:
    dimension: str
    share: Decimal | None
    explanation: str


@dataclass
class Fit:
    share: Decimal | None
    reach: int | None
    expected_views: int | None
    lines: list[FitLine] = field(default_factory=list)


def _matched(shares: dict[str, str], wanted: list[str]) -> tuple[Decimal, list[str]]:
    matched = [key for key in wanted if key in shares]
    return sum((Decimal(shares[key]) for key in matched), Decimal(0)), matched


def _keys(attribute: str, matched: list[str]) -> str:
    if not matched:
        return "—"
    if attribute == "genders":
        words = [str(GENDER_WORDS.get(key, key)) for key in matched]
        if len(words) == 1:
            return words[0]
        return _("%(first)s or %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
    return ", ".join(matched)


def compute_fit(audience, *, followers, median_views, countries=(), genders=(), ages=()) -> Fit:
    """The share of the audience matching every targeted dimension, explained line by line."""
    lines: list[FitLine] = []
    share: Decimal | None = Decimal(1)
    targets = [
        (_("Countries"), "countries", [c.upper() for c in countries]),
        (_("Genders"), "genders", list(genders)),
        (_("Ages"), "ages", list(ages)),
    ]
    for label, attribute, wanted in targets:
        if not wanted:
            continue
        shares = getattr(audience, attribute, None) if audience else None
        if not shares:
            lines.append(FitLine(label, None, _("not available from this source")))
            share = None
            continue
        part, matched = _matched(shares, wanted)
        note = ""
        if attribute == "ages" and "35+" in shares and COARSE_OLDER & set(wanted):
            part += Decimal(shares["35+"])
            matched.append("35+")
            note = _(" (the source only has a 35+ bucket: counted whole, so this may overestimate)")
        lines.append(
            FitLine(
                label,
                part,
                str(SENTENCES[attribute])
                % {"share": f"{localized(part * 100, 1)}\u00a0%", "keys": _keys(attribute, matched)}
                + note,
            )
        )
        if share is not None:
            share *= part
    if share is not None and len(lines) > 1:
        lines.append(
            FitLine(
                _("Combined"),
                share,
                _("product of the lines above, assuming they are independent"),
            )
        )
    if not lines:
        return Fit(None, None, None, [])
    return Fit(
        share=share,
        reach=int(followers * share) if share is not None and followers is not None else None,
        expected_views=(
            int(median_views * share) if share is not None and median_views is not None else None
        ),
        lines=lines,
    )
