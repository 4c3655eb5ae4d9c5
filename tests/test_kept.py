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



def test_a_drawing_is_drawn_once_per_key_and_marked_safe():
    from django.utils.safestring import SafeString

    from core.kept import kept_html

    contexts = []

    def context(status):
        contexts.append(status)
        return {"proposal": {"status": status}}

    template = "partnerships/formation/_status_tag.html"
    first = kept_html("test:kept-html:a", template, lambda: context("draft"), ttl=60)
    again = kept_html("test:kept-html:a", template, lambda: context("published"), ttl=60)
    assert first.strip() == '<strong class="govuk-tag govuk-tag--grey">Draft</strong>'
    assert again == first and contexts == ["draft"]  # kept: not drawn again
    assert isinstance(again, SafeString)  # shown as markup, not escaped again
    other = kept_html("test:kept-html:b", template, lambda: context("published"), ttl=60)
    assert "Published for consultation" in other and contexts == ["draft", "published"]
