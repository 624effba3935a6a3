"""The agency's contract clauses page (owners and admins): cancellation and kill fee, governing
law and disclosure obligations, in English and French, which its creators' contracts print."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.decorators import role_required
from agencies import actions
from agencies.clauses import CLAUSES, LANGUAGES, clauses_of, field_name
from agencies.forms import ContractClausesForm
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed


@role_required("agency", admin=True)
def contract_clauses(request):
    agency = request.role.agency
    current = clauses_of(agency)
    initial = {"kill_fee_pct": current["kill_fee_pct"]} | {
        field_name(clause, language): current[language][clause]
        for clause in CLAUSES
        for language in LANGUAGES
    }
    form = ContractClausesForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                actions.set_contract_clauses(request.role, actor=request.user, **form.cleaned_data)
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The contract clauses were saved."))
                return redirect("agencies:contract-clauses")
    context = {"agency": agency, "form": form}
    return render(request, "agencies/contract_clauses.html", context, status=status)
