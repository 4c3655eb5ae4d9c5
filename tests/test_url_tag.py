"""`{% url %}` remembers its answers without ever giving a different one than Django's."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.templatetags import urls


def rendered(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.fixture(autouse=True)
def _fresh():
    urls._reversed.cache_clear()
    yield
    set_script_prefix("/")


def test_the_tag_answers_as_django_and_asks_reverse_once_per_url():
    source = "{% for urn in urns %}{% url 'schools:school-detail' slug urn %} {% endfor %}"
    html = rendered(source, slug="north", urns=[100001, 100002, 100001])
    expected = [reverse("schools:school-detail", args=["north", urn])
                for urn in (100001, 100002, 100001)]
    assert html.split() == expected
    info = urls._reversed.cache_info()
    assert (info.misses, info.hits) == (2, 1)


def test_keyword_arguments_and_as_var():
    html = rendered("{% url 'schools:school-detail' tenant_slug=slug urn=7 as link %}[{{ link }}]",
                    slug="north")
    expected = reverse("schools:school-detail", kwargs={"tenant_slug": "north", "urn": 7})
    assert html == f"[{expected}]"
    assert urls._reversed.cache_info().misses == 1


def test_a_missing_route_still_fails_unless_kept_in_a_variable():
    with pytest.raises(NoReverseMatch):
        rendered("{% url 'schools:no-such-page' 'x' %}")
    assert rendered("{% url 'schools:no-such-page' 'x' as link %}[{{ link }}]") == "[]"


def test_the_script_prefix_and_the_urlconf_are_part_of_the_key():
    source = "{% url 'schools:school-detail' 'north' 1 %}"
    assert rendered(source) == "/t/north/schools/1/"
    set_script_prefix("/council/")
    assert rendered(source) == "/council/t/north/schools/1/"
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert rendered("{% url 'bench-trivial' as link %}{{ link }}") == reverse("bench-trivial")


def test_arguments_of_other_types_are_reversed_as_django_does_and_not_kept():
    class Slug:
        def __str__(self):
            return "north"

    assert rendered("{% url 'schools:school-detail' slug 1 %}", slug=Slug()) == \
        "/t/north/schools/1/"
    assert urls._reversed.cache_info().currsize == 0
