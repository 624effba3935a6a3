"""The second factor's secrets at rest (AU-6): the TOTP secret and the recovery-code seed are
stored encrypted (Fernet: AES-128-CBC with an HMAC), never as they are.

The key is `MFA_SECRET_KEY` from the environment, or else one derived from `SECRET_KEY` (HKDF, its
own label, so the key signs nothing else). Rotating: put the old key in `MFA_SECRET_KEY_FALLBACKS`
(or the old `SECRET_KEY` in `SECRET_KEY_FALLBACKS`); values written under it still read, new values
use the new key. A value written before encryption existed (no prefix) reads as it is until the
migration `accounts.0006_encrypt_second_factor_secrets` has encrypted it.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "fernet:"


def _derived(secret: str) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"talentdesk.mfa-secrets")
    return base64.urlsafe_b64encode(key.derive(secret.encode()))


def _keys() -> list[bytes]:
    if settings.MFA_SECRET_KEY:
        return [k.encode() for k in [settings.MFA_SECRET_KEY, *settings.MFA_SECRET_KEY_FALLBACKS]]
    return [_derived(s) for s in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]


@cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(text: str) -> str:
    return PREFIX + _fernet(tuple(_keys())).encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption: the migration encrypts it
    try:
        return _fernet(tuple(_keys())).decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken as error:
        raise ValueError(
            "A second-factor secret does not decrypt with MFA_SECRET_KEY (or the key derived "
            "from SECRET_KEY): was the key changed without keeping the old one as a fallback?"
        ) from error
