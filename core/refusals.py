"""One way to show a service's refusal (a Django ValidationError) on a form.

Services refuse with `ValidationError({"field": "why"})` when the refusal is about one field and
`ValidationError("why")` otherwise. A page shows the first kind on the field when its form has
one by that name (or by the name `aliases` gives it), and everything else at the top of the
error summary. The API's one shape for the same refusals is `core.api.exception_handler`.
"""

from django import forms
from django.core.exceptions import ValidationError


def show_refusal(form: forms.BaseForm, error: ValidationError,
                 aliases: dict[str, str] | None = None) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    aliases = aliases or {}
    for name, reasons in error.message_dict.items():
        name = aliases.get(name, name)
        form.add_error(name if name in form.fields else None, reasons)
