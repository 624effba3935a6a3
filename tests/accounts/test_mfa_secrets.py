"""The second factor's secrets are encrypted at rest (AU-6), readable after a key rotation, and
the secrets stored before encryption are encrypted by a migration."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as global_apps
from django.db import connection

from accounts import mfa_secrets
from tests.helpers import with_second_factor

pytestmark = pytest.mark.django_db
migration = importlib.import_module("accounts.migrations.0006_encrypt_second_factor_secrets")


def test_17_the_totp_secret_and_the_recovery_seed_are_not_stored_as_they_are(cast):
    secret = with_second_factor(cast.owner)
    codes = RecoveryCodes.activate(cast.owner)
    totp = Authenticator.objects.get(user=cast.owner, type=Authenticator.Type.TOTP)
    seed = Authenticator.objects.get(user=cast.owner, type=Authenticator.Type.RECOVERY_CODES)
    assert secret not in str(totp.data)
    assert totp.data["secret"].startswith(mfa_secrets.PREFIX)
    assert seed.data["seed"].startswith(mfa_secrets.PREFIX)
    assert TOTP(totp).validate_code(_code(secret))
    assert codes.get_unused_codes() == RecoveryCodes(seed).get_unused_codes()


def test_17_secrets_still_read_after_the_key_is_rotated(cast, settings):
    settings.MFA_SECRET_KEY = mfa_secrets._derived("first").decode()
    secret = with_second_factor(cast.owner)
    settings.MFA_SECRET_KEY = mfa_secrets._derived("second").decode()
    settings.MFA_SECRET_KEY_FALLBACKS = [mfa_secrets._derived("first").decode()]
    totp = Authenticator.objects.get(user=cast.owner, type=Authenticator.Type.TOTP)
    assert TOTP(totp).validate_code(_code(secret))
    settings.MFA_SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError, match="MFA_SECRET_KEY"):
        mfa_secrets.decrypt(totp.data["secret"])


def test_17_the_migration_encrypts_secrets_stored_before(cast):
    legacy = Authenticator.objects.create(
        user=cast.owner,
        type=Authenticator.Type.TOTP,
        data={"secret": "JBSWY3DPEHPK3PXP"},
    )
    seed = Authenticator.objects.create(
        user=cast.owner,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0},
    )
    codes_before = RecoveryCodes(seed).get_unused_codes()
    migration.encrypt(global_apps, connection.schema_editor())
    legacy.refresh_from_db()
    seed.refresh_from_db()
    assert legacy.data["secret"].startswith(mfa_secrets.PREFIX)
    assert mfa_secrets.decrypt(legacy.data["secret"]) == "JBSWY3DPEHPK3PXP"
    assert RecoveryCodes(seed).get_unused_codes() == codes_before
    migration.encrypt(global_apps, connection.schema_editor())  # twice changes nothing
    legacy.refresh_from_db()
    assert mfa_secrets.decrypt(legacy.data["secret"]) == "JBSWY3DPEHPK3PXP"


def _code(secret):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
