"""`core.grants.grants_including`: one holder's grants without asking every holder, unless the
request has read them all already."""

from datetime import date

import pytest

from core import grants
from core.grants import Grant, grants_including, remembered_while_reading
from core.models import Membership

ON = date(2026, 3, 2)


@pytest.fixture
def holders(monkeypatch):
    asked: list[str] = []
    member = Membership(pk=7, tenant_id=1)
    target = Membership(pk=99, tenant_id=1)

    def holder(key: str, permission: str):
        def answer(memberships, on):
            asked.append(key)
            return {m.pk: [Grant(permission, target, key)] for m in memberships}
        return answer

    monkeypatch.setattr(grants, "_holders", {"a.one": holder("a.one", "read.one"),
                                             "b.two": holder("b.two", "read.two")})
    return member, asked


def test_outside_a_reading_request_only_the_named_holder_is_asked(holders):
    member, asked = holders
    found = grants_including(member, "b.two", ON)
    assert [grant.permission for grant in found] == ["read.two"]
    assert asked == ["b.two"]


def test_a_request_that_read_every_holder_already_asks_none_again(holders):
    member, asked = holders
    with remembered_while_reading():
        everything = grants.grants_of(member, ON)
        assert sorted(asked) == ["a.one", "b.two"]
        found = grants_including(member, "b.two", ON)
    assert asked == sorted(asked) and len(asked) == 2  # no holder asked twice
    assert found == everything
    assert "read.two" in [grant.permission for grant in found]


def test_a_holder_asked_alone_is_not_asked_again_for_every_holders_grants(holders):
    member, asked = holders
    with remembered_while_reading():
        alone = grants_including(member, "b.two", ON)
        again = grants_including(member, "b.two", ON)
        everything = grants.grants_of(member, ON)
    assert alone == again
    assert asked == ["b.two", "a.one"]  # each holder once
    assert [grant.permission for grant in everything] == ["read.one", "read.two"]
