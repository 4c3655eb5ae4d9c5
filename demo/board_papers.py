"""The demo board's papers: small valid PDFs and a .docx (demo.paper_files), uploaded through
the service so the bytes are checked like anyone's. The papers of past meetings are dated as
if they went out before them — all in time but one, so the clerk's late-papers warning shows."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from boards.models import AgendaItem, Paper
from boards.services import papers as services
from core.models import Membership, Tenant
from demo.paper_files import minimal_docx, minimal_pdf


def _upload(tenant: Tenant, clerk: Membership, item: AgendaItem, title: str, data: bytes,
            name: str, *, days_before: int | None = None) -> Paper:
    paper = services.paper_upload(tenant=tenant, actor=clerk.user, item=item, title=title,
                                  upload=SimpleUploadedFile(name, data))
    if days_before is not None:
        # The demo is seeded today; its past papers went out `days_before` the meeting. A
        # timestamp only, not a rule, so set directly.
        Paper.objects.filter(pk=paper.pk).update(
            uploaded_at=item.meeting.starts_at - timedelta(days=days_before))
    return paper


def papers_for_first(*, tenant: Tenant, clerk: Membership, results: AgendaItem,
                     support: AgendaItem) -> None:
    _upload(tenant, clerk, results, "Results summary 2024/25", minimal_pdf([
        "Results summary: key stages 2 and 4 against national, by region.",
        "Reading at the end of key stage 2 is below national in two regions.",
        "The gap for disadvantaged pupils widened.",
    ]), "results-summary.pdf", days_before=10)
    _upload(tenant, clerk, support, "Adviser's report on the school", minimal_pdf([
        "Exempt: paragraph 3 of Schedule 12A.",
        "The adviser's report on the school and the cost of twelve days of NLE support.",
    ]), "adviser-report.pdf", days_before=10)


def papers_for_second(*, tenant: Tenant, clerk: Membership, strategy: AgendaItem) -> None:
    _upload(tenant, clerk, strategy, "Maths improvement strategy", minimal_docx([
        "Maths improvement strategy",
        "A system-wide map of support for maths, with the maths hub.",
    ]), "maths-strategy.docx", days_before=9)
    # Out two days before the meeting: later than five clear working days.
    _upload(tenant, clerk, strategy, "Maths strategy: costed annex", minimal_pdf([
        "Costed annex to the maths improvement strategy.",
    ]), "maths-annex.pdf", days_before=2)


def papers_for_third(*, tenant: Tenant, clerk: Membership, progress: AgendaItem) -> None:
    _upload(tenant, clerk, progress, "Disadvantaged learners: progress report", minimal_pdf([
        "Progress of disadvantaged learners against the Board's priority.",
    ]), "disadvantaged-progress.pdf")
    # A draft sent by mistake, withdrawn by the clerk: members no longer see it; the chair and
    # clerk see why.
    draft = _upload(tenant, clerk, progress, "Disadvantaged learners: draft figures",
                    minimal_pdf(["Draft figures, not checked."]), "draft-figures.pdf")
    services.paper_withdraw(tenant=tenant, actor=clerk.user, paper=draft,
                            reason="Sent by mistake: the checked figures are in the progress "
                                   "report.")
