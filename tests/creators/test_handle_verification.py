"""Issue 17, verified handles: "Verify with TikTok" through allauth's TikTok provider (the
connect flow), driven as allauth's own provider tests drive theirs: the login view is posted,
then the callback runs against recorded TikTok responses (token, then user info) served by a
patched `requests.Session.request`."""

import json
from contextlib import contextmanager
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from access import permissions
from access.models import AuditEvent, AuditEventType, SecurityEvent, SecurityEventKind
from accounts.models import User
from campaigns.search import find_creators
from creators.actions import create_creator_profile, set_aside_handle, verify_handle
from creators.models import CreatorProfile
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
VERIFY = reverse("creators:handle-verify")
LOGIN = reverse("tiktok_login")
CALLBACK = reverse("tiktok_callback")
TIKTOK_APP = {
    "tiktok": {
        "APPS": [{"client_id": "test-client-key", "secret": "test-client-secret"}],
        "SCOPE": ["user.info.basic", "user.info.profile"],
    }
}


class MockedResponse:
    """A recorded answer of TikTok's API (allauth.tests.MockedResponse in allauth's own tests)."""

    def __init__(self, status_code, content, headers=None):
        self.status_code = status_code
        self.content = content.encode() if isinstance(content, str) else content
        self.text = self.content.decode()
        self.headers = {"content-type": "application/json", **(headers or {})}

    def json(self):
        return json.loads(self.text)

    def raise_for_status(self):
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(f"{self.status_code} from TikTok", response=self)


def token_response():
    """TikTok's /v2/oauth/token/ answer (open.tiktokapis.com), as its documentation shows."""
    return MockedResponse(
        200,
        json.dumps(
            {
                "access_token": "act.example-access-token",
                "expires_in": 86400,
                "open_id": "open-id-of-the-account",
                "refresh_expires_in": 31536000,
                "refresh_token": "rft.example-refresh-token",
                "scope": "user.info.basic,user.info.profile",
                "token_type": "Bearer",
            }
        ),
    )


def user_info(username, open_id="-000OpenIdOfTheAccount", display_name="Display Name"):
    """TikTok's /v2/user/info/ answer with the fields the provider asks for."""
    return MockedResponse(
        200,
        json.dumps(
            {
                "data": {
                    "user": {
                        "open_id": open_id,
                        "username": username,
                        "display_name": display_name,
                        "avatar_url": "https://p16-sign.tiktokcdn.example/avatar.jpeg",
                        "profile_deep_link": f"https://vm.tiktok.com/{username}",
                    }
                },
                "error": {"code": "ok", "message": "", "log_id": "20261204000000"},
            }
        ),
    )


@contextmanager
def mocked_tiktok(*responses):
    """Serve `responses` in order to whatever allauth asks of TikTok; yields the mock, whose
    calls say what was asked."""
    with mock.patch("requests.Session.request", side_effect=list(responses)) as request:
        yield request


def start(client, process="connect"):
    """Post "Verify with TikTok": allauth sends the browser to TikTok; the state it stored."""
    response = client.post(f"{LOGIN}?process={process}")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.netloc == "www.tiktok.com"
    query = parse_qs(location.query)
    assert query["client_key"] == ["test-client-key"]
    assert query["redirect_uri"][0].endswith(CALLBACK)
    assert set(query["scope"][0].split(",")) == {"user.info.basic", "user.info.profile"}
    return query["state"][0]


def come_back(client, state, *responses, **params):
    with mocked_tiktok(*responses) as request:
        response = client.get(CALLBACK, {"code": "auth-code-from-tiktok", "state": state, **params})
    return response, request


def new_creator(email, handle, language="en"):
    user = User.objects.create_user(email, "pass-creator-2026", name=handle.title())
    user.language = language
    user.save()
    profile = create_creator_profile(actor=user, handle=handle, display_name=handle.title())
    return user, profile


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def tiktok_app(settings):
    settings.SOCIALACCOUNT_PROVIDERS = TIKTOK_APP


def test_17_verify_with_tiktok_marks_the_handle_verified_and_audits_it(
    tiktok_app, login, django_capture_on_commit_callbacks
):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    assert not profile.handle_verified
    client = login(user, "creator")
    page = client.get(VERIFY)
    assert "Verify with TikTok</button>" in page.text and "handle-unverified" in page.text
    state = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        response, request = come_back(
            client, state, token_response(), user_info("nadia.dances", open_id="oid-nadia")
        )
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "TikTok confirmed that @nadia.dances is yours" in messages_of(response)[0]
    profile.refresh_from_db()
    assert profile.handle_verified and profile.tiktok_account_id == "oid-nadia"
    # What was asked of TikTok: the code for a token (with the app's key), then the user info.
    (token_call, info_call) = request.call_args_list
    assert token_call.args[:2] == ("POST", "https://open.tiktokapis.com/v2/oauth/token/")
    assert token_call.kwargs["data"]["client_key"] == "test-client-key"
    assert token_call.kwargs["data"]["code"] == "auth-code-from-tiktok"
    assert info_call.args[:2] == ("GET", "https://open.tiktokapis.com/v2/user/info/")
    assert "username" in info_call.kwargs["params"]["fields"]
    event = AuditEvent.objects.get(event_type=AuditEventType.HANDLE_VERIFIED, on_behalf_of=profile)
    assert event.changes == {"verified_handle": [None, "nadia.dances"]}
    assert event.actor == user
    # allauth keeps no social account and no token: the proof is on the profile.
    from allauth.socialaccount.models import SocialAccount, SocialToken

    assert not SocialAccount.objects.exists() and not SocialToken.objects.exists()
    page = client.get(VERIFY)
    assert "handle-verified" in page.text and "Verify again with TikTok" in page.text


def test_17_the_handle_becomes_the_tiktok_username(tiktok_app, login):
    user, profile = new_creator("nadia@example.com", "nadia_typo")
    client = login(user, "creator")
    response, _request = come_back(
        client, start(client), token_response(), user_info("Nadia.Dances", open_id="oid-nadia")
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.handle == "nadia.dances" and profile.handle_verified
    event = AuditEvent.objects.get(event_type=AuditEventType.HANDLE_VERIFIED, on_behalf_of=profile)
    assert event.changes["handle"] == ["nadia_typo", "nadia.dances"]


def test_17_a_handle_verified_on_another_profile_is_refused(tiktok_app, cast, login):
    assert cast.maya.handle_verified  # the demo's Maya proved @mayamoves
    user, profile = new_creator("fake@example.com", "maya.fan")
    client = login(user, "creator")
    before = AuditEvent.objects.count()
    response, _request = come_back(
        client, start(client), token_response(), user_info("mayamoves", open_id="oid-other")
    )
    assert response["Location"] == VERIFY
    assert messages_of(response) == ["@mayamoves is verified on another profile already."]
    profile.refresh_from_db()
    cast.maya.refresh_from_db()
    assert profile.handle == "maya.fan" and not profile.handle_verified
    assert cast.maya.handle == "mayamoves" and cast.maya.tiktok_account_id == "demo-mayamoves"
    assert AuditEvent.objects.count() == before


def test_17_one_tiktok_account_verifies_one_profile(cast):
    user, profile = new_creator("second@example.com", "second.profile")
    with pytest.raises(Exception, match="already verifies another profile, @mayamoves"):
        verify_handle(profile, actor=user, handle="second.profile", account_id="demo-mayamoves")


def test_17_a_verified_owner_reclaims_a_handle_taken_unverified(
    tiktok_app, login, django_capture_on_commit_callbacks
):
    squatter, taken = new_creator("squat@example.com", "khaby.lame", language="fr")
    owner, real = new_creator("khaby@example.com", "khaby_real")
    client = login(owner, "creator")
    state = start(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response, _request = come_back(
            client, state, token_response(), user_info("khaby.lame", open_id="oid-khaby")
        )
    assert "TikTok confirmed that @khaby.lame is yours" in messages_of(response)[0]
    real.refresh_from_db()
    taken.refresh_from_db()
    assert real.handle == "khaby.lame" and real.handle_verified
    assert taken.handle == set_aside_handle("khaby.lame", taken)
    assert not taken.is_listed and not taken.handle_verified and taken.user == squatter
    # Each change in its own creator's chain.
    lost = AuditEvent.objects.get(event_type=AuditEventType.HANDLE_RECLAIMED)
    assert lost.on_behalf_of == taken and lost.actor == owner
    assert lost.changes == {"handle": ["khaby.lame", taken.handle], "is_listed": [True, False]}
    won = AuditEvent.objects.get(event_type=AuditEventType.HANDLE_VERIFIED, on_behalf_of=real)
    assert won.changes["handle"] == ["khaby_real", "khaby.lame"]
    # The previous holder is told, in her language, in text and HTML.
    (email,) = mail.outbox
    assert email.to == ["squat@example.com"]
    with translation.override("fr"):  # her language, whatever the catalogue says today
        subject = gettext("@%(handle)s was verified by its owner") % {"handle": "khaby.lame"}
        hello = gettext("Hello %(name)s,") % {"name": squatter.name}
    assert email.subject == subject and email.body.startswith(hello)
    assert email.alternatives[0].mimetype == "text/html"


def test_17_an_unclaimed_imported_profile_gives_its_handle_up_too(cast):
    unclaimed = CreatorProfile.objects.create(handle="imported.one", display_name="Imported")
    user, profile = new_creator("imported@example.com", "imported_one")
    verify_handle(profile, actor=user, handle="imported.one", account_id="oid-imported")
    unclaimed.refresh_from_db()
    assert unclaimed.handle.startswith("imported.one-unverified-") and unclaimed.user is None


@pytest.mark.parametrize(
    "responses",
    [
        pytest.param(
            [token_response(), MockedResponse(401, '{"error": {"code": "x"}}')], id="info"
        ),
        pytest.param(
            [MockedResponse(200, '{"error": "invalid_grant", "error_description": "expired"}')],
            id="token",
        ),
    ],
)
def test_17_a_provider_error_verifies_nothing_and_says_so(tiktok_app, login, responses):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    client = login(user, "creator")
    before = AuditEvent.objects.count()
    response, _request = come_back(client, start(client), *responses)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert messages_of(response) == [
        "TikTok did not confirm the account, so nothing was verified. Try again later."
    ]
    profile.refresh_from_db()
    assert not profile.handle_verified and AuditEvent.objects.count() == before
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.HANDLE_VERIFY_FAILED, user=user
    ).exists()


def test_17_a_cancelled_verification_changes_nothing(tiktok_app, login):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    client = login(user, "creator")
    state = start(client)
    with mocked_tiktok() as request:
        response = client.get(CALLBACK, {"error": "access_denied", "state": state})
    assert request.call_count == 0
    assert response["Location"] == VERIFY
    assert messages_of(response) == ["Verification cancelled: nothing changed."]


def test_17_a_username_missing_from_the_answer_verifies_nothing(tiktok_app, login):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    client = login(user, "creator")
    response, _request = come_back(client, start(client), token_response(), user_info(""))
    assert "did not tell us the account's username" in messages_of(response)[0]
    profile.refresh_from_db()
    assert not profile.handle_verified


def test_17_tiktok_never_signs_anyone_in(tiktok_app, login, anon):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    client = login(user, "creator")
    response, _request = come_back(
        client, start(client, process="login"), token_response(), user_info("nadia.dances")
    )
    assert messages_of(response) == ["TikTok only verifies a handle here."]
    profile.refresh_from_db()
    assert not profile.handle_verified
    # Not signed in: the TikTok pages send to the sign-in page, not to TikTok.
    response = anon.post(f"{LOGIN}?process=login")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_17_without_a_tiktok_app_the_page_says_so_and_the_rest_works(settings, login):
    settings.SOCIALACCOUNT_PROVIDERS = {"tiktok": {"APPS": [], "SCOPE": ["user.info.basic"]}}
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    client = login(user, "creator")
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert 'id="tiktok-not-configured"' in page.text
    assert "Verify with TikTok</button>" not in page.text
    response = client.post(f"{LOGIN}?process=connect")
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert messages_of(response) == ["Verification with TikTok is not set up here."]
    assert client.get(CALLBACK).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("creators:profile-edit")).status_code == 200


def test_17_the_settings_read_the_app_from_the_environment():
    from talentdesk.settings import tiktok_provider

    assert tiktok_provider("", "")["APPS"] == []
    app = tiktok_provider("key", "secret")
    assert app["APPS"] == [{"client_id": "key", "secret": "secret"}]
    assert app["SCOPE"] == ["user.info.basic", "user.info.profile"]


def test_17_brands_find_only_verified_handles(cast, login, campaign):
    user, profile = new_creator("nadia@example.com", "nadia.dances")
    assert profile.is_listed and not profile.is_discoverable
    brand = role_of(cast.brand, "brand")
    assert profile not in CreatorProfile.objects.visible_to(brand)
    assert profile not in find_creators(campaign, q="nadia")
    assert permissions.decide(brand, profile) is permissions.NOBODY
    brand_client = login(cast.brand, role_of(cast.brand, "brand").key)
    page = brand_client.get(
        reverse("campaigns:campaign", args=[campaign.public_id]), {"q": "nadia", "search": "1"}
    )
    assert "@nadia.dances" not in page.text
    verify_handle(profile, actor=user, handle="nadia.dances", account_id="oid-nadia")
    assert profile in find_creators(campaign, q="nadia")
    page = brand_client.get(
        reverse("campaigns:campaign", args=[campaign.public_id]), {"q": "nadia", "search": "1"}
    )
    assert "@nadia.dances" in page.text and "handle-verified" in page.text


def test_17_the_agency_sees_not_verified_on_its_roster(cast, login):
    CreatorProfile.objects.filter(pk=cast.maya.pk).update(handle_verified_at=None)
    client = login(cast.owner, role_of(cast.owner, "agency").key)
    page = client.get(reverse("agencies:roster"), {"sort": "handle"})
    assert page.status_code == 200, page
    row = next(line for line in page.text.splitlines() if "@mayamoves</strong>" in line)
    assert "not verified" in row
    other = next(line for line in page.text.splitlines() if "@jaydenlifts</strong>" in line)
    assert "handle-verified" in other and "not verified" not in other


def test_17_the_verification_page_queries(cast, login, django_assert_num_queries):
    client = login(cast.creator, "creator")
    client.get(VERIFY)
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(VERIFY)
    assert response.status_code == 200 and "handle-verified" in response.text


NUM_QUERIES = 6  # session, user, hats (2), profile, the TikTok app lookup
