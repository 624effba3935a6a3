import os
import re
import subprocess
import sys

import pytest

# A script with code in the page (a JSON data block, type="application/json", runs nothing).
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>')
pytestmark = pytest.mark.django_db


def test_every_page_carries_a_strict_csp_and_no_inline_code(cast, login, anon):
    pages = [(anon, "/accounts/login/"), (login(cast.owner), "/"), (login(cast.creator), "/")]
    for client, url in pages:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in csp
        assert "style-src 'self';" in csp or csp.endswith("style-src 'self'")
        assert "'unsafe-inline'" not in csp
        body = response.text
        assert not INLINE_SCRIPT.search(body), url
        assert "<style" not in body and " style=" not in body, url
        assert " on" + "click=" not in body


def test_signed_in_pages_are_never_cached(cast, login):
    response = login(cast.owner).get("/")
    assert "no-store" in response["Cache-Control"]


def test_headers_forbid_framing_and_sniffing(anon):
    response = anon.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_production_settings_pass_djangos_deploy_check(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 64 + "production-like-secret-key-0123456789",
        "ALLOWED_HOSTS": "talentdesk.example.com",
        "DEBUG": "false",
        "TALENTDESK_VAR_DIR": str(tmp_path),
        "EMAIL_URL": "smtp://mailer:secret@smtp.example.com:587?tls=1",
        "AUDIT_KEY": "a" * 48,  # required once ALLOWED_HOSTS names a public host
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "talentdesk", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_loopback_run_keeps_https_settings_off(settings):
    assert settings.LOCAL_ONLY
    assert not settings.SECURE_SSL_REDIRECT
