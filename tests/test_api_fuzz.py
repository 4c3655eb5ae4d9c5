"""Fuzzing the API from its own OpenAPI schema: no generated request may get a 500.

Schemathesis reads `/api/schema/` from the application in-process (WSGI, same thread and
database connection as the test, so its writes roll back with the test) and generates requests
for every operation: valid ones, and ones that break the schema's types, formats and bounds
(schemathesis's negative mode: bodies that are not objects, wrong types, missing fields). Path
arguments are tenant A's real objects (the isolation matrix's fillers), so requests reach the
views' validation rather than stopping at a 404. Bounded and derandomised, so a CI run is
repeatable and short.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.factories import api_token_client
from tests.test_isolation_matrix import world  # noqa: F401 - the fixture, shared

pytestmark = pytest.mark.django_db

# Per operation and mode (valid, invalid): 5 keeps the file under half a minute on two cores
# while every operation still gets bodies of each kind; raise it locally to fuzz harder.
EXAMPLES_PER_OPERATION = 5


@pytest.fixture
def api_schema():
    # As Django's test client does: a request must not close the test's database connection
    # (its transaction is what rolls the fuzzer's writes back).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def operations(schema) -> list:
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the schema lists no operations"
    return found


def test_no_generated_request_gets_a_server_error(api_schema, world, personas):  # noqa: F811
    token = api_token_client(personas["a"]["admin"], made_with_mfa=True).token_key
    headers = {"Authorization": f"Token {token}"}
    fillers = world["fillers"]
    server_errors: list[str] = []
    statuses: Counter[int] = Counter()
    sent = 0

    def send(case) -> None:
        nonlocal sent
        response = case.call(headers=headers)
        sent += 1
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            server_errors.append(f"{case.method.upper()} {case.formatted_path} "
                                 f"body={case.body!r:.200} query={case.query!r:.200}: "
                                 f"{response.status_code}")

    for operation in operations(api_schema):
        arguments = {parameter.name: fillers[parameter.name]
                     for parameter in operation.path_parameters if parameter.name in fillers}
        for mode in GenerationMode:  # requests the schema allows, and requests it forbids
            strategy = operation.as_strategy(mode, path_parameters=arguments)
            run = settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                           database=None, suppress_health_check=list(HealthCheck))(
                given(case=strategy)(send))
            try:
                run()
            except Unsatisfiable:
                # Nothing of this operation is left to break once its path holds real objects
                # (a GET with no query parameters, say): the positive run covered it.
                assert mode is GenerationMode.NEGATIVE

    assert sent >= len(operations(api_schema)), "each operation got at least one request"
    # The requests reached the views: some were served, some refused as invalid input.
    assert statuses[200] and statuses[400], statuses
    assert not server_errors, "server errors:\n" + "\n".join(server_errors[:20])
