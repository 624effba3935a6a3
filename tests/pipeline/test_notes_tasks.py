"""Issue 20: notes and tasks on a creator and on a deal are her agency team's: never the
brand's, another agency's or an anonymous visitor's; the creator reads those marked for her."""

from datetime import timedelta

import pytest
from django.urls import reverse

from access.permissions import decide
from campaigns.actions import today
from messaging.agenda import deadlines, ics
from messaging.models import Notification
from messaging.reminders import send_reminders
from pipeline import actions
from pipeline.models import Note, Task
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(cast, offer):
    """Two notes and two tasks on Maya and two of each on her GlowSkin deal, by her manager:
    one of each kind marked for her."""
    role = role_of(cast.manager, "agency")
    grant = decide(role, cast.maya)
    for target in (None, offer):
        where = "deal" if target else "creator"
        for shared in (False, True):
            label = f"{where}-{'shared' if shared else 'team'}"
            actions.add_note(
                cast.maya,
                role=role,
                actor=cast.manager,
                grant=grant,
                body=f"note {label}",
                creator_visible=shared,
                offer=target,
            )
            actions.add_task(
                cast.maya,
                role=role,
                actor=cast.manager,
                grant=grant,
                title=f"task {label}",
                due_on=today() + timedelta(days=1),
                assignee=cast.manager,
                creator_visible=shared,
                offer=target,
            )
    return offer


def pages(cast, offer):
    return {
        "creator": reverse("pipeline:creator-notes", args=[cast.maya.public_id]),
        "deal": reverse("pipeline:offer-notes", args=[offer.public_id]),
    }


@pytest.mark.parametrize("where", ["creator", "deal"])
@pytest.mark.parametrize(
    ("who", "key", "status", "sees"),
    [
        ("manager", "agency", 200, {"team", "shared"}),  # her team
        ("creator", "creator", 200, {"shared"}),  # she reads what is marked for her
        ("brand", "brand", 404, set()),  # never the brand
        ("lumen_manager", "agency", 404, set()),  # another agency (once hers, now ended)
        ("manager2", "agency", 404, set()),  # her agency, but not on her team
    ],
)
def test_20_notes_and_tasks_visibility(cast, login, written, where, who, key, status, sees):
    client = login(getattr(cast, who), role_of(getattr(cast, who), key).key)
    response = client.get(pages(cast, written)[where])
    assert response.status_code == status
    body = response.content.decode() if status == 200 else ""
    for kind in ("team", "shared"):
        for thing in ("note", "task"):
            assert (f"{thing} {where}-{kind}" in body) == (kind in sees), (thing, kind)
    other = "deal" if where == "creator" else "creator"
    assert f"note {other}-" not in body  # a deal's notes stay on the deal, and the other way


@pytest.mark.parametrize("where", ["creator", "deal"])
def test_20_anonymous_visitors_are_sent_to_sign_in(cast, anon, written, where):
    response = anon.get(pages(cast, written)[where])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_20_an_outsider_gets_404(cast, login, outsider, written):
    assert login(outsider).get(pages(cast, written)["deal"]).status_code == 404


def test_20_a_manager_writes_a_note_on_a_deal(cast, login, offer):
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    url = reverse("pipeline:offer-notes", args=[offer.public_id])
    response = client.post(url, {"kind": "note", "body": "Brand prefers Tuesdays."})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.offer, note.agency, note.creator_visible) == (offer, cast.northstar, False)
    assert "Brand prefers Tuesdays." in client.get(url).content.decode()


def test_20_an_empty_note_is_refused_with_the_form(cast, login, offer):
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    url = reverse("pipeline:offer-notes", args=[offer.public_id])
    assert client.post(url, {"kind": "note", "body": " "}).status_code == 422
    assert not Note.objects.exists()


@pytest.mark.parametrize(("who", "key"), [("creator", "creator"), ("brand", "brand")])
def test_20_only_the_team_writes_notes(cast, login, offer, who, key):
    client = login(getattr(cast, who), role_of(getattr(cast, who), key).key)
    url = reverse("pipeline:offer-notes", args=[offer.public_id])
    response = client.post(url, {"kind": "note", "body": "Hello", "creator_visible": "on"})
    assert response.status_code in (403, 404)
    assert not Note.objects.exists()


def test_20_a_task_goes_to_an_agency_member_only(cast, login):
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    url = reverse("pipeline:creator-notes", args=[cast.maya.public_id])
    due = (today() + timedelta(days=3)).isoformat()
    response = client.post(
        url, {"kind": "task", "title": "Call", "due_on": due, "assignee": cast.lumen_manager.pk}
    )
    assert response.status_code == 422 and not Task.objects.exists()
    response = client.post(
        url, {"kind": "task", "title": "Call", "due_on": due, "assignee": cast.manager2.pk}
    )
    assert response.status_code == 302
    assert Task.objects.get().assignee == cast.manager2


def test_20_tasks_are_on_the_assignees_calendar_feed_and_inbox(cast, login, written):
    days = deadlines(cast.manager, start=today())
    titles = [event["title"] for event in days if event["kind"] == "task"]
    assert sorted(titles) == sorted(
        f"task {w}-{k} · {cast.maya.at_handle}"
        for w in ("creator", "deal")
        for k in ("team", "shared")
    )
    assert not [e for e in deadlines(cast.manager2, start=today()) if e["kind"] == "task"]
    feed = ics(cast.manager, days).decode()
    assert "SUMMARY:Task: task deal-team" in feed
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "task creator-team" in inbox and "task deal-shared" in inbox
    calendar = client.get(reverse("messaging:calendar")).content.decode()
    assert "task deal-team" in calendar


def test_20_task_reminders_go_to_the_assignee_once(cast, written):
    before = Notification.objects.filter(user=cast.manager).count()
    send_reminders(today())
    send_reminders(today())
    reminders = Notification.objects.filter(user=cast.manager).order_by("id")[before:]
    assert sorted(n.actor_name for n in reminders) == sorted(
        f"task {w}-{k}" for w in ("creator", "deal") for k in ("team", "shared")
    )


def test_20_a_done_task_leaves_the_lists(cast, login, written):
    task = Task.objects.get(title="task creator-team")
    client = login(cast.manager, role_of(cast.manager, "agency").key)
    response = client.post(reverse("pipeline:task-done", args=[task.public_id]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    page = client.get(reverse("pipeline:creator-notes", args=[cast.maya.public_id]))
    assert "task creator-team" not in page.content.decode()


def test_20_another_agency_cannot_close_a_task(cast, login, written):
    task = Task.objects.get(title="task creator-team")
    client = login(cast.lumen_manager, role_of(cast.lumen_manager, "agency").key)
    assert client.post(reverse("pipeline:task-done", args=[task.public_id])).status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


def test_20_tasks_of_an_ended_representation_reach_no_one(cast, written):
    from access.models import Representation

    Representation.objects.filter(agency=cast.northstar, creator=cast.maya).update(status="ended")
    assert not [e for e in deadlines(cast.manager, start=today()) if e["kind"] == "task"]
    before = Notification.objects.filter(user=cast.manager).count()
    send_reminders(today())
    assert Notification.objects.filter(user=cast.manager).count() == before
