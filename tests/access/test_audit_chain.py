import pytest
from django.core.management import call_command
from django.db import connection

from access import audit
from access.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def run_verify():
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    return exit_info.value.code


def test_demo_history_verifies(cast, capsys):
    assert run_verify() == 0
    assert "OK" in capsys.readouterr().out


def test_changing_a_row_with_raw_sql_is_found_and_named(cast, capsys):
    event = AuditEvent.objects.filter(on_behalf_of=cast.maya).order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET actor_name = %s WHERE id = %s", ["Mallory", event.pk]
        )
    result = audit.verify()
    assert not result.ok and result.event_id == event.pk
    assert run_verify() == 1
    assert f"id {event.pk}" in capsys.readouterr().out


def test_deleting_a_row_is_found(cast):
    event = AuditEvent.objects.filter(on_behalf_of=cast.maya).order_by("seq")[1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [event.pk])
    result = audit.verify()
    assert not result.ok
    assert f"row #{event.seq} is missing" in result.problem


def test_cutting_the_tail_is_found(cast):
    last = AuditEvent.objects.filter(on_behalf_of=cast.maya).order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [last.pk])
    result = audit.verify()
    assert not result.ok
    assert "were removed" in result.problem


def test_each_chain_has_a_head_matching_its_last_row(cast):
    for head in AuditHead.objects.all():
        last = AuditEvent.objects.filter(chain=head.chain).order_by("-seq").first()
        assert (head.seq, head.hash) == (last.seq, last.hash)
