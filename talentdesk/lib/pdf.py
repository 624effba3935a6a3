"""PDF documents (contracts, invoices) with WeasyPrint, and the download response every PDF
view answers with. Without WeasyPrint's system libraries (libharfbuzz-subset0, libpango) the app
still runs: the page says PDFs are off, and the HTML version stays."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def pdf_of(html: str) -> bytes | None:
    """`html` as PDF, or None when WeasyPrint's system libraries are missing."""
    try:
        from weasyprint import HTML
    except OSError:
        return None
    return HTML(string=html).write_pdf()


def pdf_response(request, pdf: bytes | None, *, filename: str, back: str) -> HttpResponse:
    """The PDF as a download, or, when PDFs are off here, a redirect to `back` saying why."""
    if pdf is None:
        messages.error(
            request,
            _(
                "PDF is not available on this server: ask the operator to "
                "install libharfbuzz-subset0 and libpango-1.0-0."
            ),
        )
        return redirect(back)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
