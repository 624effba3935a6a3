from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.decorators import login_required, public, role_required
from access.models import AuditEventType
from access.permissions import decide
from access.roles import RoleKind
from access.scopes import Scope
from campaigns.queries import get_offer_for_user
from messaging import actions, agenda, preferences
from messaging.forms import MessageForm, PreferencesForm
from messaging.models import CalendarToken, Message, Notification
from pipeline.queries import open_tasks_of
from talentdesk.lib.errors import ActionError, refuse_if_not_allowed

INBOX_PAGE = 50


@login_required
def notifications(request):
    """The user's notifications, newest first; unread ones stand out."""
    rows = Notification.objects.filter(user=request.user, in_app=True).select_related(
        "offer__campaign__brand", "offer__creator"
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    labels = dict(AuditEventType.choices)
    for note in page.object_list:
        note.label = labels.get(note.event, "")
    unread = Notification.objects.filter(
        user=request.user, in_app=True, read_at__isnull=True
    ).count()
    return render(request, "messaging/notifications.html", {"page": page, "unread": unread})


@login_required
def notification_preferences(request):
    """Per kind of event: in the app and/or by e-mail. Everything is on until turned off."""
    form = PreferencesForm(
        request.POST or None, initial_choices=preferences.choices_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        actions.set_notification_preferences(
            request.user, actor=request.user, choices=form.choices()
        )
        messages.success(request, _("Your notification choices were saved."))
        return redirect("messaging:preferences")
    return render(
        request, "messaging/preferences.html", {"form": form, "channels": preferences.CHANNELS}
    )


@login_required
@require_POST
def mark_read(request):
    actions.mark_all_read(request.user)
    return redirect("messaging:notifications")


@role_required("brand", "agency", "creator")
def thread(request, public_id):
    """An offer's message thread; the HTMX partial polls for new messages every few seconds."""
    offer = get_offer_for_user(request.role, public_id)
    grant = decide(request.role, offer.creator)
    writable = actions.can_write(request.role, offer, grant)
    # Why an agency member may only read: the creator's grant, or their own read-only role.
    read_only = grant.withheld(Scope.MESSAGE_BRANDS) if not writable else ""
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if offer.is_closed:  # as the API: the deal moved on, the thread says so
            messages.error(
                request,
                _("This deal is “%(status)s”: its thread is read-only.")
                % {"status": offer.status_label},
            )
            return redirect("messaging:thread", public_id=offer.public_id)
        if not writable:
            raise PermissionDenied(_("You cannot write in this thread."))
        if form.is_valid():
            try:
                actions.post_message(
                    offer,
                    role=request.role,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    upload=form.cleaned_data["attachment"],
                )
            except ActionError as error:
                refuse_if_not_allowed(error)
                form.add_error("body", error.message)
            else:
                return redirect("messaging:thread", public_id=offer.public_id)
    times = actions.response_times(offer)
    context = {
        "offer": offer,
        "thread": Message.objects.filter(offer=offer),
        "form": form,
        "writable": writable,
        "read_only": read_only,
        "times": times,
    }
    template = "messaging/thread.html"
    if request.htmx and request.htmx.target == "thread":
        template += "#thread"
    return render(request, template, context)


@role_required("brand", "agency", "creator")
def unread_badge(request, public_id):
    """The unread count of an offer's thread, polled by the offer page."""
    offer = get_offer_for_user(request.role, public_id)
    count = actions.unread_count(request.user, offer)
    return render(request, "messaging/unread_badge.html", {"offer": offer, "count": count})


@role_required("brand", "agency", "creator")
@require_POST
def thread_read(request, public_id):
    """Mark the thread read; the thread page posts here once displayed (GET stays read-only)."""
    offer = get_offer_for_user(request.role, public_id)
    actions.mark_read(request.user, offer)
    return HttpResponse(status=204)


@role_required("brand", "agency", "creator")
def inbox(request):
    """Needs your response: offers and messages waiting on your side, oldest first, a page at a
    time (keyset: the next page starts after the last row shown)."""
    after = agenda.parse_cursor(request.GET.get("after"))
    rows = list(agenda.waiting_on(request.role, after=after)[: INBOX_PAGE + 1])
    shown = agenda.rows_for(rows[:INBOX_PAGE])
    more = agenda.cursor_of(shown[-1]) if len(rows) > INBOX_PAGE else None
    context = {"rows": shown, "more": more, "after": after, "tasks": inbox_tasks(request)}
    return render(request, "messaging/inbox.html", context)


def inbox_tasks(request) -> list:
    """The agency member's open tasks there, soonest first (the agency pipeline's)."""
    if request.role.kind != RoleKind.AGENCY:
        return []
    return list(open_tasks_of(request.user).filter(agency=request.role.agency)[:INBOX_PAGE])


@login_required
def calendar(request):
    """Deadlines across all your hats, as a month grid or the next 90 days' agenda, in your time
    zone; and your private feed address."""
    today = timezone.localdate()
    view = "month" if request.GET.get("view") == "month" else "agenda"
    month = None
    if view == "month":
        shown = agenda.month_of(request.GET.get("month"), today)
        month = agenda.month_grid(request.user, month=shown, today=today)
        events = []
    else:
        events = agenda.deadlines(request.user, start=today)
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.revoke_calendar_feeds(request.user)
        else:
            token = actions.new_calendar_feed(request.user)
    feed = request.build_absolute_uri(reverse("messaging:feed", args=[token])) if token else None
    has_feed = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    return render(
        request,
        "messaging/calendar.html",
        {
            "events": events,
            "feed": feed,
            "has_feed": has_feed,
            "view": view,
            "month": month,
            "today": today,
        },
    )


@public
def feed(request, token):
    """The ICS feed behind a private token (the one secret allowed in a URL, SPEC §9)."""
    user = agenda.user_for_token(token)
    if user is None:
        raise Http404
    events = agenda.deadlines(user, start=timezone.now().date() - timedelta(days=30), days=400)
    response = HttpResponse(agenda.ics(user, events), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("brand", "agency", "creator")
def attachment(request, public_id, message_id):
    """A message's attachment, served only to those who can read the thread."""
    offer = get_offer_for_user(request.role, public_id)
    message = Message.objects.filter(offer=offer, pk=message_id).first()
    if message is None or not message.attachment:
        raise Http404
    response = FileResponse(message.attachment.open("rb"), content_type=message.attachment_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
