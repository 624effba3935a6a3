"""Issue 21: the audit chain is keyed (HMAC with a key outside the database) and anchored (the
heads written outside it), so someone with the database cannot rewrite history unseen."""

import hashlib
import hmac
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command

from access import anchors, audit
from access.models import AuditEvent, AuditEventType, AuditHead

pytestmark = pytest.mark.django_db

OLD_KEY = "old-audit-key-" + "o" * 40
NEW_KEY = "new-audit-key-" + "n" * 40


def run_verify(*args) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def plain(event) -> str:
    return audit.plain_hash(event)


def attackers_own_key(event) -> str:
    return audit.mac(event, "mallory's-guess-" + "m" * 40)  # keeps the real key's id


def the_real_key(event) -> str:  # an insider who holds AUDIT_KEY
    return audit.mac(event, audit.keys()[event.key_id])


def forge_and_rehash(chain: str, seq: int, hasher) -> AuditEvent:
    """Change row `seq` of `chain`, then re-hash it and every row after it, and the head, as
    someone with write access to the database would."""
    rows = list(AuditEvent.objects.filter(chain=chain, seq__gte=seq - 1).order_by("seq"))
    prev = rows[0].hash if rows[0].seq < seq else ""
    forged = None
    for event in rows:
        if event.seq < seq:
            continue
        if event.seq == seq:
            event.actor_name, event.changes, forged = "Mallory", {"rate": ["100", "1"]}, event
        event.prev_hash = prev
        event.hash = hasher(event)
        AuditEvent.objects.filter(pk=event.pk).update(
            actor_name=event.actor_name, changes=event.changes, prev_hash=prev, hash=event.hash
        )
        prev = event.hash
    AuditHead.objects.filter(chain=chain).update(hash=prev)
    return forged


@pytest.fixture
def anchor_file(tmp_path):
    return tmp_path / "anchors.jsonl"


def maya_chain(cast) -> str:
    chain = audit.chain_for(on_behalf_of=cast.maya)
    assert AuditEvent.objects.filter(chain=chain).count() >= 3
    return chain


@pytest.mark.parametrize("hasher", [plain, attackers_own_key, the_real_key])
def test_21_forged_rehashed_row_is_found(cast, anchor_file, hasher):
    chain = maya_chain(cast)
    anchors.anchor(path=anchor_file)
    assert run_verify("--anchors", str(anchor_file))[0] == 0
    head = AuditHead.objects.get(chain=chain)

    forged = forge_and_rehash(chain, 2, hasher)

    code, out = run_verify("--anchors", str(anchor_file))
    assert code == 1
    if hasher is the_real_key:  # only the anchors can tell: every MAC is right
        assert audit.verify().ok
        anchored = AuditEvent.objects.get(chain=chain, seq=head.seq)
        assert f"chain {chain}: row #{head.seq} (id {anchored.pk}) differs from the anchored" in out
    else:  # the key alone finds it, anchors or not
        assert not audit.verify().ok
        assert f"chain {chain}: row #2 (id {forged.pk}) was changed" in out


def test_21_forged_row_with_a_plain_hash_and_no_key_id_is_refused(cast):
    chain = maya_chain(cast)
    AuditEvent.objects.filter(chain=chain).update(key_id="")
    forge_and_rehash(chain, 1, plain)
    result = audit.verify()
    assert not result.ok and "carries a plain hash" in result.problem


def test_21_deleted_chain_is_found(cast, anchor_file):
    chain = maya_chain(cast)
    anchors.anchor(path=anchor_file)
    seq = AuditHead.objects.get(chain=chain).seq

    AuditEvent.objects.filter(chain=chain).delete()
    AuditHead.objects.filter(chain=chain).delete()

    assert audit.verify().ok  # without the anchors nothing is left to miss
    code, out = run_verify("--anchors", str(anchor_file))
    assert code == 1
    assert f"chain {chain}: in the anchors (up to row #{seq}) but not in the database" in out


def test_21_rows_cut_after_the_anchor_are_found_even_with_the_head_rewound(cast, anchor_file):
    chain = maya_chain(cast)
    anchors.anchor(path=anchor_file)
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").first()
    before = AuditEvent.objects.get(chain=chain, seq=last.seq - 1)
    last.delete()
    AuditHead.objects.filter(chain=chain).update(seq=before.seq, hash=before.hash)
    assert audit.verify().ok
    code, out = run_verify("--anchors", str(anchor_file))
    assert code == 1 and f"the anchors saw #{last.seq}" in out


def record_for_maya(cast, reason="test") -> AuditEvent:
    return audit.record(
        AuditEventType.RATE_CHANGED,
        actor=cast.manager,
        acting_as="agency",
        target=cast.maya,
        agency=cast.northstar,
        on_behalf_of=cast.maya,
        changes={"reason": reason},
    )


def test_21_rows_record_the_key_that_signed_them(cast, settings):
    event = record_for_maya(cast)
    assert event.key_id == audit.key_id(settings.AUDIT_KEY)
    assert (
        event.hash
        == hmac.new(
            settings.AUDIT_KEY.encode(),
            event.key_id.encode() + b"|" + audit._payload(event),
            hashlib.sha256,
        ).hexdigest()
    )
    assert event.hash != audit.plain_hash(event)


def test_21_key_rotation_keeps_old_rows_verifiable(cast, settings, anchor_file):
    demo_key = settings.AUDIT_KEY  # the demo world's rows were signed with it
    settings.AUDIT_KEY, settings.AUDIT_KEY_FALLBACKS = OLD_KEY, [demo_key]
    old = record_for_maya(cast, "before the rotation")
    anchors.anchor(path=anchor_file)

    settings.AUDIT_KEY, settings.AUDIT_KEY_FALLBACKS = NEW_KEY, [OLD_KEY, demo_key]
    new = record_for_maya(cast, "after the rotation")
    assert (old.key_id, new.key_id) == (audit.key_id(OLD_KEY), audit.key_id(NEW_KEY))
    assert new.prev_hash == old.hash
    anchors.anchor(path=anchor_file)
    code, out = run_verify("--anchors", str(anchor_file))
    assert code == 0, out
    assert "against the anchors" in out


def test_21_dropping_the_old_key_too_early_is_reported_by_name(cast, settings):
    demo_key = settings.AUDIT_KEY
    settings.AUDIT_KEY, settings.AUDIT_KEY_FALLBACKS = OLD_KEY, [demo_key]
    old = record_for_maya(cast)
    settings.AUDIT_KEY, settings.AUDIT_KEY_FALLBACKS = NEW_KEY, [demo_key]
    result = audit.verify()
    assert not result.ok and result.event_id == old.pk
    assert f"names key {audit.key_id(OLD_KEY)}" in result.problem
    assert "AUDIT_KEY_FALLBACKS" in result.problem


def test_21_anchors_signed_with_an_unknown_key_or_edited_are_refused(cast, settings, anchor_file):
    anchors.anchor(path=anchor_file)
    line = json.loads(anchor_file.read_text())
    line["chains"][next(iter(line["chains"]))][0] += 1
    anchor_file.write_text(json.dumps(line) + "\n")
    code, out = run_verify("--anchors", str(anchor_file))
    assert code == 1 and "does not match (edited)" in out

    anchor_file.unlink()
    settings.AUDIT_KEY = OLD_KEY
    anchors.anchor(path=anchor_file)
    settings.AUDIT_KEY = NEW_KEY
    with pytest.raises(anchors.AnchorError, match="neither AUDIT_KEY"):
        anchors.read(anchor_file)


def test_21_missing_anchor_file_is_a_clear_error(tmp_path):
    code, out = run_verify("--anchors", str(tmp_path / "none.jsonl"))
    assert code == 1 and "no such anchor file" in out


def test_21_anchors_list_every_head_daily_then_only_the_changed_chains(
    cast, anchor_file, monkeypatch
):
    monkeypatch.setattr(anchors, "ID_SLACK", 0)  # the demo world's rows are all "recent"
    first = anchors.anchor(path=anchor_file)
    assert first["kind"] == "full"
    assert len(first["chains"]) == AuditHead.objects.exclude(seq=0).count()
    record_for_maya(cast)
    second = anchors.anchor(path=anchor_file)
    assert second["kind"] == "changes"
    chain = audit.chain_for(on_behalf_of=cast.maya)
    assert chain in second["chains"] and len(second["chains"]) < len(first["chains"])
    assert anchors.anchor(path=anchor_file, only_if_due=True) is None  # within the interval
    assert len(anchor_file.read_text().splitlines()) == 2
    head = AuditHead.objects.get(chain=chain)
    assert anchors.read(anchor_file)[chain][head.seq] == head.hash


def test_21_tick_anchors_through_the_command(cast, settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "tick.jsonl"
    call_command("tick", stdout=io.StringIO())
    call_command("anchor-audit", stdout=io.StringIO())  # not due yet: no second line
    assert len(settings.AUDIT_ANCHOR_FILE.read_text().splitlines()) == 1


def test_21_anchors_are_posted_to_the_webhook(cast, settings, anchor_file):
    received = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    settings.AUDIT_ANCHOR_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/anchors"
    try:
        line = anchors.anchor(path=anchor_file)
    finally:
        thread.join(5)
        server.server_close()
    assert [json.loads(body) for body in received] == [line]


def test_21_rows_written_before_the_key_are_signed_on_upgrade_unless_changed(cast):
    """Migration 0018 signs the old plain-SHA-256 rows; a row changed before the upgrade stays
    refused."""
    chain, other = audit.chain_for(on_behalf_of=cast.maya), audit.chain_for(on_behalf_of=cast.leo)
    for name in (chain, other):  # back to the log as it was before issue 21
        AuditEvent.objects.filter(chain=name).update(key_id="")
        forge_and_rehash(name, 1, plain)  # (the helper also changes row 1: fine, it is "before")
    AuditEvent.objects.filter(chain=other, seq=2).update(target_label="changed before upgrade")

    signed, broken = audit.rekey_legacy(AuditEvent, AuditHead)
    assert broken == [other] and signed >= AuditEvent.objects.filter(chain=chain).count()
    result = audit.verify()
    assert not result.ok and f"chain {other}: row #2" in result.problem
    AuditEvent.objects.filter(chain=other).delete()
    AuditHead.objects.filter(chain=other).delete()
    assert audit.verify().ok
