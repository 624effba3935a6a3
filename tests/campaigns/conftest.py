from datetime import timedelta
from decimal import Decimal

from access.hats import roles_for
from campaigns.actions import today


def role_of(user, kind):
    return next(r for r in roles_for(user) if r.kind == kind)


def terms(**overrides):
    base = {
        "price": Decimal("1500.00"),
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": 2, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": Decimal("30"),
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 30,
        "exclusivity_categories": ["beauty"],
        "exclusivity_days": 60,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    }
    return base | overrides
