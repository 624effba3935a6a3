import pytest
from django.urls import reverse

from access import actions
from access.hats import roles_for
from accounts.models import User
from creators.actions import create_creator_profile
from creators.models import Category
from tests.helpers import count_queries, with_second_factor

pytestmark = pytest.mark.django_db
ROSTER = reverse("agencies:roster")


def handles_in(response):
    import re

    return re.findall(r"<strong>(@[\w.]+)</strong></a>", response.text)  # then its badge


def test_owner_sees_every_creator_sorted_by_followers(cast, login):
    response = login(cast.owner).get(ROSTER)
    assert "32 creators" in response.text
    handles = handles_in(response)
    assert len(handles) == 25  # first page
    assert "Page 1 of 2" in response.text


def test_manager_sees_only_assigned_creators(cast, login):
    response = login(cast.manager).get(ROSTER, {"sort": "handle"})
    handles = handles_in(response)
    assert "@mayamoves" in handles
    assert handles == sorted(handles)
    assert len(handles) < 32


def test_search_filters_and_sort_combine(cast, login):
    client = login(cast.owner)
    assert handles_in(client.get(ROSTER, {"q": "maya"})) == ["@mayamoves"]
    assert handles_in(client.get(ROSTER, {"q": "Okafor"})) == ["@mayamoves"]
    beauty = handles_in(client.get(ROSTER, {"category": "beauty", "sort": "handle"}))
    assert beauty == sorted(beauty) and "@sofiaglow" in beauty and "@mayamoves" not in beauty
    french = handles_in(client.get(ROSTER, {"country": "fr"}))
    assert french and "@hugohikes" in french
    mine = handles_in(client.get(ROSTER, {"manager": cast.manager.pk}))
    assert "@mayamoves" in mine
    big = client.get(ROSTER, {"min_followers": 1_000_000})
    assert 0 < len(handles_in(big)) < 32


def test_bad_filter_input_is_explained_and_ignored(cast, login):
    response = login(cast.owner).get(ROSTER, {"min_followers": "lots", "category": "weapons"})
    assert "Enter a whole number." in response.text
    assert "32 creators" in response.text


def test_htmx_request_gets_only_the_table(cast, login):
    response = login(cast.owner).get(
        ROSTER, {"q": "maya"}, headers={"HX-Request": "true", "HX-Target": "roster-table"}
    )
    assert response.text.lstrip().startswith('<div id="roster-table">')
    assert "<html" not in response.text and "@mayamoves" in response.text


def test_new_agency_sees_an_empty_state_with_the_next_step(outsider, login):
    from agencies.actions import create_agency

    create_agency(actor=outsider, name="Orbit Talent")
    with_second_factor(outsider)
    response = login(outsider).get(ROSTER)
    assert "No creator is represented yet." in response.text
    assert reverse("agencies:creator-invite") in response.text


def test_roster_is_not_for_creators_or_brands(cast, login):
    assert login(cast.creator).get(ROSTER).status_code == 404
    assert login(cast.brand).get(ROSTER).status_code == 404


def _agency_with(n, owner):
    from agencies.actions import create_agency

    agency = create_agency(actor=owner, name=f"Scale {n}")
    role = next(r for r in roles_for(owner) if r.kind == "agency" and r.agency == agency)
    beauty = Category.objects.filter(slug__in=["beauty", "food"])
    for i in range(n):
        user = User.objects.create_user(f"s{n}-{i}@example.com", "x", name=f"Scale {i}")
        profile = create_creator_profile(
            actor=user,
            handle=f"s{n}.{i}",
            display_name=f"S {i}",
            followers=i * 10,
            categories=beauty,
        )
        rep = actions.invite_creator(role, actor=owner, identifier=profile.at_handle)
        creator_role = next(r for r in roles_for(user) if r.kind == "creator")
        actions.accept_representation(rep, role=creator_role, actor=user, scopes=["view_insights"])
    return agency


def test_roster_query_count_is_the_same_at_10_and_200_creators(login):
    small_owner = User.objects.create_user("small@example.com", "x", name="Small")
    large_owner = User.objects.create_user("large@example.com", "x", name="Large")
    with_second_factor(small_owner)
    with_second_factor(large_owner)
    _agency_with(10, small_owner)
    _agency_with(200, large_owner)
    counts = []
    for owner in (small_owner, large_owner):
        client = login(owner)
        client.get(ROSTER)
        counts.append(count_queries(lambda c=client: c.get(ROSTER, {"sort": "handle"})))
    assert counts == [12, 12]  # one of them: the e-mailed invitations (issue 17)


def test_roster_sorts_by_the_metrics_columns(cast, login):
    from creators.models import CreatorMetrics

    client = login(cast.owner)
    for key, field in (
        ("median", "median_views"),
        ("engagement", "engagement_rate"),
        ("growth", "follower_growth_rate"),
        ("rate", "rate_from"),
    ):
        handles = [h.lstrip("@") for h in handles_in(client.get(ROSTER, {"sort": f"-{key}"}))]
        values = [getattr(CreatorMetrics.objects.get(creator__handle=h), field) for h in handles]
        assert values == sorted(values, reverse=True), key
    assert "Median views" in client.get(ROSTER).text


def test_refresh_metrics_command_recomputes_the_rollup(cast):
    import io

    from django.core.management import call_command

    from creators.models import CreatorMetrics

    CreatorMetrics.objects.filter(creator=cast.maya).delete()
    out = io.StringIO()
    call_command("refresh-metrics", stdout=out)
    assert "Metrics refreshed for" in out.getvalue()
    assert CreatorMetrics.objects.get(creator=cast.maya).median_views is not None
