from decimal import Decimal

import pytest

from access.permissions import decide
from brands.models import Brand
from creators.models import Category
from pipeline import actions
from pipeline.models import Answer
from tests.campaigns.conftest import role_of

RULE_DEFAULTS = {
    "floor_currency": "EUR",
    "floors": {},
    "max_usage_days": None,
    "max_exclusivity_days": None,
    "min_upfront_pct": None,
    "answer": Answer.FLAG,
    "decline_message": "",
}


@pytest.fixture
def set_rules(cast):
    """set_rules(categories=[slug], brands=[brand], **fields): Maya's rules, set by herself."""

    def make(categories=(), brands=(), **fields):
        role = role_of(cast.creator, "creator")
        return actions.set_offer_rules(
            cast.maya,
            role=role,
            actor=cast.creator,
            grant=decide(role, cast.maya),
            fields=RULE_DEFAULTS | fields,
            categories=Category.objects.filter(pk__in=categories),
            brands=Brand.objects.filter(pk__in=[b.pk for b in brands]),
        )

    return make


def price(value) -> Decimal:
    return Decimal(value)
