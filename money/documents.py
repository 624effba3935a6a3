"""The invoice as a document: HTML in the invoice's language (the recipient's), and the same
as PDF through WeasyPrint, looking like the contract (campaigns/contracts.py)."""

from django.template.loader import render_to_string
from django.utils import translation

from money.models import Invoice
from money.queries import parties
from talentdesk.lib.pdf import pdf_of


def document_html(invoice: Invoice) -> str:
    """The invoice document, in `invoice.language` whatever the reader's language is."""
    with translation.override(invoice.language or "en"):
        context = {
            "invoice": invoice,
            "offer": invoice.offer,
            "lines": list(invoice.lines.select_related("milestone")),
            "parties": parties(invoice),
            "language": translation.get_language(),
        }
        return render_to_string("money/invoice_document.html", context)


def pdf_bytes(invoice: Invoice) -> bytes | None:
    """The invoice as PDF, or None when WeasyPrint's system libraries are missing."""
    return pdf_of(document_html(invoice))


def filename(invoice: Invoice) -> str:
    return f"invoice-{invoice.number or 'draft-' + str(invoice.public_id)[:8]}.pdf"
