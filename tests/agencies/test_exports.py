"""Roster and offers exports (issue 19): CSV and XLSX of the page's rows with its filters,
formula cells neutralised, and nothing for anyone outside the agency."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access.models import Representation

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def roster_url(fmt, query=""):
    return reverse("agencies:roster-export", args=[fmt]) + (f"?{query}" if query else "")


def offers_url(fmt, query=""):
    return reverse("campaigns:offers-export", args=[fmt]) + (f"?{query}" if query else "")


def test_19_roster_exports_the_filtered_rows_with_formulas_neutralised(cast, login):
    cast.maya.display_name = '=HYPERLINK("http://evil.example","x")'
    cast.maya.save()
    client = login(cast.owner)
    rows = read_csv(client.get(roster_url("csv")))
    assert rows[0][:3] == ["Handle", "Name", "Followers"]
    maya = next(r for r in rows if r[0] == "mayamoves")
    assert maya[1] == '\'=HYPERLINK("http://evil.example","x")'
    everyone = len(rows) - 1
    assert everyone == Representation.objects.active().filter(agency=cast.northstar).count()

    filtered = read_csv(client.get(roster_url("csv", "q=maya")))
    assert [r[0] for r in filtered[1:]] == ["mayamoves"]

    book = read_xlsx(client.get(roster_url("xlsx", "q=maya")))
    assert book[0][0] == "Handle" and book[1][0] == "mayamoves"
    assert book[1][1].startswith("'=HYPERLINK")


def test_19_roster_export_writes_withheld_figures_as_withheld(cast, login):
    Representation.objects.active().filter(creator=cast.maya).update(scopes=[])
    rows = read_csv(login(cast.owner).get(roster_url("csv", "q=maya")))
    assert rows[1][3:8] == ["withheld", "withheld", "withheld", "withheld", ""]


def test_19_roster_page_links_to_its_exports_with_its_filters(cast, login):
    text = login(cast.owner).get(reverse("agencies:roster") + "?q=maya").text
    assert roster_url("csv", "q=maya") in text.replace("&amp;", "&")
    assert reverse("agencies:roster-export", args=["xlsx"]) in text


def test_19_outsiders_export_nothing_of_the_agency(cast, login, anon):
    rows = read_csv(login(cast.lumen_owner).get(roster_url("csv")))
    assert "mayamoves" not in [r[0] for r in rows]
    for user in (cast.brand, cast.creator):
        assert login(user).get(roster_url("csv")).status_code == 404
        assert login(user).get(offers_url("csv")).status_code == 404
    assert anon.get(roster_url("csv")).status_code == 302
    assert login(cast.owner).get(roster_url("pdf")).status_code == 404


def test_19_offers_export_respects_the_tab_and_filters(cast, login, offer):
    client = login(cast.manager)
    rows = read_csv(client.get(offers_url("csv")))
    assert rows[0][:5] == ["Creator (handle)", "Creator's name", "Brand", "Campaign", "Status"]
    ours = [r for r in rows if r[3] == "Summer glow"]
    assert [(r[0], r[2], r[6]) for r in ours] == [("mayamoves", "GlowSkin", "EUR")]
    volt = read_csv(client.get(offers_url("csv", "brand=Volt")))[1:]
    assert volt and {r[2] for r in volt} == {"Volt Bikes"}
    completed = read_csv(client.get(offers_url("csv", "tab=completed")))[1:]
    assert "Summer glow" not in [r[3] for r in completed]  # a pending offer
    book = read_xlsx(client.get(offers_url("xlsx", "brand=Glow")))
    assert {row[2] for row in book[1:]} == {"GlowSkin"}
    assert "Summer glow" in [row[3] for row in book[1:]]
    lumen = read_csv(login(cast.lumen_owner).get(offers_url("csv")))[1:]
    assert "Summer glow" not in [r[3] for r in lumen]


def test_19_offers_page_links_to_its_exports(cast, login, offer):
    text = login(cast.manager).get(reverse("campaigns:offers") + "?brand=Glow").text
    assert offers_url("csv", "brand=Glow") in text.replace("&amp;", "&")
    assert offers_url("csv") not in login(cast.brand).get(reverse("campaigns:offers")).text
