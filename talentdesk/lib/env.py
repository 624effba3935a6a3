"""Typed readers for settings that come from the environment.

Each reader raises ImproperlyConfigured with the variable's name when a value cannot be parsed,
so a typo in production fails at start-up with a clear message instead of running half-configured.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, fallback_file: Path) -> str:
    """The secret from the environment, else one generated once into `fallback_file` and reused.

    A local run then keeps its sessions across restarts without anyone choosing a key; a
    production deployment sets the variable.
    """
    value = os.environ.get(name)
    if value:
        return value
    if fallback_file.exists():
        return fallback_file.read_text().strip()
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    fallback_file.write_text(value)
    fallback_file.chmod(0o600)
    return value


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def email_settings(url: str) -> dict[str, object]:
    """Django's MAILERS setting from a URL: console://, file:///path, smtp://user:pass@host:587?tls=1."""
    parts = urlsplit(url)
    backend = EMAIL_BACKENDS.get(parts.scheme)
    if backend is None:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not one of {', '.join(sorted(EMAIL_BACKENDS))}"
        )
    options: dict[str, object] = {}
    if parts.scheme == "file":
        options["file_path"] = parts.path
    if parts.scheme in {"smtp", "smtps"}:
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options.update(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if parts.scheme == "smtps" else 25),
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_ssl=parts.scheme == "smtps",
            use_tls=query.get("tls", "").lower() in TRUE,
        )
    return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}


def storage_settings() -> dict[str, object]:
    """The default file storage: local files under MEDIA_ROOT, or S3-compatible object storage
    when S3_BUCKET is set (AWS, MinIO, Scaleway, Backblaze, ...).

    Objects stay private: no ACL is sent (the bucket's own, private, default applies), and the app
    never hands out the storage's URLs; drafts and attachments stream through the views that check
    who may read them. Signed URLs stay on with a short life, so a stray `.url` is never public.
    """
    bucket = env_str("S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = env_str("S3_ENDPOINT_URL")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"S3_ENDPOINT_URL must start with https://, not {endpoint!r}")
    options: dict[str, object] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": env_str("S3_REGION") or None,
        "location": env_str("S3_PREFIX").strip("/"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    # Without keys, boto3 finds credentials itself (instance role, AWS_* variables, profile).
    if env_str("S3_ACCESS_KEY_ID"):
        options["access_key"] = env_str("S3_ACCESS_KEY_ID")
        options["secret_key"] = env_str("S3_SECRET_ACCESS_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
