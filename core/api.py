"""What every API endpoint shares: a JSON parser that refuses what the views cannot use.

A body nested deeper than `MAX_JSON_DEPTH` would exhaust Python's recursion while parsing or
validating it (a 500); a body that is not a JSON object (`null`, a number, a list) has no fields
for a view to read. Both are a 400 naming the problem, before any view sees them.
"""

import io

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

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
