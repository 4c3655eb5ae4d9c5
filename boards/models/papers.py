"""Papers of agenda items: PDF or Word files, checked by their bytes (`boards.paper_files`),
stored under the tenant and served only through a permission-checked view, never a public
media URL. A paper is public or exempt; an exempt item's papers are all exempt. A paper may be
withdrawn from the pack (with the reason), never deleted."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
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
    # Withdrawn from the pack by whoever runs the board, with the reason: members and the
    # published view no longer see it; the chair and clerk see it was withdrawn, and why.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            # A withdrawn paper keeps its title: a corrected paper may take it again.
            models.UniqueConstraint(fields=["tenant", "item", "title"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="paper_unique_title_per_item_in_pack"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    def clean(self) -> None:
        if self.withdrawn_at is not None and not self.withdrawal_reason.strip():
            raise ValidationError({"withdrawal_reason": "Say why the paper is withdrawn."})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def download_name(self) -> str:
        return f"{self.title}.{self.kind}"
