"""The migration to allauth on a copy of the demo data as it was before: every account keeps
signing in with its password, its address counts as verified, demo logins are marked demo."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from accounts.models import User

BEFORE = ("accounts", "0004_user_is_demo")
AFTER = ("accounts", "0005_existing_addresses_verified")


@pytest.mark.django_db(transaction=True)
def test_existing_accounts_keep_signing_in_after_the_migration():
    from talentdesk import demo

    if demo.is_empty():
        demo.load()
    # The database as the hand-written accounts left it: no allauth address rows, no demo mark.
    EmailAddress.objects.all().delete()
    User.objects.update(is_demo=False)
    real = User.objects.create_user("rosa@agency.test", "a-long-unusual-pass-77", name="Rosa")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    # Later migrations add columns the current User model reads (closed_at): apply them too;
    # the data migration under test has run.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert EmailAddress.objects.count() == User.objects.count()
    assert not EmailAddress.objects.filter(verified=False).exists()
    assert not EmailAddress.objects.filter(primary=False).exists()
    assert set(User.objects.filter(is_demo=False)) == {real}
    for email, password in [
        ("owner@northstar.example", demo.PASSWORD),
        ("creator@creators.example", demo.PASSWORD),
        ("rosa@agency.test", "a-long-unusual-pass-77"),
    ]:
        client = Client(HTTP_HOST="127.0.0.1")
        response = client.post(reverse("account_login"), {"login": email, "password": password})
        assert response.status_code == 302 and response["Location"] == "/", email
