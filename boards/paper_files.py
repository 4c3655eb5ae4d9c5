"""What a paper's bytes are: a PDF or a Word document (.docx), judged from the bytes, never from
the name or the browser's word. Pure functions, no database, so the rules are tested alone.

- A PDF starts with `%PDF-`.
- A .docx is a zip holding `[Content_Types].xml` and `word/document.xml`.
- A macro-enabled Word file is refused, whatever it is called: a `vbaProject.bin` anywhere in
  the zip, or a content type that says macro-enabled (.docm, .dotm).
- Anything else is refused: an old .doc, a spreadsheet, an image, a renamed executable.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {PDF: "application/pdf",
                 DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# Enough of [Content_Types].xml to find a macro-enabled type; the file is small.
_CONTENT_TYPES_READ = 256 * 1024


def _refusal(message: str) -> ValidationError:
    return ValidationError({"file": message})


def paper_kind(data: bytes, *, max_bytes: int) -> str:
    """PDF or DOCX, or a ValidationError naming `file` that says why not."""
    if not data:
        raise _refusal("The file is empty.")
    if len(data) > max_bytes:
        raise _refusal(f"The file is {len(data) / 1_048_576:.1f} MB; papers may be at most "
                       f"{max_bytes / 1_048_576:.0f} MB.")
    if data.startswith(b"%PDF-"):
        return PDF
    if not data.startswith(b"PK\x03\x04"):
        raise _refusal("The file is not a PDF or a Word document (.docx). Save it as one of "
                       "those and upload it again.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        types = (archive.open("[Content_Types].xml").read(_CONTENT_TYPES_READ)
                 if "[Content_Types].xml" in names else b"")
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise _refusal("The file is a damaged Word document: it cannot be read.") from error
    if any(name.lower().endswith("vbaproject.bin") for name in names) \
            or b"macroenabled" in types.lower():
        raise _refusal("The file is a macro-enabled Word document (.docm), which could run "
                       "code on members' computers. Save it as a .docx or a PDF.")
    if not types or "word/document.xml" not in names:
        raise _refusal("The file is a zip but not a Word document (.docx). Upload a PDF or a "
                       ".docx.")
    return DOCX
