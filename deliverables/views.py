from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from access.decorators import role_required
from deliverables import actions, disclosure
from deliverables.forms import DraftForm, FeedbackForm, PostedForm
from deliverables.queries import get_deliverable_for_user
from deliverables.transitions import DELIVERABLES, may_review
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed


@role_required("brand", "agency", "creator")
def deliverable_detail(request, public_id):
    """One deliverable: its drafts with the brand's feedback, and the step each side can take."""
    deliverable = get_deliverable_for_user(request.role, public_id)
    grant = DELIVERABLES.grant_for(request.role, deliverable)
    verbs = DELIVERABLES.verbs_for(request.role, deliverable, grant)
    forms = {"draft": DraftForm(), "feedback": FeedbackForm(), "posted": PostedForm()}
    if request.method == "POST":
        step = request.POST.get("step", "")
        try:
            if step == "draft":
                form = forms["draft"] = DraftForm(request.POST, request.FILES)
                if getattr(request, "upload_too_large", False):
                    form.add_error("file", _("The file is larger than the upload limit."))
                elif form.is_valid():
                    actions.submit_draft(
                        deliverable,
                        role=request.role,
                        actor=request.user,
                        upload=form.cleaned_data["file"],
                        link=form.cleaned_data["link"],
                        caption=form.cleaned_data["caption"],
                        notes=form.cleaned_data["notes"],
                    )
                    return _done(request, deliverable, _("The draft was sent to the brand."))
            elif step == "feedback":
                form = forms["feedback"] = FeedbackForm(request.POST)
                if form.is_valid():
                    actions.give_feedback(
                        deliverable,
                        role=request.role,
                        actor=request.user,
                        body=form.cleaned_data["body"],
                        at_seconds=form.cleaned_data["at"],
                        kind=form.cleaned_data["kind"],
                    )
                    return _done(request, deliverable, _("Your review was sent."))
            elif step == "posted":
                form = forms["posted"] = PostedForm(request.POST)
                if form.is_valid():
                    actions.mark_posted(
                        deliverable,
                        role=request.role,
                        actor=request.user,
                        url=form.cleaned_data["url"],
                        first_views=form.cleaned_data["first_views"],
                        caption=form.cleaned_data["caption"],
                    )
                    return _done(request, deliverable, _("Marked as posted."))
            elif step == "verify":
                actions.verify(deliverable, role=request.role, actor=request.user)
                return _done(request, deliverable, _("The post is verified."))
        except ActionError as error:
            refuse_if_not_allowed(error)
            form = forms.get(step)
            field = error.field if form is not None and error.field in form.fields else None
            if form is not None and field:
                form.add_error(field, error.message)
            else:
                messages.error(request, error.message)
                return redirect("deliverables:deliverable", public_id=deliverable.public_id)
    drafts = list(deliverable.drafts.prefetch_related("feedback").order_by("-number"))
    if drafts and not forms["posted"].is_bound:  # "Mark as posted" starts from the last caption
        forms["posted"].initial = {"caption": drafts[0].caption}
    context = {
        "deliverable": deliverable,
        "offer": deliverable.offer,
        "drafts": drafts,
        "verbs": verbs,
        **{f"{k}_form": v for k, v in forms.items()},
        "can_review": may_review(request.role, deliverable, grant),
        "closed": not DELIVERABLES.is_open(deliverable),
        "withheld": [
            grant.withheld(scope)
            for scope in DELIVERABLES.scopes_withheld(request.role, deliverable, grant)
        ],
        "labels": {verb: DELIVERABLES.table[verb].label for verb in verbs},
        "disclosure": _disclosure(deliverable),
    }
    return render(request, "deliverables/deliverable.html", context)


def _disclosure(deliverable):
    """What the brief requires in the caption and, once posted, the check of the caption."""
    hashtags, mentions = disclosure.required_of(deliverable.offer.campaign)
    found = {"required": [*hashtags, *mentions], "check": None, "video": None}
    if deliverable.post_url:
        found["video"] = video = disclosure.video_of(deliverable)
        found["check"] = disclosure.check_deliverable(deliverable, video)
    return found


def _done(request, deliverable, text):
    messages.success(request, text)
    return redirect("deliverables:deliverable", public_id=deliverable.public_id)


@role_required("brand", "agency", "creator")
def draft_file(request, public_id, number):
    """A draft's file, served only to the parties of the deal (no public URL exists)."""
    deliverable = get_deliverable_for_user(request.role, public_id)
    draft = deliverable.drafts.filter(number=number).first()
    if draft is None or not draft.file:
        raise Http404
    response = FileResponse(draft.file.open("rb"), content_type=draft.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
