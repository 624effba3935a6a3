"""`talentdesk tick` runs every due job in one process, and one failing job does not stop the
others."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Offer
from talentdesk.management.commands import tick

pytestmark = pytest.mark.django_db


def test_the_tick_expires_overdue_offers_like_the_job_itself(offer):
    Offer.objects.filter(pk=offer.pk).update(response_deadline=timezone.now() - timedelta(days=1))
    call_command("tick", stdout=io.StringIO())
    offer.refresh_from_db()
    assert offer.status == "expired"


def test_a_failing_job_does_not_stop_the_others(monkeypatch):
    ran = []

    def fake(job, **_kwargs):
        ran.append(job)
        if job == "deem-approvals":
            raise RuntimeError("boom")

    monkeypatch.setattr(tick, "call_command", fake)
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("tick", stdout=io.StringIO(), stderr=err)
    assert ran == tick.JOBS
    assert "failed: deem-approvals" in err.getvalue()
