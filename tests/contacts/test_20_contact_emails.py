"""The brand contact hears by e-mail of the creator side's steps on her deal (she has no account
to be notified in); the brand's own steps and other brands' deals send her nothing."""

from decimal import Decimal

import pytest
from django.core import mail

from campaigns import actions as deals
from tests.contacts.test_20_offplatform_life import one_unit_terms, record_deal

pytestmark = pytest.mark.django_db


def test_20_the_contact_is_emailed_when_the_creator_side_answers(
    cast, contact, as_manager, offer, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        deal = record_deal(cast, contact, as_manager)  # the brand's own step: nothing
        deals.counter_offer(
            offer, terms=one_unit_terms(), seen_version=1, **as_manager
        )  # GlowSkin's
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        deals.counter_offer(
            deal, terms=one_unit_terms(price=Decimal("1700.00")), seen_version=1, **as_manager
        )
    assert [m.to for m in mail.outbox] == [["ines@solene.example"]]
    assert "Changes proposed" in mail.outbox[0].body and "/guest/" not in mail.outbox[0].body
