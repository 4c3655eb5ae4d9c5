"""A visit note as a PDF: the print view's HTML rendered by WeasyPrint (tagged, for screen
readers), as boards' pack does."""

from __future__ import annotations

from weasyprint import HTML


def note_pdf(*, html: str, base_url: str) -> bytes:
    return HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True)
