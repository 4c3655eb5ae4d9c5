"""Papers: judged by their bytes (PDF, .docx; macro-enabled and anything else refused, size
capped), stored under the tenant, served only through a permission check; the published view
lists public papers of public items only; the clerk is warned of papers out late."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from boards.models import Minutes, Paper
from boards.paper_files import paper_kind
from boards.services import boards as board_services
from boards.services import meetings as meeting_services
from boards.services import papers as services
from demo.paper_files import DOCM_MAIN, minimal_docx, minimal_pdf
from tests.boards.conftest import CONTENT_MARKER, MARKERS, at, leaked
from tests.boards.test_published import set_readers

pytestmark = pytest.mark.django_db

MB = 1_048_576
PDF = minimal_pdf(["Reading at key stage 2"])
DOCX = minimal_docx(["The maths strategy"])


def refusal(data: bytes, max_bytes: int = 20 * MB) -> str:
    with pytest.raises(ValidationError) as refused:
        paper_kind(data, max_bytes=max_bytes)
    return refused.value.message_dict["file"][0]


def test_a_pdf_and_a_docx_are_known_by_their_bytes():
    assert paper_kind(PDF, max_bytes=MB) == "pdf"
    assert paper_kind(DOCX, max_bytes=MB) == "docx"


@pytest.mark.parametrize("data, reason", [
    (minimal_docx(["x"], main_type=DOCM_MAIN), "macro-enabled"),
    (minimal_docx(["x"], extra={"word/vbaProject.bin": b"\x00" * 10}), "macro-enabled"),
    (minimal_docx(["x"], extra={"word/vbaproject.BIN": b"\x00"}), "macro-enabled"),
    (b"MZ\x90\x00 an executable renamed report.pdf", "not a PDF or a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .doc", "not a PDF or a Word document"),
    (b"PK\x03\x04 not really a zip", "damaged"),
    (b"", "empty"),
], ids=["docm-type", "vba-project", "vba-any-case", "exe", "doc", "broken-zip", "empty"])
def test_anything_but_a_pdf_or_a_docx_is_refused_naming_the_file(data, reason):
    assert reason in refusal(data)


def test_a_zip_that_is_not_a_word_document_is_refused():
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "not a Word document" in refusal(out.getvalue())


def test_a_file_over_the_cap_is_refused_with_its_size():
    assert "papers may be at most 1 MB" in refusal(PDF + b"0" * MB, max_bytes=MB)


# --- Uploading ------------------------------------------------------------------------------


@pytest.fixture
def item(board):
    meeting = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board, starts_at=at(30),
        location="County Hall")
    return meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Results")


def upload(board, item, data=PDF, name="Results report.pdf", actor=None, **kwargs):
    return services.paper_upload(tenant=board.tenant, actor=actor or board.clerk.user,
                                 item=item, upload=SimpleUploadedFile(name, data), **kwargs)


def test_a_paper_is_stored_under_its_tenant_with_a_random_name(board, item):
    paper = upload(board, item)
    assert paper.file.name.startswith(f"boards/{board.tenant.pk}/papers/")
    assert paper.file.name.endswith(".pdf") and "Results" not in paper.file.name
    assert (paper.title, paper.original_name, paper.size) == ("Results report",
                                                               "Results report.pdf", len(PDF))
    assert paper.file.read() == PDF


def test_the_bytes_decide_the_kind_not_the_name(board, item):
    paper = upload(board, item, data=DOCX, name="strategy.pdf", title="Strategy")
    assert paper.kind == "docx" and paper.file.name.endswith(".docx")


def test_a_refused_file_stores_nothing(board, item, tmp_path):
    with pytest.raises(ValidationError) as refused:
        upload(board, item, data=minimal_docx(["x"], main_type=DOCM_MAIN), name="a.docm")
    assert "file" in refused.value.message_dict
    assert not Paper.objects.exists() and not list(tmp_path.rglob("*.docx"))


def test_the_size_cap_is_a_setting(board, item, settings):
    settings.BOARD_PAPER_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        upload(board, item)
    assert "papers may be at most" in refused.value.message_dict["file"][0]


def test_an_exempt_items_papers_are_exempt_whatever_the_form_says(board, item):
    exempt = meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=item.meeting, title="Support",
        is_exempt=True, exempt_paragraph=1, public_interest_reason="Names a pupil")
    assert upload(board, exempt, is_exempt=False).is_exempt


def test_only_whoever_runs_the_board_uploads(board, item):
    with pytest.raises(PermissionDenied):
        upload(board, item, actor=board.members["Chesil alliance"].user)


def test_approved_minutes_take_no_new_papers(board, item):
    Minutes.objects.create(tenant=board.tenant, meeting=item.meeting, status="approved")
    with pytest.raises(ValidationError) as locked:
        upload(board, item)
    assert "file" in locked.value.message_dict


def test_a_title_the_item_already_has_is_refused(board, item):
    upload(board, item)
    with pytest.raises(ValidationError) as twice:
        upload(board, item, name="results REPORT.pdf")
    assert "title" in twice.value.message_dict


# --- Serving --------------------------------------------------------------------------------


def paper_url(board, paper, published=False):
    return (f"/t/wiltshire/boards/{board.board.pk}/meetings/{paper.item.meeting_id}/papers/"
            f"{paper.pk}/{'published/' if published else ''}")


def test_a_member_reads_an_exempt_paper_through_the_permission_check(board, item, client_for):
    paper = upload(board, item, is_exempt=True)
    response = client_for(board.substitutes["Purbeck alliance"].user).get(paper_url(board,
                                                                                    paper))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_no_one_else_reads_a_paper_and_there_is_no_media_url(board, item, client_for, client,
                                                             personas):
    from tests.boards.conftest import person
    paper = upload(board, item)
    head = person(board.tenant, "Harriet Head")
    assert client_for(head.user).get(paper_url(board, paper)).status_code == 403
    assert client_for(personas["b"]["admin"]).get(paper_url(board, paper)).status_code == 404
    assert client.get(f"/media/{paper.file.name}").status_code == 404


def test_the_upload_page_refuses_a_bad_file_with_a_clear_message(board, item, client_for):
    url = (f"/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/items/{item.pk}/"
           "papers/add/")
    response = client_for(board.clerk.user).post(url, {
        "title": "", "file": SimpleUploadedFile("minutes.pdf", b"MZ not a pdf")})
    assert response.status_code == 400
    assert "not a PDF or a Word document" in response.content.decode()
    ok = client_for(board.clerk.user).post(url, {"title": "Minutes",
                                                 "file": SimpleUploadedFile("m.pdf", PDF)})
    assert ok.status_code == 302 and Paper.objects.get().title == "Minutes"


def test_the_api_uploads_and_refuses_naming_the_file(board, item, client_for):
    url = f"/api/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/papers/"
    client = client_for(board.clerk.user)
    bad = client.post(url, {"item": item.pk, "file": SimpleUploadedFile("a.docm", minimal_docx(
        ["x"], extra={"word/vbaProject.bin": b"x"}))})
    assert bad.status_code == 400 and "macro-enabled" in bad.json()["file"][0]
    made = client.post(url, {"item": item.pk, "file": SimpleUploadedFile("s.docx", DOCX)})
    assert made.status_code == 201 and made.json()["kind"] == "docx"
    assert client.get(url).json()["count"] == 1


# --- The published view ---------------------------------------------------------------------


def test_the_published_view_lists_only_public_papers_of_public_items(board, published):
    from boards.selectors.published import published_minutes
    view = published_minutes(meeting=published)
    assert [[p.title for p in item.papers] for item in view.items] == [["Reading results"], []]
    assert not leaked(repr(view))


def test_the_public_reads_a_public_paper_but_never_an_exempt_one(board, published, client):
    set_readers(board, "public")
    papers = {paper.title: paper for paper in Paper.objects.filter(item__meeting=published)}
    public = client.get(paper_url(board, papers["Reading results"], published=True))
    assert public.status_code == 200
    for title in (MARKERS["paper"], MARKERS["item_paper"]):
        response = client.get(paper_url(board, papers[title], published=True))
        assert response.status_code == 404
        assert CONTENT_MARKER.encode() not in response.content


# --- Notice -----------------------------------------------------------------------------------


def test_the_clerk_is_warned_of_papers_out_later_than_the_notice(board, client_for):
    soon = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                           board=board.board, starts_at=at(3),
                                           location="County Hall")
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=soon, title="Results")
    upload(board, item)
    url = f"/t/wiltshire/boards/{board.board.pk}/meetings/{soon.pk}/"
    body = client_for(board.clerk.user).get(url).content.decode()
    assert 'data-testid="late-papers"' in body and "Results report (item 1" in body
    # A member is not warned; a meeting with the notice still ahead has no warning.
    assert 'data-testid="late-papers"' not in client_for(
        board.members["Chesil alliance"].user).get(url).content.decode()


def test_papers_out_in_time_give_no_warning(board, item, client_for):
    upload(board, item)
    url = f"/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/"
    assert 'data-testid="late-papers"' not in client_for(board.clerk.user).get(
        url).content.decode()


def test_the_notice_counts_clear_working_days_and_skips_bank_holidays(board):
    from datetime import date, datetime

    from django.utils import timezone

    from boards.selectors.papers import papers_notice
    with scope(tenant=board.tenant):
        board_services.board_update(tenant=board.tenant, actor=board.actor, board=board.board,
                                    papers_notice_days=5)
    # Tuesday 7 May 2024 follows the early May bank holiday (Monday 6 May): five clear
    # working days before it run from Monday 29 April to Friday 3 May, so papers were due by
    # Friday 26 April.
    meeting = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board, location="County Hall",
        starts_at=timezone.make_aware(datetime(2024, 5, 7, 14, 0)))
    assert papers_notice(meeting=meeting).due == date(2024, 4, 26)
