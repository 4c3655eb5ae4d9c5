"""`core.kept.kept`: computed once per key; another key is computed afresh."""

from core.kept import kept


def test_a_value_is_computed_once_per_key():
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert kept("test:kept:a", lambda: compute(1), ttl=60) == 1
    assert kept("test:kept:a", lambda: compute(2), ttl=60) == 1  # kept: not computed again
    assert kept("test:kept:b", lambda: compute(3), ttl=60) == 3  # another version: computed
    assert calls == [1, 3]
