"""Issue 21: a database from before the keyed audit log says OK after `migrate`."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from access import audit
from access.models import AuditEvent

BEFORE = [("access", "0017_creator_invitations")]
AFTER = [("access", "0018_keyed_audit_chain")]


def test_21_an_upgraded_database_verifies(cast_tx):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    event_model = old_apps.get_model("access", "AuditEvent")
    head_model = old_apps.get_model("access", "AuditHead")
    # The log as the previous version wrote it: plain SHA-256, no key.
    for head in head_model.objects.all():
        prev = ""
        for event in event_model.objects.filter(chain=head.chain).order_by("seq"):
            event.prev_hash = prev
            event.hash = prev = audit.plain_hash(event)
            event.save(update_fields=["prev_hash", "hash"])
        head.hash = prev
        head.save(update_fields=["hash"])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    assert not AuditEvent.objects.filter(key_id="").exists()
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=out)
    assert exit_info.value.code == 0, out.getvalue()
    assert out.getvalue().startswith("OK:")
