"""Personal access tokens: shown once, stored hashed, limited to one hat, and every check done
again on every request (revocation, expiry, scope, membership)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from agencies.models import AgencyMembership
from api import actions as api_actions
from api import tokens
from api.models import ApiToken
from talentdesk.lib.errors import ActionError
from tests.api.conftest import api_client, role_of


def test_a_token_is_stored_as_a_hash_with_a_visible_prefix(cast):
    token, raw = api_actions.create_token(
        cast.owner, name="CRM", scope="read", role_key=role_of(cast.owner, "agency").key
    )
    assert raw.startswith(f"td_{token.prefix}_")
    assert raw not in (token.token_hash, token.prefix)
    assert token.token_hash == tokens.hash_token(raw)
    assert not ApiToken.objects.filter(token_hash=raw).exists()


def test_revocation_takes_effect_on_the_next_request(cast):
    _token, raw = api_actions.create_token(
        cast.owner, name="x", scope="read", role_key=role_of(cast.owner, "agency").key
    )
    client = api_client(raw)
    assert client.get("/api/v1/offers").status_code == 200
    api_actions.revoke_token(ApiToken.objects.get(prefix=_token.prefix), actor=None)
    answers = [client.get("/api/v1/offers").status_code for _ in range(100)]
    assert answers == [401] * 100


def test_an_expired_token_stops_working(cast):
    _token, raw = api_actions.create_token(
        cast.owner, name="x", scope="read", days=1, role_key=role_of(cast.owner, "agency").key
    )
    client = api_client(raw)
    assert client.get("/api/v1/offers").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert client.get("/api/v1/offers").status_code == 401


def test_a_read_token_cannot_write(cast, offer):
    client_ = api_client(
        api_actions.create_token(
            cast.brand, name="r", scope="read", role_key=role_of(cast.brand, "brand").key
        )[1]
    )
    response = client_.post(
        f"/api/v1/offers/{offer.public_id}/withdraw", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_leaving_the_agency_kills_the_token(cast):
    _token, raw = api_actions.create_token(
        cast.manager, name="x", scope="read", role_key=role_of(cast.manager, "agency").key
    )
    client = api_client(raw)
    assert client.get("/api/v1/creators").status_code == 200
    AgencyMembership.objects.filter(user=cast.manager).delete()
    assert client.get("/api/v1/creators").status_code == 401


def test_garbage_and_missing_tokens_get_401_with_the_error_body(anon):
    for header in (
        {},
        {"HTTP_AUTHORIZATION": "Bearer nope"},
        {"HTTP_AUTHORIZATION": "Bearer td_" + "x" * 300},
    ):
        response = anon.get("/api/v1/offers", **header)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"


def test_last_used_time_is_recorded(cast):
    token, raw = api_actions.create_token(
        cast.owner, name="x", scope="read", role_key=role_of(cast.owner, "agency").key
    )
    assert token.last_used_at is None
    api_client(raw).get("/api/v1/offers")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_can_only_be_made_for_ones_own_hats(cast):
    with pytest.raises(ActionError):
        api_actions.create_token(cast.owner, name="x", scope="read", role_key="brand:glowskin")
    with pytest.raises(ActionError):
        api_actions.create_token(
            cast.owner, name="x", scope="admin", role_key=role_of(cast.owner, "agency").key
        )
    with pytest.raises(ActionError):
        api_actions.create_token(
            cast.owner, name="x", scope="read", days=400, role_key=role_of(cast.owner, "agency").key
        )


def test_command_line_prints_a_working_token_once(cast, capsys):
    call_command("token", "create", "brand@glowskin.example", "--scope", "write")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("td_")
    assert api_client(raw).get("/api/v1/campaigns").status_code == 200
    call_command("token", "list", "brand@glowskin.example")
    listing = capsys.readouterr().out
    assert raw not in listing and raw.split("_")[1] in listing
    call_command("token", "revoke", raw.split("_")[1])
    assert api_client(raw).get("/api/v1/campaigns").status_code == 401


def test_command_line_refuses_an_organisation_the_user_is_not_in(cast):
    with pytest.raises(SystemExit) as exit_:
        call_command("token", "create", "nobody@example.com")
    assert exit_.value.code == 1
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("token", "create", "owner@northstar.example", "--brand", "glowskin")


def test_token_page_shows_a_new_token_once_and_revokes(cast, login):
    client = login(cast.owner)
    key = role_of(cast.owner, "agency").key
    response = client.post(
        "/settings/tokens/",
        {"name": "Sheets", "role_key": key, "scope": "read", "days": 90},
        follow=True,
    )
    assert response.status_code == 200 and len(response.redirect_chain) == 1
    token = ApiToken.objects.get(user=cast.owner, name="Sheets")
    raw = response.context["created"]["raw"]
    assert raw.encode() in response.content
    again = client.get("/settings/tokens/")
    assert raw.encode() not in again.content and token.prefix.encode() in again.content
    client.post(f"/settings/tokens/{token.public_id}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_client(raw).get("/api/v1/offers").status_code == 401


def test_token_page_refuses_bad_input_next_to_the_field(cast, login):
    client = login(cast.owner)
    response = client.post(
        "/settings/tokens/", {"name": "", "role_key": "brand:glowskin", "scope": "root", "days": 5}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "role_key", "scope", "days"}
    assert not ApiToken.objects.filter(user=cast.owner).exists()


def test_nobody_revokes_someone_elses_token(cast, login):
    token, _raw = api_actions.create_token(
        cast.owner, name="x", scope="read", role_key=role_of(cast.owner, "agency").key
    )
    response = login(cast.manager).post(f"/settings/tokens/{token.public_id}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_browser_session_works_and_its_writes_need_the_csrf_token(cast):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    client.force_login(cast.brand)
    assert client.get("/api/v1/campaigns").status_code == 200
    refused = client.post("/api/v1/notifications/read", content_type="application/json")
    assert refused.status_code == 403
    client.get("/settings/tokens/")  # any page sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    allowed = client.post(
        "/api/v1/notifications/read", content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 200
