"""A board pack as a PDF: the pack's HTML rendered by WeasyPrint (tagged, for screen readers),
then each PDF paper appended with pypdf, in agenda order. Word papers are listed in the pack
with links, not converted. The caller decides which papers: a member's pack takes every PDF
paper, the published pack only those the published view lists."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from weasyprint import HTML

from boards.models import Paper

log = logging.getLogger(__name__)


def pack_pdf(*, html: str, base_url: str, papers: list[Paper]) -> bytes:
    rendered = HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(rendered)))
    for paper in papers:
        try:
            with paper.file.open("rb") as handle:
                writer.append(PdfReader(io.BytesIO(handle.read())))
        except (OSError, PdfReadError, ValueError) as error:
            # The pack still lists the paper with its link; one unreadable file must not take
            # the whole pack down.
            log.warning("board pack: paper %s not appended: %s", paper.pk, error)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
