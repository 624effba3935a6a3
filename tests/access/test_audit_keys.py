"""Issue 21: where the audit key comes from (access/keys.py): never the database."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from access.keys import audit_keys

KEY = "k" * 40


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("AUDIT_KEY", "AUDIT_KEY_FILE", "AUDIT_KEY_FALLBACKS"):
        monkeypatch.delenv(name, raising=False)


def test_21_the_environment_gives_the_key_and_its_fallbacks(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDIT_KEY", KEY)
    monkeypatch.setenv("AUDIT_KEY_FALLBACKS", "o" * 40 + ", " + "p" * 40)
    assert audit_keys(fallback_file=tmp_path / "k", production=True) == (KEY, ["o" * 40, "p" * 40])
    assert not (tmp_path / "k").exists()


def test_21_a_key_file_holds_the_key_then_the_old_ones(monkeypatch, tmp_path):
    path = tmp_path / "audit.key"
    path.write_text(f"{KEY}\n\n{'o' * 40}\n")
    monkeypatch.setenv("AUDIT_KEY_FILE", str(path))
    assert audit_keys(fallback_file=tmp_path / "k", production=True) == (KEY, ["o" * 40])


def test_21_production_refuses_to_start_without_a_key(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="AUDIT_KEY or AUDIT_KEY_FILE"):
        audit_keys(fallback_file=tmp_path / "k", production=True)


def test_21_a_local_run_generates_its_key_once(tmp_path):
    key, fallbacks = audit_keys(fallback_file=tmp_path / "k", production=False)
    assert len(key) >= 32 and fallbacks == []
    assert audit_keys(fallback_file=tmp_path / "k", production=False) == (key, [])
    assert (tmp_path / "k").stat().st_mode & 0o077 == 0


def test_21_short_or_unreadable_keys_are_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDIT_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        audit_keys(fallback_file=tmp_path / "k", production=True)
    monkeypatch.delenv("AUDIT_KEY")
    monkeypatch.setenv("AUDIT_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        audit_keys(fallback_file=tmp_path / "k", production=True)
