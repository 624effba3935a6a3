"""Invoice pages: the list with its status tabs, one invoice laid out as the document it is (with
the steps the role may take, from the INVOICES workflow's table), its PDF, drafting an invoice
from a signed deal's due milestones, and a deal's commission before signature."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from access.decorators import role_required
from access.permissions import Party, decide
from campaigns.queries import get_offer_for_user
from money import actions, documents, queries
from money.forms import DealCommissionForm, DraftInvoiceForm, PaymentForm, VoidForm
from money.transitions import INVOICE_TRANSITIONS, INVOICES, OPEN, InvoiceStatus, MoneySide
from money.transitions import money_party as party_of
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed
from talentdesk.lib.pdf import pdf_response

PAGE_SIZE = 25
STAFF_BRAND_CREATOR = ("agency", "brand", "creator")


def _posted(request):
    """The posted data, or None on GET: an empty POST still binds the form (its errors show)."""
    return request.POST if request.method == "POST" else None


@role_required(*STAFF_BRAND_CREATOR)
def invoice_list(request):
    """The invoices the role may see, one status per tab with the count of each."""
    status = request.GET.get("status")
    if status not in queries.TABS:
        status = InvoiceStatus.ISSUED
    rows, counts = queries.invoice_list(request.role, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "status": status,
        "tabs": [(s, s.label, counts[str(s)]) for s in queries.TABS],
        "page": page,
    }
    template = "money/invoices.html"
    if request.htmx and request.htmx.target == "invoice-table":
        template += "#invoice-table"
    return render(request, template, context)


@role_required(*STAFF_BRAND_CREATOR)
def invoice_detail(request, public_id):
    """One invoice as the document it is, its payments, and the role's steps: issue and void
    for the issuer side, a payment recorded by the issuer side, "Mark as paid" for the brand."""
    role = request.role
    invoice, grant = queries.get_invoice_for_user(role, public_id)
    party = party_of(role, invoice, grant)
    void_form = payment_form = None
    status = 200
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        result = _take_step(request, invoice, grant, party, verb)
        if result is None:
            return redirect("money:invoice", public_id=invoice.public_id)
        void_form, payment_form = result
        status = 422  # the form, with its errors next to their fields
    context = _context(request, invoice, grant, party, void_form, payment_form)
    return render(request, "money/invoice.html", context, status=status)


def _take_step(request, invoice, grant, party, verb):
    """Apply one posted step: None when done (or refused with a message), else the
    (void form, payment form) to show again with their errors. 403 for a step the role may
    not take."""
    role, user = request.role, request.user
    if verb in ("issue", "void"):
        if not INVOICES.allows(verb, role, invoice, grant):
            if invoice.status in INVOICE_TRANSITIONS[verb].sources:
                raise PermissionDenied(INVOICES.not_allowed_message(invoice))
            messages.error(request, INVOICES.wrong_state_message(invoice))
            return None
    elif verb == "pay":
        if party != MoneySide.ISSUER or not role.can_act:
            raise PermissionDenied(INVOICES.not_allowed_message(invoice))
    elif verb == "mark_paid":
        if party != MoneySide.BRAND:
            raise PermissionDenied(INVOICES.not_allowed_message(invoice))
    else:
        raise PermissionDenied(_("The form was incomplete: reload the page and retry."))
    void_form = VoidForm(request.POST, auto_id="void-%s") if verb == "void" else None
    payment_form = PaymentForm(request.POST) if verb == "pay" else None
    form = void_form or payment_form
    if form is not None and not form.is_valid():
        return void_form, payment_form
    try:
        if verb == "issue":
            actions.issue_invoice(role, invoice, actor=user)
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
        elif verb == "void":
            actions.void_invoice(role, invoice, actor=user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The invoice is void."))
        elif verb == "pay":
            data = form.cleaned_data
            actions.record_payment(
                role,
                invoice,
                actor=user,
                amount=data["amount"],
                paid_on=data["paid_on"],
                reference=data["reference"],
            )
            messages.success(request, _("The payment was recorded."))
        else:
            actions.mark_paid(role, invoice, actor=user)
            messages.success(request, _("Marked as paid. Thank you."))
    except ActionError as error:
        refuse_if_not_allowed(error)
        if form is not None and error.field in form.fields:
            form.add_error(error.field, error.message)
            return void_form, payment_form
        messages.error(request, error.message)
    return None


def _context(request, invoice, grant, party, void_form=None, payment_form=None):
    role = request.role
    verbs = INVOICES.verbs_for(role, invoice, grant)
    open_ = invoice.status in OPEN
    can_record = party == MoneySide.ISSUER and role.can_act and open_
    if can_record and payment_form is None:
        from money.actions import today

        payment_form = PaymentForm(initial={"amount": invoice.balance, "paid_on": today()})
    if "void" in verbs and void_form is None:
        void_form = VoidForm(auto_id="void-%s")
    return {
        "invoice": invoice,
        "offer": invoice.offer,
        "lines": list(invoice.lines.select_related("milestone")),
        "payments": list(invoice.payments.all()),
        "parties": queries.parties(invoice),
        "buttons": [
            {"verb": verb, "label": INVOICE_TRANSITIONS[verb].label}
            for verb in verbs
            if verb != "void"
        ],
        "void_form": void_form if "void" in verbs else None,
        "payment_form": payment_form if can_record else None,
        "can_mark_paid": party == MoneySide.BRAND and open_ and invoice.balance > 0,
        "show_commission": queries.sees_commission(grant),
        "read_only": grant.party is Party.AGENCY and not role.can_act,
    }


@role_required(*STAFF_BRAND_CREATOR)
def invoice_pdf(request, public_id):
    """The invoice as PDF, in the recipient's language, for whoever may see the invoice."""
    invoice, _grant = queries.get_invoice_for_user(request.role, public_id)
    back = reverse("money:invoice", args=[invoice.public_id])
    pdf = documents.pdf_bytes(invoice)
    return pdf_response(request, pdf, filename=documents.filename(invoice), back=back)


@role_required(*STAFF_BRAND_CREATOR)
def invoice_draft(request, public_id):
    """Draft an invoice for some of a signed deal's due milestones (the issuer side only)."""
    role = request.role
    offer = get_offer_for_user(role, public_id)
    grant = decide(role, offer.creator)
    queries.get_deal_for_issuer(role, offer, grant)
    form = DraftInvoiceForm(_posted(request), milestones=queries.due_milestones(offer))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                invoice = actions.draft_invoice(
                    role,
                    offer,
                    actor=request.user,
                    milestones=form.chosen(),
                    vat_rate=form.cleaned_data["vat_rate"],
                    note=form.cleaned_data["note"],
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Draft saved: check it, then issue it."))
                return redirect("money:invoice", public_id=invoice.public_id)
    context = {"offer": offer, "form": form}
    return render(request, "money/invoice_draft.html", context, status=status)


@role_required("agency")
def deal_commission(request, public_id):
    """An agency owner or admin sets this deal's commission before it is signed."""
    role = request.role
    offer = get_offer_for_user(role, public_id)
    if not role.is_admin:
        raise PermissionDenied(_("Only the agency's owners and admins set commissions."))
    grant = decide(role, offer.creator)
    card = queries.deal_money(role, offer, grant)
    can_change = card is not None and card.can_set_commission
    initial = {"commission_pct": card.override_pct} if can_change else {}
    form = DealCommissionForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.set_deal_commission(
                    role,
                    offer,
                    actor=request.user,
                    commission_pct=form.cleaned_data["commission_pct"],
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                if not error.field:
                    messages.error(request, error.message)
                    return redirect("campaigns:offer", public_id=offer.public_id)
                form.add_error("commission_pct", error.message)
            else:
                messages.success(request, _("This deal's commission was saved."))
                return redirect("campaigns:offer", public_id=offer.public_id)
    context = {
        "offer": offer,
        "form": form,
        "can_change": can_change,
        "default_pct": card.default_pct if can_change else None,
    }
    return render(request, "money/invoice_deal_commission.html", context, status=status)


urlpatterns = [
    path("invoices/", invoice_list, name="invoices"),
    path("invoices/<uuid:public_id>/", invoice_detail, name="invoice"),
    path("invoices/<uuid:public_id>/pdf/", invoice_pdf, name="invoice-pdf"),
    path("offers/<uuid:public_id>/invoices/", invoice_draft, name="invoice-draft"),
    path("offers/<uuid:public_id>/commission/", deal_commission, name="deal-commission"),
]
