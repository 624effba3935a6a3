"""Offer rules: what an arriving offer breaks, and the answer the creator chose for it.

`check_offer` runs once per offer version (the `OfferRuleCheck` row is unique): it locks the
offer, stores each broken rule, and, when the creator chose so and the offer still waits on her
side (the workflow table's sources of the counter or decline step), answers it through the
existing counter or decline action, as her, with the rule named as the actor."""

from decimal import ROUND_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from access.roles import Role, RoleKind
from accounts.models import User
from campaigns import actions as deals
from campaigns.models import Offer
from campaigns.transitions import TRANSITIONS, Side
from pipeline.models import Answer, OfferRuleCheck, OfferRules, Rule, RuleBreach
from talentdesk.lib.errors import ActionError
from talentdesk.lib.numbers import localized

# A blocked brand or category is never countered: those offers are declined.
BLOCKING = {Rule.BLOCKED_BRAND, Rule.BLOCKED_CATEGORY}
ORDER = [
    Rule.BLOCKED_BRAND,
    Rule.BLOCKED_CATEGORY,
    Rule.PRICE_FLOOR,
    Rule.USAGE,
    Rule.EXCLUSIVITY,
    Rule.UPFRONT,
]


def floor_total(rules: OfferRules, deliverables: list) -> Decimal | None:
    """The lowest price of these deliverable lines by her floors; None without any floor."""
    total, any_floor = Decimal(0), False
    for line in deliverables:
        floor = rules.floors.get(line.get("type"))
        if floor not in (None, ""):
            total += Decimal(str(floor)) * int(line.get("count", 1))
            any_floor = True
    return total if any_floor else None


def breaches(rules: OfferRules, offer: Offer, terms) -> list[tuple[str, str, str]]:
    """(rule, what the offer says, what the rule asks) for each rule these terms break."""
    found = []
    brand = offer.campaign.brand
    if rules.blocked_brands.filter(pk=brand.pk).exists():
        found.append((Rule.BLOCKED_BRAND, brand.name, brand.name))
    categories = {c for c in (offer.campaign.category_id, brand.category_id) if c}
    blocked = set(rules.blocked_categories.filter(pk__in=categories).values_list("pk", flat=True))
    for category in sorted(blocked):
        found.append((Rule.BLOCKED_CATEGORY, category, category))
    floor = floor_total(rules, terms.deliverables)
    # Another currency is not comparable (SPEC §9 Money): no flag is invented.
    if floor is not None and terms.currency == rules.floor_currency and terms.price < floor:
        found.append(
            (
                Rule.PRICE_FLOOR,
                f"{terms.price} {terms.currency}",
                f"{floor} {rules.floor_currency}",
            )
        )
    if rules.max_usage_days is not None and terms.usage_days > rules.max_usage_days:
        found.append((Rule.USAGE, str(terms.usage_days), str(rules.max_usage_days)))
    limit = rules.max_exclusivity_days
    if limit is not None and terms.exclusivity_days > limit:
        found.append((Rule.EXCLUSIVITY, str(terms.exclusivity_days), str(limit)))
    if rules.min_upfront_pct is not None and terms.upfront_pct < rules.min_upfront_pct:
        found.append((Rule.UPFRONT, str(terms.upfront_pct), str(rules.min_upfront_pct)))
    return sorted(found, key=lambda row: ORDER.index(row[0]))


def rule_actor(rule: str) -> User:
    """The actor of an automatic answer: no account, named after the rule ("Offer rule: price
    floor"), in English as the audit log keeps names as text."""
    with translation.override("en"):
        name = _("Offer rule: %(rule)s") % {"rule": Rule(rule).label}
    return User(name=name, email="")


def creator_role(creator) -> Role:
    """Her own hat, for the steps a rule takes on her behalf (the workflow's creator side)."""
    return Role(
        kind=RoleKind.CREATOR,
        key="creator",
        name=creator.at_handle,
        title=str(RoleKind.CREATOR.label),
        creator=creator,
    )


def counter_terms(rules: OfferRules, terms) -> dict:
    """Her terms as the counter proposes them: at least her floor, within her usage and
    exclusivity limits, her upfront share (when no milestones fix the split)."""
    proposal = terms.terms()
    floor = floor_total(rules, terms.deliverables)
    if floor is not None and terms.currency == rules.floor_currency and terms.price < floor:
        proposal["price"] = floor.quantize(Decimal("0.01"), rounding=ROUND_UP)
    if rules.max_usage_days is not None:
        proposal["usage_days"] = min(terms.usage_days, rules.max_usage_days)
    if rules.max_exclusivity_days is not None:
        proposal["exclusivity_days"] = min(terms.exclusivity_days, rules.max_exclusivity_days)
    if rules.min_upfront_pct is not None and not terms.milestones:
        proposal["upfront_pct"] = max(terms.upfront_pct, rules.min_upfront_pct)
    proposal["deliverables"] = [dict(line) for line in terms.deliverables]
    return proposal


def check_offer(offer: Offer) -> OfferRuleCheck | None:
    """Check the offer's current version against the creator's rules, once: store what it
    breaks and give her chosen answer. None when she has no rules or it was checked already."""
    rules = OfferRules.objects.filter(creator_id=offer.creator_id).first()
    if rules is None:
        return None
    with transaction.atomic():
        offer = deals._locked(offer)
        if OfferRuleCheck.objects.filter(offer=offer, version=offer.version).exists():
            return None
        terms = offer.versions.get(number=offer.version)
        if terms.side != Side.BRAND:
            return None  # the creator side's own proposal: nothing arrived to check
        found = breaches(rules, offer, terms)
        if not found:
            return None
        try:
            with transaction.atomic():
                check = OfferRuleCheck.objects.create(
                    offer=offer, version=offer.version, answer=rules.answer
                )
        except IntegrityError:  # checked meanwhile by another worker
            return None
        RuleBreach.objects.bulk_create(
            RuleBreach(rule_check=check, offer=offer, rule=rule, found=value, limit=limit)
            for rule, value, limit in found
        )
        if rules.answer != Answer.FLAG:
            _answer(offer, rules, check, terms, found[0][0])
    return check


def _answer(offer, rules, check, terms, first_rule) -> None:
    role = creator_role(offer.creator)
    decline = rules.answer == Answer.DECLINE or first_rule in BLOCKING
    verb = "decline_creator" if decline else "counter_creator"
    # Only the offer as it arrived, unanswered: any answer makes a new version or closes it.
    if offer.version != 1 or offer.status not in TRANSITIONS[verb].sources:
        return
    proposal = None if decline else counter_terms(rules, terms)
    if proposal is not None and proposal == terms.terms():
        return  # nothing a counter could change (milestones fix the upfront share): flagged only
    actor = rule_actor(first_rule)
    try:
        with transaction.atomic():  # a refused answer leaves the offer as the brand sent it
            if decline:
                deals.decide_offer(
                    offer,
                    verb,
                    role=role,
                    actor=actor,
                    reason=rules.decline_message or default_decline(first_rule),
                    seen_status=offer.status,
                )
            else:
                deals.counter_offer(
                    offer,
                    role=role,
                    actor=actor,
                    terms=proposal,
                    seen_version=offer.version,
                    note=default_counter(),
                )
    except ActionError:
        return
    check.answered = True
    check.save(update_fields=["answered"])


def default_decline(rule: str) -> str:
    with translation.override("en"):
        return _("Thank you for the offer: it does not fit the creator's rules (%(rule)s).") % {
            "rule": Rule(rule).label
        }


def default_counter() -> str:
    with translation.override("en"):
        return _("Proposed automatically by the creator's offer rules.")


def describe(breach: RuleBreach) -> str:
    """A flag as the reader's language says it."""
    rule = Rule(breach.rule)
    if rule == Rule.PRICE_FLOOR:
        amount, _sep, currency = breach.limit.partition(" ")
        found, _sep, found_currency = breach.found.partition(" ")
        return _("Price %(found)s is below the floor of %(limit)s.") % {
            "found": f"{localized(Decimal(found), 2)} {found_currency}",
            "limit": f"{localized(Decimal(amount), 2)} {currency}",
        }
    if rule == Rule.BLOCKED_BRAND:
        return _("%(brand)s is a blocked brand.") % {"brand": breach.found}
    if rule == Rule.BLOCKED_CATEGORY:
        from creators.models import Category

        return _("%(category)s is a blocked category.") % {
            "category": Category(slug=breach.found).label
        }
    if rule == Rule.USAGE:
        return _("Usage rights of %(found)s days; at most %(limit)s accepted.") % {
            "found": breach.found,
            "limit": breach.limit,
        }
    if rule == Rule.EXCLUSIVITY:
        return _("Exclusivity of %(found)s days; at most %(limit)s accepted.") % {
            "found": breach.found,
            "limit": breach.limit,
        }
    return _("%(found)s %% paid upfront; at least %(limit)s %% required.") % {
        "found": localized(Decimal(breach.found), 0),
        "limit": localized(Decimal(breach.limit), 0),
    }
