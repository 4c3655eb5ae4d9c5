"""`{% url %}` with its answers remembered: the same tag, in every template (a builtin).

Django's `reverse` costs about 30-60 µs a call, and a list page asks it once or twice a row:
3-6 ms of a 50-row page whose target is 12 ms. A URL depends only on the view's name, its
arguments, the application namespace, the URLconf and the script prefix, so the answer for
those is kept in a bounded cache of this process. Only plain int and str arguments are kept
(what the pages pass, template literals included); anything else is reversed as Django does.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


def _keepable(value) -> bool:
    # A template's literal is a SafeString: a str like any other here. Not bool, an int's kin.
    return isinstance(value, str) or type(value) is int


@lru_cache(maxsize=20_000)
def _reversed(view_name: str, args: tuple, kwargs: tuple, current_app: str | None,
              urlconf: str | None, root_urlconf: str, script_prefix: str) -> str:
    # The last three name what `reverse` reads besides its arguments; they are the key's.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse_kept(view_name: str, args: tuple, kwargs: dict, current_app: str | None) -> str:
    if _keepable(view_name) and all(map(_keepable, (*args, *kwargs.values()))):
        return _reversed(view_name, args, tuple(sorted(kwargs.items())), current_app,
                         get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


class KeptURLNode(URLNode):
    def render(self, context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:  # as Django's tag finds it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_kept(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token) -> KeptURLNode:
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
