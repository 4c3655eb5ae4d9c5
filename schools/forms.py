from django import forms

from core.models import Membership, Role
from schools.models import School


class SchoolEditForm(forms.ModelForm):
    """Shows only the fields the member may change (see services.editable_school_fields)."""

    # Declared here so no query runs at import time, outside any tenant scope.
    link_adviser = forms.ModelChoiceField(queryset=None, required=False, label="Link adviser")

    class Meta:
        model = School
        fields = School.OFFICER_FIELDS
        widgets = {"officer_notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, editable: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "link_adviser" in self.fields:
            self.fields["link_adviser"].queryset = (
                Membership.objects.filter(role__in=[Role.OFFICER, Role.ADMIN], is_active=True)
                .select_related("user").order_by("user__email")
            )
            self.fields["link_adviser"].label_from_instance = lambda m: str(m.user)
