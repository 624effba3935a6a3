"""Money tests use the shared deal fixtures (tests/fixtures.py) and these helpers."""

import pytest

from campaigns.actions import today
from deliverables import actions as deliverable_actions
from tests.campaigns.conftest import role_of


@pytest.fixture
def as_manager(cast):
    return {"role": role_of(cast.manager, "agency"), "actor": cast.manager}


@pytest.fixture
def as_brand(cast):
    return {"role": role_of(cast.brand, "brand"), "actor": cast.brand}


@pytest.fixture
def as_creator(cast):
    return {"role": role_of(cast.creator, "creator"), "actor": cast.creator}


@pytest.fixture
def complete(as_creator, as_brand):
    """complete(offer): every deliverable drafted, approved, posted and verified."""

    def run(offer):
        for n, item in enumerate(offer.deliverables.order_by("number")):
            deliverable_actions.submit_draft(item, link="https://drive.example.com/v", **as_creator)
            deliverable_actions.give_feedback(item, body="", kind="approval", **as_brand)
            deliverable_actions.mark_posted(
                item,
                url=f"https://www.tiktok.com/@mayamoves/video/7310000000000000{n:02d}",
                **as_creator,
            )
            deliverable_actions.verify(item, **as_brand)
        offer.refresh_from_db()
        return offer

    return run


def next_number(prefix="NST", key=None):
    """The number the agency's next invoice gets (the demo issued some already)."""
    from money.models import InvoiceCounter

    counter = InvoiceCounter.objects.filter(issuer_key=key, year=today().year).first()
    return f"{prefix}-{today().year}-{(counter.last if counter else 0) + 1:04d}"
