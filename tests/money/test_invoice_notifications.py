"""Who hears of an invoice: issued → the brand's members; paid → the creator and her agency's
staff who may see her earnings; overdue → both sides; a voided issued invoice → the brand. In the
app and by e-mail, on the channels each chose, in the reader's language; never the actor."""

from datetime import timedelta

import pytest
from django.core import mail

from access.models import AuditEventType, Representation
from messaging import preferences
from messaging.models import Notification, NotificationPreference
from money import actions

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
E = AuditEventType


def told(offer, event):
    return set(
        Notification.objects.filter(offer=offer, event=int(event)).values_list(
            "user__email", flat=True
        )
    )


@pytest.fixture
def invoice(signed, as_manager):
    upfront = signed.milestones.get(number=1)
    return actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)


BRAND = {"brand@glowskin.example"}
CREATOR_SIDE = {  # Maya, her lead manager, her team's assistant, Northstar's owner
    "creator@creators.example",
    "manager@northstar.example",
    "assistant@northstar.example",
    "owner@northstar.example",
}


def brand_members(cast):
    return set(cast.glowskin.memberships.values_list("user__email", flat=True))


def test_an_issued_invoice_is_news_for_the_brand_only(cast, signed, invoice, as_manager):
    assert told(signed, E.INVOICE_DRAFTED) == set()
    actions.issue_invoice(invoice=invoice, **as_manager)
    assert told(signed, E.INVOICE_ISSUED) == brand_members(cast)
    assert told(signed, E.INVOICE_ISSUED) >= BRAND
    note = Notification.objects.get(user=cast.brand, event=int(E.INVOICE_ISSUED), offer=signed)
    assert note.actor_name == "Marco Bianchi" and note.offer == signed


def test_a_paid_invoice_is_news_for_the_creator_and_the_staff_who_see_her_earnings(
    cast, signed, invoice, as_manager, as_brand
):
    actions.issue_invoice(invoice=invoice, **as_manager)
    actions.record_payment(invoice=invoice, amount="100.00", **as_brand)
    assert told(signed, E.PAYMENT_RECORDED) == set()  # a part paid: the invoice is still open
    actions.mark_paid(invoice=invoice, **as_brand)
    heard = told(signed, E.INVOICE_PAID)
    assert heard == CREATOR_SIDE
    assert "manager2@northstar.example" not in heard  # not on her team


def test_without_view_earnings_only_the_creator_hears_of_the_payment(
    cast, signed, invoice, as_manager, as_brand
):
    actions.issue_invoice(invoice=invoice, **as_manager)
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "view_earnings"]
    )
    actions.mark_paid(invoice=invoice, **as_brand)
    assert told(signed, E.INVOICE_PAID) == {"creator@creators.example"}


def test_the_actor_is_not_told_of_their_own_step(cast, signed, invoice, as_manager):
    """The manager records the brand's transfer herself: the others of her side are told."""
    actions.issue_invoice(invoice=invoice, **as_manager)
    actions.mark_paid(invoice=invoice, **as_manager)
    assert told(signed, E.INVOICE_PAID) == CREATOR_SIDE - {"manager@northstar.example"}


def test_an_overdue_invoice_is_news_for_both_sides(cast, signed, invoice, as_manager):
    actions.issue_invoice(invoice=invoice, **as_manager)
    invoice.refresh_from_db()
    actions.mark_overdue(invoice.due_on + timedelta(days=1))
    assert told(signed, E.INVOICE_OVERDUE) == brand_members(cast) | CREATOR_SIDE
    note = Notification.objects.get(user=cast.creator, event=int(E.INVOICE_OVERDUE), offer=signed)
    assert note.actor_name == "talentdesk"


def test_a_voided_invoice_is_news_for_the_brand_once_it_was_issued(
    cast, signed, invoice, as_manager
):
    actions.void_invoice(invoice=invoice, reason="Wrong milestone", **as_manager)
    assert told(signed, E.INVOICE_VOIDED) == set()  # a draft: nobody had it
    again = actions.draft_invoice(
        offer=signed, milestones=[signed.milestones.get(number=1)], **as_manager
    )
    actions.issue_invoice(invoice=again, **as_manager)
    actions.void_invoice(invoice=again, reason="Wrong PO", **as_manager)
    assert told(signed, E.INVOICE_VOIDED) == brand_members(cast)


def test_invoices_have_their_own_kind_of_notification(
    cast, signed, invoice, as_manager, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    assert preferences.kind_of(E.INVOICE_ISSUED) == "invoices"
    assert {preferences.kind_of(e) for e in (E.INVOICE_PAID, E.INVOICE_OVERDUE)} == {"invoices"}
    NotificationPreference.objects.create(user=cast.brand, kind="invoices", in_app=False)
    cast.brand.language = "fr"
    cast.brand.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_invoice(invoice=invoice, **as_manager)
    mine = Notification.objects.get(user=cast.brand, event=int(E.INVOICE_ISSUED), offer=signed)
    assert mine.in_app is False  # e-mail only, as she chose
    sent = [m for m in mail.outbox if m.to == ["brand@glowskin.example"]]
    assert len(sent) == 1
    assert signed.campaign.name in sent[0].subject
    assert sent[0].body.startswith("Bonjour")  # in her language


def test_turning_invoices_off_entirely_leaves_no_row(cast, signed, invoice, as_manager):
    NotificationPreference.objects.create(
        user=cast.brand, kind="invoices", in_app=False, email=False
    )
    actions.issue_invoice(invoice=invoice, **as_manager)
    assert "brand@glowskin.example" not in told(signed, E.INVOICE_ISSUED)
