"""What every API endpoint shares: a JSON parser that refuses what the views cannot use.

A body nested deeper than `MAX_JSON_DEPTH` would exhaust Python's recursion while parsing or
validating it (a 500); a body that is not a JSON object (`null`, a number, a list) has no fields
for a view to read. Both are a 400 naming the problem, before any view sees them.
"""

import io

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings

MAX_JSON_DEPTH = 32


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit` (a scan, no recursion)."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError("The body is not UTF-8 text.") from error
        if json_depth_exceeds(text, MAX_JSON_DEPTH):
            raise ParseError(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.")
        data = super().parse(io.BytesIO(raw), media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError("Send a JSON object: {\"field\": value, …}.")
        return data


def path_parameter(name: str, description: str = "", kind=OpenApiTypes.INT) -> OpenApiParameter:
    """An OpenAPI path parameter (an id unless told otherwise), for `extend_schema`."""
    return OpenApiParameter(name, kind, OpenApiParameter.PATH, description=description)


TENANT_PARAMETER = path_parameter(
    "tenant_slug", "The tenant's short name, as in its web addresses (/t/<tenant_slug>/).",
    OpenApiTypes.STR,
)


# --- Refusals: one shape for every endpoint ----------------------------------------------------
#
# A service refuses with a Django ValidationError; the API answers 400 with DRF's own shape for
# invalid input, so a client reads every refusal the same way:
#     {"<field>": ["why", ...]}           the refusal is about that field of the request;
#     {"non_field_errors": ["why", ...]}  it is about the request as a whole.
# Django's PermissionDenied and Http404 become 403 and 404 with {"detail": "why"} (DRF's default).

REFUSAL_SHAPE = (
    "A refusal is a 400 whose body maps each field of the request it is about to a list of "
    "reasons, or `non_field_errors` to the reasons that concern the request as a whole; 403 and "
    "404 carry `detail`."
)


def api_refusal(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as the API's 400 (see REFUSAL_SHAPE)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): reasons
            for name, reasons in error.message_dict.items()})
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: error.messages})


def exception_handler(error, context):
    """DRF's handler, with a service's Django ValidationError answered as `api_refusal`."""
    # Imported here: DRF's views module reads DEFAULT_PARSER_CLASSES, which names this module's
    # parser, so importing it at the top fails whenever this module is the first to load DRF.
    from rest_framework import views

    if isinstance(error, DjangoValidationError):
        error = api_refusal(error)
    return views.exception_handler(error, context)


def document_refusals(result, generator, request, public):
    """drf-spectacular hook: every operation that takes a body documents its 400 refusal."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Refusal"] = {
        "type": "object", "description": REFUSAL_SHAPE,
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"end_date": ["A membership must end after the day it started."]},
    }
    refusal = {"description": "Refused: see the Refusal schema.",
               "content": {"application/json": {
                   "schema": {"$ref": "#/components/schemas/Refusal"}}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                operation.setdefault("responses", {}).setdefault("400", refusal)
    return result
