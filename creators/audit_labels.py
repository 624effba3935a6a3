"""How the activity page names a creator's audited changes (access.change_labels): a rate-card
change is written under its deliverable ("video", "series_3")."""

from access.change_labels import register
from creators.models import Deliverable

register("creators.creatorprofile", dict(Deliverable.choices))
