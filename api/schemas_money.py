"""What the API reads and writes about a deal's money: payment milestones, invoices and the
payments recorded against them. Amounts are decimal strings with their currency's decimal places
(ISO 4217: `"450.00"` EUR, `"45000"` JPY), the currency beside them (SPEC §9)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from api.schemas import Clean, CreatorRef, Strict

InvoiceStatusName = Literal["draft", "issued", "overdue", "paid", "void"]
MilestoneStatusName = Literal["scheduled", "due", "invoiced", "paid", "cancelled"]
TriggerName = Literal["signature", "draft_approved", "posted", "verified"]
# What `allowed_actions` may hold: the invoice workflow's buttons, and recording a payment.
InvoiceVerb = Literal["issue", "void", "record_payment"]

COMMISSION_NOTE = (
    "The agency's commission (or the creator's net) on what was paid so far: for the creator "
    "side only (the creator, her agency's staff with her `view_earnings` grant); null for the brand"
)


class CampaignRef(Schema):
    id: UUID
    name: str


class IssuerOut(Schema):
    kind: Literal["agency", "creator"] = Field(
        ..., description="Who issues the invoice: the agency on the creator's behalf, or she"
    )
    name: str = Field(..., description="The legal name printed (for a draft, the current one)")
    address: str
    vat_number: str
    on_behalf_of: str = Field(
        ..., description="The creator an agency invoices for, e.g. `Maya Okafor (@mayamoves)`"
    )


class RecipientOut(Schema):
    brand: str = Field(..., description="The brand's slug")
    name: str
    address: str
    vat_number: str


class InvoiceLineOut(Schema):
    description: str
    amount: str
    milestone: UUID | None = Field(..., description="The payment milestone the line invoices")


class PaymentOut(Schema):
    id: UUID
    amount: str
    currency: str
    paid_on: date
    reference: str
    commission: str | None = Field(..., description=COMMISSION_NOTE)
    creator_net: str | None = Field(..., description=COMMISSION_NOTE)
    created_at: datetime


class InvoiceOut(Schema):
    id: UUID
    number: str | None = Field(
        ..., description="Given at issue, without gaps per issuer and year; null for a draft"
    )
    status: InvoiceStatusName
    issuer: IssuerOut
    recipient: RecipientOut
    offer: UUID
    campaign: CampaignRef
    creator: CreatorRef
    currency: str
    subtotal: str
    vat_rate: str | None = Field(..., description="VAT in %, null without VAT")
    vat_amount: str
    amount: str = Field(..., description="What the brand owes in all, VAT included")
    paid_amount: str
    balance: str = Field(..., description="What is still owed: amount − paid_amount")
    commission: str | None = Field(..., description=COMMISSION_NOTE)
    creator_net: str | None = Field(..., description=COMMISSION_NOTE)
    issued_on: date | None
    due_on: date | None
    paid_on: date | None
    note: str
    void_reason: str
    created_at: datetime


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]
    payments: list[PaymentOut]
    allowed_actions: list[InvoiceVerb] = Field(
        ..., description="What you may do on the invoice now"
    )


class MilestoneOut(Schema):
    id: UUID
    number: int
    trigger: TriggerName = Field(..., description="What makes it due: the deal reaching it")
    percent: str
    amount: str
    currency: str
    status: MilestoneStatusName
    reached_on: date | None
    due_on: date | None = Field(..., description="When the trigger was reached plus net days")
    invoice: UUID | None = Field(
        ..., description="The invoice (draft or issued) it is on, when you can see it"
    )


class InvoiceFilter(Clean):
    status: InvoiceStatusName | None = None
    creator: str | None = Field(None, max_length=40, description="Creator handle")
    brand: str | None = Field(None, max_length=60, description="Brand slug")
    offer: UUID | None = None


class InvoiceDraftIn(Strict):
    milestones: list[UUID] = Field(
        ...,
        min_length=1,
        max_length=20,
        description="Ids of the deal's due milestones (GET /offers/{id}/milestones)",
    )
    vat_rate: Decimal | None = Field(
        None, ge=0, le=100, max_digits=5, decimal_places=2, description="VAT in %"
    )
    note: str = Field("", max_length=2000)
    issue: bool = Field(
        False,
        strict=True,  # true or false, not 1 or "yes"
        description="Issue it at once (its number, dates and the parties' details are given "
        "now); otherwise it stays a draft, issued with POST /invoices/{id}/issue",
    )


class PaymentIn(Strict):
    amount: Decimal | None = Field(
        None,
        gt=0,
        max_digits=14,
        decimal_places=2,
        description="What was received, at most the balance; omitted: the whole balance",
    )
    paid_on: date | None = Field(None, description="Not in the future; omitted: today")
    reference: str = Field("", max_length=120, description="The bank transfer's reference")

    @field_validator("paid_on", mode="before")
    @classmethod
    def _written_date(cls, value):
        # Pydantic would read a number as seconds since 1970: 0 would be a payment in 1970.
        if value is not None and not isinstance(value, str | date):
            raise ValueError("Give the date as YYYY-MM-DD.")
        return value


class VoidIn(Strict):
    reason: str = Field(..., min_length=1, max_length=2000)
