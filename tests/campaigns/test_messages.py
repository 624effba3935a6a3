import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from messaging.actions import response_times, unread_count
from messaging.models import Message

pytestmark = pytest.mark.django_db


def test_both_sides_write_and_unread_counts_follow(cast, login, offer):
    url = reverse("messaging:thread", args=[offer.public_id])
    login(cast.brand).post(url, {"body": "Can you film on Friday?"})
    assert unread_count(cast.manager, offer) == 1
    badge = login(cast.manager).get(reverse("messaging:unread", args=[offer.public_id])).text
    assert "1 new" in badge
    manager = login(cast.manager)
    page = manager.get(url).text
    assert "Can you film on Friday?" in page
    assert unread_count(cast.manager, offer) == 1  # a GET writes nothing
    assert reverse("messaging:thread-read", args=[offer.public_id]) in page
    manager.post(reverse("messaging:thread-read", args=[offer.public_id]))  # what the page does
    assert unread_count(cast.manager, offer) == 0
    manager.post(url, {"body": "Yes, Friday morning works."})
    assert unread_count(cast.brand, offer) == 1
    event = AuditEvent.objects.filter(event_type=AuditEventType.MESSAGE_SENT).latest("id")
    assert event.actor == cast.manager and event.on_behalf_of == cast.maya
    times = response_times(offer)
    assert times["creator_side"] is not None and times["brand"] is None


def test_new_messages_arrive_through_the_polled_partial(cast, login, offer):
    url = reverse("messaging:thread", args=[offer.public_id])
    Message.objects.create(
        offer=offer, side="brand", author=cast.brand, author_name="Camille", body="Ping"
    )
    partial = login(cast.creator).get(url, headers={"HX-Request": "true", "HX-Target": "thread"})
    assert partial.text.lstrip().startswith('<div id="thread"') and "Ping" in partial.text


def test_manager_without_message_brands_reads_but_cannot_write(cast, login, offer):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    url = reverse("messaging:thread", args=[offer.public_id])
    client = login(cast.manager)
    assert "The creator has not given your agency “Message brands”" in client.get(url).text
    assert client.post(url, {"body": "Hello"}).status_code == 403
    assert not Message.objects.filter(offer=offer).exists()


def test_outsiders_get_404_and_empty_messages_are_refused(cast, login, offer):
    url = reverse("messaging:thread", args=[offer.public_id])
    for user in (cast.outsider_brand, cast.lumen_manager, cast.creator2):
        assert login(user).get(url).status_code == 404
    response = login(cast.brand).post(url, {"body": "   "})
    assert "This field is required." in response.text or "Write a message first." in response.text
    assert not Message.objects.filter(offer=offer).exists()


def test_attachments_are_checked_and_served_only_to_the_thread(
    cast, login, offer, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse("messaging:thread", args=[offer.public_id])
    brand = login(cast.brand)
    fake = SimpleUploadedFile("brief.png", b"MZ\x90\x00 not an image" + b"x" * 40)
    refused = brand.post(url, {"body": "See attached", "attachment": fake})
    assert "not a video" in refused.text and not Message.objects.filter(offer=offer).exists()
    png = SimpleUploadedFile("moodboard.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    brand.post(url, {"body": "Moodboard attached", "attachment": png})
    message = Message.objects.get(offer=offer)
    link = reverse("messaging:attachment", args=[offer.public_id, message.pk])
    assert login(cast.manager).get(link).status_code == 200
    assert login(cast.outsider_brand).get(link).status_code == 404
    assert login(cast.creator2).get(link).status_code == 404
