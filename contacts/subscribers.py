"""A brand contact hears, by e-mail, of each step the creator's side takes on her deal: she has
no account to be notified in, and her guest link (kept only as a hash) is not in the e-mail —
she opens the one the agency sent her."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from access.models import AuditEventType
from campaigns.events import OfferEvent
from campaigns.transitions import Side
from contacts.models import BrandContact
from contacts.queries import is_offplatform
from deliverables.events import DeliverableEvent
from money.events import InvoiceEvent
from talentdesk.lib.events import subscriber

NEWS = {
    AuditEventType.OFFER_COUNTERED,
    AuditEventType.OFFER_ACCEPTED,
    AuditEventType.OFFER_DECLINED,
    AuditEventType.OFFER_CANCELLED,
    AuditEventType.CONTRACT_SIGNED,
    AuditEventType.DRAFT_SUBMITTED,
    AuditEventType.DELIVERABLE_POSTED,
    AuditEventType.INVOICE_ISSUED,
}


@subscriber(OfferEvent, DeliverableEvent, InvoiceEvent)
def tell_the_contact(event) -> None:
    offer = event.offer
    if event.type not in NEWS or event.side != Side.CREATOR_SIDE or not is_offplatform(offer):
        return
    contact = BrandContact.objects.filter(brand_id=offer.campaign.brand_id).first()
    if contact is None or contact.joined_brand_id is not None:
        return
    # In the language of whoever acted (the manager's, as the guest-link e-mail).
    subject = _("News on your deal with %(creator)s") % {"creator": offer.creator.at_handle}
    body = _(
        "Hello %(name)s,\n\n%(what)s on the deal “%(deal)s” with %(creator)s. Open the "
        "private link %(agency)s sent you to see it and answer."
    ) % {
        "name": contact.name,
        "what": str(event.type.label),
        "deal": offer.campaign.name,
        "creator": offer.creator.at_handle,
        "agency": contact.agency.name,
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [contact.email], fail_silently=True)
    )
