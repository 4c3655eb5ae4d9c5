"""Papers of agenda items: PDF or Word files, checked by their bytes (`boards.paper_files`),
stored under the tenant and served only through a permission-checked view, never a public
media URL. A paper is public or exempt; an exempt item's papers are all exempt."""

import uuid

from django.conf import settings
from django.db import models

from boards.models.meetings import AgendaItem
from core.models import TenantOwned


def paper_path(paper: "Paper", filename: str) -> str:
    """Under the tenant, named by a random id: the uploader's file name is kept in the row,
    never in the path."""
    return f"boards/{paper.tenant_id}/papers/{uuid.uuid4().hex}.{paper.kind}"


class PaperKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"


class Paper(TenantOwned):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=PaperKind.choices)
    file = models.FileField(upload_to=paper_path, max_length=200)
    size = models.PositiveIntegerField()
    is_exempt = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # When the paper went out to members: the notice the board's terms require is judged
    # from it.
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "item", "title"],
                                    name="paper_unique_title_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def download_name(self) -> str:
        return f"{self.title}.{self.kind}"
