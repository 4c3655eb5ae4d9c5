"""The register's OpenAPI pieces the apps above reuse (they never import schools' API views)."""

from core.api import path_parameter

URN_PARAMETER = path_parameter("urn", "The school's URN.")
