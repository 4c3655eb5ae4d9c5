"""The demo council's sample import files (`demo.sample_files`), for anyone: made-up data."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from demo.sample_files import FILES_DIR, SAMPLES


@require_GET
def sample_file(request: HttpRequest, name: str) -> FileResponse:
    if name not in SAMPLES:  # only the listed files: never a path the visitor names
        raise Http404("No such sample file.")
    return FileResponse((FILES_DIR / name).open("rb"), as_attachment=True, filename=name,
                        content_type="text/csv")
