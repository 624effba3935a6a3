"""The agency pipeline's pages: a creator's offer rules, notes and tasks on a creator or a deal
(also HTMX partials loaded into the creator and offer pages), rate benchmarks."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import role_required
from access.permissions import Party, decide
from access.roles import RoleKind
from access.scopes import Scope
from campaigns.actions import today
from pipeline import actions, benchmarks, queries
from pipeline.forms import NoteForm, OfferRulesForm, TaskForm
from pipeline.models import RuleBreach
from pipeline.rules import describe
from talentdesk.lib.errors import ActionError

PAGE = 20


@role_required("agency", "creator")
def rules(request, public_id):
    creator, grant = queries.get_creator_for_pipeline(request.role, public_id)
    current = queries.rules_of(creator)
    may_edit = queries.may_set_rules(grant)
    form = OfferRulesForm(instance=current) if may_edit else None
    status = 200
    if request.method == "POST":
        queries.require_rules(grant)
        form = OfferRulesForm(request.POST, instance=current)
        if form.is_valid():
            try:
                actions.set_offer_rules(
                    creator,
                    role=request.role,
                    actor=request.user,
                    grant=grant,
                    fields=form.rule_fields(),
                    categories=form.cleaned_data["blocked_categories"],
                    brands=form.cleaned_data["blocked_brands"],
                )
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The offer rules are saved."))
                return redirect("pipeline:rules", public_id)
        status = 422
    flags = (
        RuleBreach.objects.filter(offer__creator=creator)
        .select_related("offer__campaign", "rule_check")
        .order_by("-id")
    )
    page = Paginator(flags, PAGE).get_page(request.GET.get("page"))
    context = {
        "creator": creator,
        "form": form,
        "rules": current,
        "page": page,
        "flags": [(flag, describe(flag)) for flag in page.object_list],
        "withheld": None if may_edit else grant.withheld(Scope.NEGOTIATE),
    }
    return render(request, "pipeline/rules.html", context, status=status)


def _panel(request, creator, grant, offer, note_form=None, task_form=None, status=200):
    team = queries.is_team(grant)
    notes = queries.notes_for(request.role, grant, creator, offer)
    page = Paginator(notes, PAGE).get_page(request.GET.get("page"))
    context = {
        "creator": creator,
        "offer": offer,
        "team": team,
        "may_write": team and grant.can_act,
        "page": page,
        "tasks": list(queries.tasks_for(request.role, grant, creator, offer)[:50]),
        "flags": [describe(f) for f in queries.flags_for(offer, grant)] if offer else [],
        "note_form": note_form or NoteForm(),
        "task_form": task_form or _task_form(request, team),
        "action": request.path,
        # Where the forms come back to: the page the panel was loaded into, or this one.
        "back": (request.htmx.current_url_abs_path if request.htmx else None) or request.path,
    }
    if request.htmx:
        return render(request, "pipeline/panel.html#panel", context, status=status)
    return render(request, "pipeline/panel.html", context, status=status)


def _task_form(request, team):
    if not team:
        return None
    return TaskForm(agency=request.role.agency, initial={"assignee": request.user})


def _post(request, creator, grant, offer):
    """A note or a task, written from the panel's forms; the panel again on a refusal."""
    queries.require_team_member_who_acts(grant)
    kind = request.POST.get("kind")
    if kind == "task":
        form = TaskForm(request.POST, agency=request.role.agency)
        if form.is_valid():
            try:
                actions.add_task(
                    creator,
                    role=request.role,
                    actor=request.user,
                    grant=grant,
                    offer=offer,
                    **form.cleaned_data,
                )
            except ActionError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The task is added."))
                return redirect(_back(request))
        return _panel(request, creator, grant, offer, task_form=form, status=422)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_note(
                creator,
                role=request.role,
                actor=request.user,
                grant=grant,
                offer=offer,
                **form.cleaned_data,
            )
        except ActionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The note is added."))
            return redirect(_back(request))
    return _panel(request, creator, grant, offer, note_form=form, status=422)


@role_required("agency", "creator")
def creator_notes(request, public_id):
    creator, grant = queries.get_creator_for_pipeline(request.role, public_id)
    if request.method == "POST":
        return _post(request, creator, grant, None)
    return _panel(request, creator, grant, None)


@role_required("agency", "creator")
def offer_notes(request, public_id):
    offer, grant = queries.get_offer_for_pipeline(request.role, public_id)
    if request.method == "POST":
        return _post(request, offer.creator, grant, offer)
    return _panel(request, offer.creator, grant, offer)


@role_required("agency")
@require_POST
def task_done(request, public_id):
    task = queries.get_task_for_user(request.role, public_id)
    grant = decide(request.role, task.creator)
    actions.complete_task(task, role=request.role, actor=request.user, grant=grant)
    messages.success(request, _("The task is done."))
    notes = reverse("pipeline:creator-notes", args=[task.creator.public_id])
    return redirect(_back(request, notes))


def _back(request, default=None) -> str:
    """The page a form came from (`next`, a path on this site only), else `default`."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/"):
        return back
    return default or request.path


@role_required("agency")
def creator_benchmarks(request, public_id):
    creator, grant = queries.get_creator_for_pipeline(request.role, public_id)
    if grant.party is not Party.AGENCY or request.role.kind != RoleKind.AGENCY:
        raise Http404
    band = benchmarks.band_of(creator.followers)
    rows = benchmarks.benchmarks(request.role.agency, band=band)
    mine = set(creator.categories.values_list("pk", flat=True))
    rows.sort(key=lambda row: (row.category not in mine, row.deliverable, row.category))
    context = {
        "creator": creator,
        "band_label": benchmarks.BANDS[band][1],
        "rows": rows,
        "mine": mine,
        "today": today(),
    }
    if request.htmx:
        return render(request, "pipeline/benchmarks.html#benchmarks", context)
    return render(request, "pipeline/benchmarks.html", context)
