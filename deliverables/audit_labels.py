"""How the activity page names the deliverable's audited changes (access.change_labels)."""

from django.utils.translation import gettext_lazy as _

from access.change_labels import register
from deliverables.transitions import DeliverableStatus

register(
    "deliverables.deliverable",
    {"draft": _("Draft"), "url": _("Post URL")},
    {"status": DeliverableStatus},
)
