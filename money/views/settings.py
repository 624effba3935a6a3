"""Billing settings: the legal details each party's invoices print (an agency's or brand's, by
its owners and admins; a creator's own), and a creator's commission at her agency (its owners
and admins). Both go through money.actions, which audits every change."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from access.decorators import role_required
from access.models import RepresentationStatus
from access.queries import get_representation_for_user
from access.roles import RoleKind
from money import actions
from money.forms import AgencyBillingForm, BillingForm, CommissionForm
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed


def _posted(request):
    """The posted data, or None on GET: an empty POST still binds the form (its errors show)."""
    return request.POST if request.method == "POST" else None


@role_required("agency", "brand", "creator")
def billing(request):
    """The active organisation's billing details (owners and admins), or the creator's own."""
    role = request.role
    if role.kind == RoleKind.CREATOR:
        row, form_class = role.creator, BillingForm
    elif not role.is_admin:
        raise PermissionDenied(_("Only the owners and admins change the billing details."))
    elif role.kind == RoleKind.AGENCY:
        row, form_class = role.agency, AgencyBillingForm
    else:
        row, form_class = role.brand, BillingForm
    initial = {name: getattr(row, name) for name in form_class.base_fields}
    form = form_class(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.set_billing_details(role, actor=request.user, **form.cleaned_data)
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The billing details were saved."))
                return redirect("money:billing")
    context = {"form": form, "row": row, "kind": role.kind}
    return render(request, "money/_billing_page.html", context, status=status)


@role_required("agency")
def commission(request, public_id):
    """A creator's commission, its share with a co-agency and who invoices her deals (owners
    and admins); deals signed before a change keep their rates."""
    rep = get_representation_for_user(request.role, public_id)
    if not request.role.is_admin:
        raise PermissionDenied(_("Only the agency's owners and admins set commissions."))
    if rep.status != RepresentationStatus.ACTIVE:
        raise Http404
    initial = {
        "commission_pct": rep.commission_pct,
        "commission_split_with": rep.commission_split_with,
        "commission_split_pct": rep.commission_split_pct,
        "invoice_issuer": rep.invoice_issuer,
    }
    default = rep.agency.default_commission_pct
    form = CommissionForm(_posted(request), initial=initial, default_pct=default)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.set_commission(
                    request.role,
                    rep,
                    actor=request.user,
                    commission_pct=data["commission_pct"],
                    split_with=data["commission_split_with"],
                    split_pct=data["commission_split_pct"],
                    invoice_issuer=data["invoice_issuer"],
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The commission was saved."))
                return redirect("creators:creator", public_id=rep.creator.public_id)
    context = {"rep": rep, "form": form, "default_pct": default}
    return render(request, "money/_billing_commission.html", context, status=status)


urlpatterns = [
    path("invoices/billing/", billing, name="billing"),
    path("invoices/representations/<uuid:public_id>/commission/", commission, name="commission"),
]
