"""A brand's payment record (issue 16), from the ledger: over its invoices that were paid or are
overdue now, how many days it takes on average from issue to payment, and how many were late
(paid after their due date, or overdue). Shown to the creator side on the brand's new offers,
before they answer.

The record is the brand's, over every invoice addressed to it: no creator's or agency's figure
is shown, only the count and the average. Agency staff see it only for a creator who granted
them `view_earnings` (her own invoices to the brand are part of it).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, Q, Value

from access import permissions
from access.models import Representation
from access.roles import RoleKind
from access.scopes import Scope
from brands.models import Brand
from money.transitions import InvoiceStatus

SECONDS_A_DAY = Decimal(86400)
WITHHELD = permissions.Grant(permissions.Party.AGENCY)  # says why, as the decision does


@dataclass(frozen=True)
class PaymentRecord:
    paid: int = 0  # invoices paid in full
    late: int = 0  # of the paid and the overdue: paid after their due date, or overdue now
    overdue: int = 0
    average_days: Decimal | None = None  # issue to payment, over the paid ones
    withheld: str = ""  # the line shown instead, saying why

    @property
    def counted(self) -> int:
        return self.paid + self.overdue


def brand_record(role, brand_id: int, creator) -> PaymentRecord | None:
    """The record of one brand for `role` looking at an offer to `creator`: None for a brand's
    staff; withheld for agency staff without her `view_earnings`. One query."""
    if role is None or role.kind not in (RoleKind.CREATOR, RoleKind.AGENCY):
        return None
    paid = Q(invoices__status=InvoiceStatus.PAID)
    overdue = Q(invoices__status=InvoiceStatus.OVERDUE)
    days = ExpressionWrapper(
        F("invoices__paid_on") - F("invoices__issued_on"), output_field=DurationField()
    )
    shared = Value(True)
    if role.kind == RoleKind.AGENCY:
        shared = Exists(
            Representation.objects.visible_to(role)
            .active()
            .filter(permissions.granted_q(Scope.VIEW_EARNINGS), creator_id=creator.pk)
        )
    row = (
        Brand.objects.filter(pk=brand_id)
        .annotate(
            shared=shared,
            paid_count=Count("invoices", filter=paid),
            overdue_count=Count("invoices", filter=overdue),
            late_count=Count(
                "invoices",
                filter=overdue | (paid & Q(invoices__paid_on__gt=F("invoices__due_on"))),
            ),
            average=Avg(days, filter=paid),
        )
        .values("shared", "paid_count", "overdue_count", "late_count", "average")
        .first()
    )
    if row is None:
        return None
    if not row["shared"]:
        return PaymentRecord(withheld=WITHHELD.withheld(Scope.VIEW_EARNINGS))
    average = row["average"]
    return PaymentRecord(
        paid=row["paid_count"],
        late=row["late_count"],
        overdue=row["overdue_count"],
        average_days=None
        if average is None
        else (Decimal(average.total_seconds()) / SECONDS_A_DAY).quantize(Decimal("0.1")),
    )
