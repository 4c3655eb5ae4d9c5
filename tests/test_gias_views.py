"""The import pages: tenant admins only, other tenants get 404, other roles 403."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from schools import gias, importing
from schools.models import GiasImport
from tests.factories import gias_file

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gias"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make_import(tenant, user, name="establishments_utf8_bom.csv", analyse=True) -> GiasImport:
    with scope(tenant=tenant):
        gias_import = importing.gias_import_create(
            tenant=tenant, actor=user, kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=SimpleUploadedFile(name, (FIXTURES / name).read_bytes()))
        if analyse:
            importing.gias_import_analyse(gias_import=gias_import)
    return gias_import


def import_urls(tenant, gias_import) -> list[tuple[str, str]]:
    slug, pk = tenant.slug, gias_import.pk
    return [
        ("get", reverse("imports:gias-import-list", args=[slug])),
        ("post", reverse("imports:gias-import-list", args=[slug])),
        ("get", reverse("imports:gias-import-detail", args=[slug, pk])),
        ("get", reverse("imports:gias-import-progress", args=[slug, pk])),
        ("post", reverse("imports:gias-import-apply", args=[slug, pk])),
    ]


def test_another_tenants_admin_gets_404_on_every_import_url(tenant_a, personas, client_for):
    gias_import = make_import(tenant_a, personas["a"]["admin"])
    client = client_for(personas["b"]["admin"])
    for method, url in import_urls(tenant_a, gias_import):
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_another_tenants_admin_cannot_reach_an_import_through_their_own_tenant(
        tenant_a, tenant_b, personas, client_for):
    gias_import = make_import(tenant_a, personas["a"]["admin"])
    client = client_for(personas["b"]["admin"])
    for method, url in import_urls(tenant_b, gias_import)[2:]:
        assert getattr(client, method)(url).status_code == 404, (method, url)


@pytest.mark.parametrize("role", ["officer", "headteacher", "board_member", "viewer"])
def test_members_other_than_the_admin_get_403_on_every_import_url(
        tenant_a, personas, client_for, role):
    gias_import = make_import(tenant_a, personas["a"]["admin"])
    client = client_for(personas["a"][role])
    for method, url in import_urls(tenant_a, gias_import):
        assert getattr(client, method)(url).status_code == 403, (method, url)


def test_the_admin_uploads_a_file_and_sees_the_preview(
        tenant_a, personas, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas["a"]["admin"])
    url = reverse("imports:gias-import-list", args=[tenant_a.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "kind": "establishments",
            "file": SimpleUploadedFile("establishments_utf8_bom.csv",
                                       (FIXTURES / "establishments_utf8_bom.csv").read_bytes())})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'data-testid="import-preview"' in html
    assert 'data-testid="apply-import"' in html
    assert "Dorchester Middle School" in html  # left out: outside the LA codes, with its row


def test_applying_from_the_page_shows_the_success_summary(
        tenant_a, personas, client_for, django_capture_on_commit_callbacks):
    gias_import = make_import(tenant_a, personas["a"]["admin"])
    client = client_for(personas["a"]["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:gias-import-apply", args=[tenant_a.slug,
                                                                          gias_import.pk]))
    html = client.get(response["Location"]).content.decode()
    assert "Import applied" in html
    assert "5 added, 0 changed, 0 closed; 5 added to the register" in html
    assert 'data-testid="apply-import"' not in html


def test_the_preview_lists_changed_fields_and_closures(tenant_a, personas, client_for):
    with scope(tenant=tenant_a):
        importing.establishments_apply(
            gias.parse_establishments((FIXTURES / "establishments_utf8_bom.csv").read_bytes()),
            tenant=tenant_a)
    gias_import = make_import(tenant_a, personas["a"]["admin"], name="establishments_later.csv")
    html = client_for(personas["a"]["admin"]).get(
        reverse("imports:gias-import-detail", args=[tenant_a.slug,
                                                    gias_import.pk])).content.decode()
    assert ("Name: “Trowbridge Park Primary School” → "
            "“Trowbridge Park Church of England Primary School”") in html
    assert "To mark closed" in html and "Downland Special School" in html
    assert "Melksham Oak Primary School" in html


def test_the_upload_page_offers_establishments_only_and_says_where_links_come_from(
        tenant_a, personas, client_for):
    html = client_for(personas["a"]["admin"]).get(
        reverse("imports:gias-import-list", args=[tenant_a.slug])).content.decode()
    assert 'name="kind"' not in html
    assert "Links between schools come from the national import" in html


def test_a_provisional_school_says_so_on_its_page(tenant_a, personas, client_for):
    importing.establishments_apply(gias.parse_establishments(
        gias_file((126090, "865", "New Free School", "Open"))), tenant=tenant_a)
    html = client_for(personas["a"]["admin"]).get(
        f"/t/{tenant_a.slug}/schools/126090/").content.decode()
    assert 'data-testid="provisional-school"' in html
    assert "the national register does not have URN 126090 yet" in html


def test_a_bad_file_shows_its_errors_with_row_and_column(tenant_a, personas, client_for):
    gias_import = make_import(tenant_a, personas["a"]["admin"], name="bad_date.csv")
    client = client_for(personas["a"]["admin"])
    html = client.get(reverse("imports:gias-import-detail", args=[tenant_a.slug, gias_import.pk])
                      ).content.decode()
    assert "govuk-error-summary" in html
    assert "Row 3, column “CloseDate”: “31-02-2019” is not a date" in html
    assert 'data-testid="apply-import"' not in html


@pytest.fixture
def on_a_worker():
    """Tasks go to a worker (not inline): the pages only read the import's progress."""
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_a_running_import_shows_a_progress_bar_polled_by_htmx(tenant_a, personas, client_for,
                                                              on_a_worker):
    gias_import = make_import(tenant_a, personas["a"]["admin"], analyse=False)
    with scopes_disabled():
        GiasImport.objects.filter(pk=gias_import.pk).update(
            status=GiasImport.Status.ANALYSING, processed_rows=3, total_rows=6)
    client = client_for(personas["a"]["admin"])
    html = client.get(reverse("imports:gias-import-detail", args=[tenant_a.slug, gias_import.pk])
                      ).content.decode()
    assert 'data-testid="import-progress"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress id="import-progress-bar" class="app-progress" max="100" value="50">' in html
    assert '<meta http-equiv="refresh" content="2">' in html


def test_the_progress_partial_asks_htmx_to_reload_the_page_when_done(
        tenant_a, personas, client_for):
    gias_import = make_import(tenant_a, personas["a"]["admin"])
    client = client_for(personas["a"]["admin"])
    response = client.get(reverse("imports:gias-import-progress", args=[tenant_a.slug,
                                                                        gias_import.pk]),
                          headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "every 1s" not in response.content.decode()


def test_uploading_without_a_file_shows_an_error(tenant_a, personas, client_for):
    client = client_for(personas["a"]["admin"])
    response = client.post(reverse("imports:gias-import-list", args=[tenant_a.slug]),
                           {"kind": "establishments"})
    assert response.status_code == 400  # as every import and form page answers a bad form
    assert "Select a GIAS CSV file" in response.content.decode()


def test_an_oversized_upload_shows_an_error(tenant_a, personas, client_for, settings):
    settings.GIAS_UPLOAD_MAX_BYTES = 1000
    client = client_for(personas["a"]["admin"])
    response = client.post(reverse("imports:gias-import-list", args=[tenant_a.slug]), {
        "kind": "establishments",
        "file": SimpleUploadedFile("big.csv", (FIXTURES / "establishments_utf8_bom.csv")
                                   .read_bytes())})
    assert "must be smaller than" in response.content.decode()
    with scopes_disabled():
        assert GiasImport.objects.count() == 0


def test_the_list_shows_only_this_tenants_imports(tenant_a, tenant_b, personas, client_for):
    make_import(tenant_b, personas["b"]["admin"], name="establishments_later.csv")
    make_import(tenant_a, personas["a"]["admin"])
    html = client_for(personas["a"]["admin"]).get(
        reverse("imports:gias-import-list", args=[tenant_a.slug])).content.decode()
    assert "establishments_utf8_bom.csv" in html
    assert "establishments_later.csv" not in html
