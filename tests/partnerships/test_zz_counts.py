from tests.partnerships.test_structure_views import _count, _grow, url, officer, wiltshire  # noqa
from tests.partnerships.test_coverage_views import structure  # noqa
import pytest
pytestmark = pytest.mark.django_db

def test_counts(officer, wiltshire, personas, tenant_a):
    o = personas["a"]["officer"]
    out = []
    for n, prefix in ((10, "a"), (190, "b")):
        _grow(tenant_a, o, wiltshire["chippenham"], wiltshire["region"], wiltshire["hub"], n, prefix)
        out.append((_count(officer, url("partnership-structure")),
                    _count(officer, url("partnership-detail", wiltshire["chippenham"].pk)),
                    _count(officer, url("partnership-coverage")),
                    _count(officer, url("partnership-add-school", wiltshire["chippenham"].pk))))
    print("COUNTS", out)
