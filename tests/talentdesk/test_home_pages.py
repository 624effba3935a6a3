import pytest

from access import actions
from access.hats import roles_for
from accounts.models import User
from creators.actions import create_creator_profile
from creators.models import CreatorProfile
from talentdesk.demo import CREATORS, LUMEN_COUNT, NORTHSTAR_COUNT
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
NORTHSTAR_HANDLES = [c[0] for c in CREATORS[:NORTHSTAR_COUNT]]
LUMEN_HANDLES = [c[0] for c in CREATORS[NORTHSTAR_COUNT : NORTHSTAR_COUNT + LUMEN_COUNT]]


def test_agency_owner_sees_the_whole_roster_summary(cast, login):
    page = login(cast.owner).get("/").text
    assert "Northstar Talent" in page
    assert "Creators represented" in page
    assert "@mayamoves" in page or "@" in page
    assert "Marco Bianchi" in page  # lead manager column and team list


def test_manager_sees_only_assigned_creators(cast, login):
    page = login(cast.manager2).get("/").text
    assert "The creators assigned to you." in page
    assert "@mayamoves" not in page  # led by the other manager


def test_lumen_pages_never_show_a_northstar_handle(cast, login):
    for user in (cast.lumen_owner, cast.lumen_manager, cast.creator2):
        page = login(user).get("/").text
        assert not [h for h in NORTHSTAR_HANDLES if f"@{h}<" in page or f"@{h} " in page], user


def test_creator_home_shows_representation_scopes_and_activity(cast, login):
    page = login(cast.creator).get("/").text
    assert "Maya Okafor" in page
    assert "Northstar Talent" in page
    assert "Accept offers" in page
    assert "Recent activity on my behalf" in page
    assert "Nothing has been done in your name yet." not in page
    assert "Revoked by the creator" in login(cast.creator).get("/access/managers/").text


def test_brand_home_lists_creators_of_its_category(cast, login):
    page = login(cast.brand).get("/").text
    assert "GlowSkin" in page
    assert "Creators in Beauty" in page
    assert "@sofiaglow" in page
    assert "@dj.kofi" not in page  # music, not beauty


def test_user_without_a_hat_is_shown_how_to_start(outsider, login):
    page = login(outsider).get("/").text
    assert "Create an agency" in page and "Create my creator profile" in page


def test_role_switcher_changes_the_hat_and_refuses_unknown_keys(cast, login):
    create_creator_profile(actor=cast.owner, handle="hannah.r", display_name="Hannah Reyes")
    client = login(cast.owner)
    assert "Northstar Talent" in client.get("/").text
    client.post("/access/switch/", {"role": "creator"})
    assert "Who represents me" in client.get("/").text
    client.post("/access/switch/", {"role": "agency:lumen-creators"})  # not theirs
    assert "Who represents me" in client.get("/").text


def _grow(agency_owner, n):
    """Add n represented creators to the owner's agency."""
    role = next(r for r in roles_for(agency_owner) if r.kind == "agency")
    for i in range(n):
        user = User.objects.create_user(f"grow{i}@example.com", "x", name=f"Grow {i}")
        profile = create_creator_profile(
            actor=user, handle=f"grow{i}", display_name=f"Grow {i}", followers=10_000 + i
        )
        rep = actions.invite_creator(role, actor=agency_owner, identifier=profile.at_handle)
        creator_role = next(r for r in roles_for(user) if r.kind == "creator")
        actions.accept_representation(rep, role=creator_role, actor=user, scopes=["view_insights"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 11), ("manager", 10), ("assistant", 10), ("creator", 8), ("brand", 9)],
)
def test_home_page_query_count_is_pinned_and_independent_of_data_size(cast, login, who, expected):
    client = login(getattr(cast, who))
    client.get("/")  # warm the session
    small = count_queries(lambda: client.get("/"))
    _grow(cast.owner, 25)
    CreatorProfile.objects.update(is_listed=True)
    large = count_queries(lambda: client.get("/"))
    assert small == large == expected
