"""The cast every test speaks in: the demo world, built once per test session.

Tests run inside a transaction rolled back afterwards, so each starts from the same world.
"""

import os
from dataclasses import dataclass

import pytest
from django.test import Client

from access.roles import SESSION_KEY
from accounts.models import User
from agencies.models import Agency
from brands.models import Brand
from creators.models import CreatorProfile

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytest_plugins = ["tests.fixtures"]  # campaign, offer, signed, cast_tx for every package


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from talentdesk import demo

    with django_db_blocker.unblock():
        demo.load()


@pytest.fixture(scope="session")
def _anchor_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("anchors")


@pytest.fixture(autouse=True)
def _fast_settings(settings, _anchor_dir):
    settings.AUDIT_ANCHOR_FILE = _anchor_dir / "audit-anchors.jsonl"  # never the real var/ one
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",  # fast for the users tests create
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # the demo's one hash
    ]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as it starts from the same database: on SQLite the
    cache has its own files (diskcache), which no test transaction rolls back."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"] == "diskcache.DjangoCache":
        cache.clear()


@dataclass
class Cast:
    owner: User  # Northstar Talent, owner
    manager: User  # Northstar, lead manager of @mayamoves
    manager2: User  # Northstar, another manager
    assistant: User  # Northstar, assistant (read-only)
    creator: User  # @mayamoves, represented by Northstar
    creator2: User  # @leo.eats, represented by Lumen
    brand: User  # GlowSkin, owner
    lumen_owner: User  # the other agency
    lumen_manager: User
    outsider_brand: User  # Volt Bikes, owner
    maya: CreatorProfile
    leo: CreatorProfile
    northstar: Agency
    lumen: Agency
    glowskin: Brand


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


def build_cast() -> Cast:
    users = {u.email: u for u in User.objects.all()}
    return Cast(
        owner=users["owner@northstar.example"],
        manager=users["manager@northstar.example"],
        manager2=users["manager2@northstar.example"],
        assistant=users["assistant@northstar.example"],
        creator=users["creator@creators.example"],
        creator2=users["creator2@creators.example"],
        brand=users["brand@glowskin.example"],
        lumen_owner=users["owner@lumen.example"],
        lumen_manager=users["manager@lumen.example"],
        outsider_brand=users["brand@voltbikes.example"],
        maya=CreatorProfile.objects.get(handle="mayamoves"),
        leo=CreatorProfile.objects.get(handle="leo.eats"),
        northstar=Agency.objects.get(name="Northstar Talent"),
        lumen=Agency.objects.get(name="Lumen Creators"),
        glowskin=Brand.objects.get(name="GlowSkin"),
    )


@pytest.fixture
def login():
    """login(user, role_key=None) → a test client signed in as `user`, wearing that hat."""

    def make(user, role_key: str | None = None) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if role_key:
            session = client.session
            session[SESSION_KEY] = role_key
            session.save()
        return client

    return make


@pytest.fixture
def anon():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def outsider(db):
    """A signed-up user with no agency, brand or creator profile."""
    return User.objects.create_user("outsider@example.com", "pass-outsider-2026", name="Ola Out")


@pytest.fixture
def bearer(db):
    """bearer(user, kind_or_key="agency", scope="write") → an API client sending a new token."""
    from api.actions import create_token
    from tests.campaigns.conftest import role_of

    def make(user, which: str = "agency", scope: str = "write"):
        key = which if ":" in which or which == "creator" else role_of(user, which).key
        _token, raw = create_token(user, name="test", scope=scope, role_key=key)
        return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make
