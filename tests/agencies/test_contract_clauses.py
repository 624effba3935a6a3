"""Issue 19: the agency's contract clauses page — owners and admins only, prefilled with the
defaults in English and French, audited, and read by the contracts sealed after a change."""

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from agencies import actions
from agencies.clauses import CLAUSES, DEFAULTS, LANGUAGES, clauses_of
from agencies.models import ContractClauses
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
URL = "agencies:contract-clauses"
PINNED = 6


def form(**overrides):
    data = {"kill_fee_pct": "50"} | {
        f"{c}_{lang}": DEFAULTS[lang][c] for c in CLAUSES for lang in LANGUAGES
    }
    return data | overrides


def test_19_the_page_shows_the_defaults_in_english_and_french(cast, login):
    page = login(cast.owner).get(reverse(URL))
    assert page.status_code == 200
    for lang in LANGUAGES:
        for clause in CLAUSES:
            assert DEFAULTS[lang][clause][:50].replace("'", "&#x27;") in page.text
    assert clauses_of(None)["kill_fee_pct"] == "50.00"


def test_19_only_owners_and_admins_open_it(cast, login):
    assert login(cast.manager).get(reverse(URL)).status_code == 403
    assert login(cast.assistant).post(reverse(URL), form()).status_code == 403
    assert login(cast.brand).get(reverse(URL)).status_code == 404
    assert login(cast.creator).get(reverse(URL)).status_code == 404
    with pytest.raises(ActionError):
        actions.set_contract_clauses(
            role_of(cast.manager, "agency"), actor=cast.manager, kill_fee_pct="10"
        )
    assert not ContractClauses.objects.exists()


def test_19_a_change_is_audited_and_a_default_stays_the_default(cast, login):
    client = login(cast.owner)
    response = client.post(reverse(URL), form(kill_fee_pct="25", disclosure_fr="Mention #pub."))
    assert response.status_code == 302
    row = ContractClauses.objects.get(agency=cast.northstar)
    assert row.disclosure_fr == "Mention #pub." and row.cancellation_en == ""  # the default
    event = AuditEvent.objects.filter(event_type=AuditEventType.PROFILE_UPDATED).latest("id")
    assert event.agency_id == cast.northstar.pk and event.actor_id == cast.owner.pk
    assert event.changes == {
        "contract_clauses.kill_fee_pct": ["50.00", "25.00"],
        "contract_clauses.disclosure_fr": ["", "Mention #pub."],
    }
    assert clauses_of(cast.northstar)["fr"]["disclosure"] == "Mention #pub."
    # Saving the same again writes no audit row.
    count = AuditEvent.objects.count()
    client.post(reverse(URL), form(kill_fee_pct="25", disclosure_fr="Mention #pub."))
    assert AuditEvent.objects.count() == count


def test_19_a_kill_fee_over_100_is_refused(cast, login):
    response = login(cast.owner).post(reverse(URL), form(kill_fee_pct="120"))
    assert response.status_code == 422 and not ContractClauses.objects.exists()


@pytest.mark.parametrize("saved", [False, True])
def test_19_the_page_reads_a_fixed_number_of_queries(cast, login, saved):
    client = login(cast.owner)
    if saved:
        client.post(reverse(URL), form(kill_fee_pct="30", governing_law_en="English law."))
    client.get(reverse(URL))  # warm the session
    assert count_queries(lambda: client.get(reverse(URL))) == PINNED
