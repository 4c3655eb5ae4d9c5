"""Template helpers of the scheme editor."""

import json

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or "" (a template cannot index a dict by a variable)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def json_text(value) -> str:
    return json.dumps(value)


@register.filter
def category_fields(category) -> list[tuple[str, str, str, str]]:
    """A category's text fields: (name, words, value, width class)."""
    return [("code", "Code", category.code, "govuk-input--width-5"),
            ("label", "Name", category.label, ""),
            ("description", "Description", category.description, ""),
            ("colour", "Colour (green, yellow, amber, red or grey)", category.colour,
             "govuk-input--width-10"),
            ("offer", "Support offer", category.offer, "")]



# A scheme's rules form has a select of some sixty facts for each of its conditions and the
# categories' choices for each rule: looping over them in the template took most of the page's
# time on a real scheme, so these build the HTML here.


@register.simple_tag
def options(choices, selected) -> str:
    """The <option>s of a select, `selected` chosen: `choices` are (value, words) pairs."""
    return mark_safe("".join(_option(value, words, selected) for value, words in choices))


class Options:
    """The <option>s of a select, escaped once for the whole page: `choices` are (value, words)
    pairs, or (group, pairs) under an <optgroup> each when `grouped`. `with_selected(value)`
    marks one chosen."""

    def __init__(self, choices, *, grouped: bool = False) -> None:
        if grouped:
            self.html = "".join(
                f'<optgroup label="{escape(group)}">'
                + "".join(_option(value, words, None) for value, words in pairs)
                + "</optgroup>" for group, pairs in choices)
        else:
            self.html = "".join(_option(value, words, None) for value, words in choices)

    def with_selected(self, value) -> str:
        if value in (None, ""):
            return mark_safe(self.html)
        attribute = f'value="{escape(value)}">'
        return mark_safe(self.html.replace(attribute, f'value="{escape(value)}" selected>', 1))


@register.simple_tag
def selected_in(options: Options, selected) -> str:
    """Options built once for the page (`Options`), `selected` chosen."""
    return options.with_selected(selected)


@register.simple_tag
def choice_checkboxes(choices, chosen, prefix) -> str:
    """Small checkboxes named `{prefix}-choices`, one for each (value, words) pair, those in
    `chosen` ticked (ids `{prefix}-choice{n}`)."""
    items = []
    for n, (value, words) in enumerate(choices):
        ticked = " checked" if value in chosen else ""
        items.append(
            f'<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
            f'id="{escape(prefix)}-choice{n}" name="{escape(prefix)}-choices" type="checkbox" '
            f'value="{escape(value)}"{ticked}><label class="govuk-label '
            f'govuk-checkboxes__label" for="{escape(prefix)}-choice{n}">{escape(words)}</label>'
            "</div>")
    return mark_safe("".join(items))


def _option(value, words, selected) -> str:
    chosen = " selected" if value == selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(words)}</option>'
