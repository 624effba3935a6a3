from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from access.decorators import login_required
from access.models import AuditEventType
from messaging import actions
from messaging.models import Notification


@login_required
def notifications(request):
    """The user's notifications, newest first; unread ones stand out."""
    rows = Notification.objects.filter(user=request.user).select_related(
        "offer__campaign__brand", "offer__creator"
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    labels = dict(AuditEventType.choices)
    for note in page.object_list:
        note.label = labels.get(note.event, "")
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "messaging/notifications.html", {"page": page, "unread": unread})


@login_required
@require_POST
def mark_read(request):
    actions.mark_all_read(request.user)
    return redirect("messaging:notifications")
