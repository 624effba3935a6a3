import csv
import io
import json
import re

import pytest
from django.urls import reverse

from access import audit
from access.models import ActingAs, AuditEventType

pytestmark = pytest.mark.django_db
ACTIVITY = reverse("access:activity")


def test_creator_sees_everything_done_on_their_behalf_and_nothing_else(cast, login):
    text = login(cast.creator).get(ACTIVITY).text
    assert "Activity on my behalf" in text
    assert "Representation revoked by the creator" in text
    assert "@leo.eats" not in text and "Léo" not in text


def test_agency_owner_sees_the_agencys_activity_with_filters(cast, login):
    client = login(cast.owner)
    text = client.get(ACTIVITY, {"creator": "@mayamoves"}).text
    assert "Manager assigned" in text
    assert "@sofiaglow" not in text
    only_type = client.get(ACTIVITY, {"type": int(AuditEventType.TEAM_ASSIGNED)}).text
    assert re.search(r"<td[^>]*>Manager assigned</td>", only_type)
    assert not re.search(r"<td[^>]*>Representation accepted</td>", only_type)
    by_actor = client.get(ACTIVITY, {"actor": "Marco"}).text
    assert "Marco Bianchi" in by_actor and "Aisha Khan (" not in by_actor


def test_an_agency_keeps_reading_what_it_did_for_a_creator_who_left(cast, login):
    text = login(cast.lumen_owner).get(ACTIVITY, {"creator": "mayamoves"}).text
    assert "Representation revoked by the creator" in text


def test_csv_export_is_filtered_and_safe_for_spreadsheets(cast, login):
    audit.record(
        AuditEventType.PROFILE_UPDATED,
        actor=cast.creator,
        acting_as=ActingAs.CREATOR,
        on_behalf_of=cast.maya,
        target=cast.maya,
        target_label='=HYPERLINK("https://evil.example")',
    )
    response = login(cast.creator).get(ACTIVITY, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["time_utc", "event", "actor"]
    assert all(row[4] == "mayamoves" for row in rows[1:])
    assert any(row[5].startswith("'=HYPERLINK") for row in rows[1:])


def test_18_changes_read_as_labels_on_the_page_and_as_json_in_the_csv(cast, login):
    """The page showed "status: awaiting_creator_approval → accepted" and the CSV a Python dict."""
    audit.record(
        AuditEventType.PROFILE_UPDATED,
        actor=cast.creator,
        acting_as=ActingAs.CREATOR,
        on_behalf_of=cast.maya,
        target=cast.maya,
        target_label="@mayamoves",
        changes={"series_3": [None, "900.00 EUR"]},
    )
    client = login(cast.creator)
    text = client.get(ACTIVITY).text
    assert "awaiting_creator_approval" not in text and "series_3" not in text
    assert "Video series of 3: — → 900.00 EUR" in text
    assert "Status: Draft → Issued" in text  # an invoice, by its status labels
    client.post(reverse("accounts:language"), {"language": "fr"})
    assert "Statut" in client.get(ACTIVITY).text
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(ACTIVITY, {"format": "csv"}).streaming_content).decode()
            )
        )
    )
    changes = [json.loads(row[6]) for row in rows[1:]]
    assert {"series_3": [None, "900.00 EUR"]} in changes


def test_18_no_person_is_named_by_a_code(cast, login):
    audit.record(
        AuditEventType.PROFILE_UPDATED,
        actor=None,
        acting_as=ActingAs.OPERATOR,
        on_behalf_of=cast.maya,
        target=cast.maya,
        target_label="@mayamoves",
    )
    text = login(cast.creator).get(ACTIVITY).text
    assert "talentdesk (automatic)" in text and not re.search(r"<td[^>]*>system ", text)


def test_activity_htmx_partial(cast, login):
    response = login(cast.creator).get(
        ACTIVITY, headers={"HX-Request": "true", "HX-Target": "activity-table"}
    )
    assert response.text.lstrip().startswith('<div id="activity-table">')


def test_activity_query_count_does_not_grow_with_rows(cast, login):
    from tests.helpers import count_queries

    client = login(cast.owner)
    client.get(ACTIVITY)
    before = count_queries(lambda: client.get(ACTIVITY))
    for _ in range(60):
        audit.record(
            AuditEventType.PROFILE_UPDATED,
            actor=cast.owner,
            acting_as=ActingAs.AGENCY,
            agency=cast.northstar,
            on_behalf_of=cast.maya,
            target=cast.maya,
        )
    assert count_queries(lambda: client.get(ACTIVITY)) == before
