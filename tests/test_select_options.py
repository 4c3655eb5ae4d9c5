"""The select options built in Python for long selects: escaped, the chosen value selected."""

from django import forms
from django.utils.safestring import mark_safe

from core.templatetags.forms import select_options


class Pick(forms.Form):
    school = forms.ChoiceField(choices=[
        ("", "Choose a school"),
        ("1", "St Peter's & St Paul's <Primary>"),
        ('2"x', mark_safe("<b>Marked safe</b>")),
        ("3", "Hill School"),
    ])


def test_labels_and_values_are_escaped_unless_marked_safe_and_the_value_is_selected():
    html = select_options(Pick({"school": "3"})["school"])
    assert html == (
        '<option value="">Choose a school</option>'
        '<option value="1">St Peter&#x27;s &amp; St Paul&#x27;s &lt;Primary&gt;</option>'
        '<option value="2&quot;x"><b>Marked safe</b></option>'
        '<option value="3" selected>Hill School</option>')


def test_an_unbound_form_selects_its_initial_value():
    html = select_options(Pick(initial={"school": "1"})["school"])
    assert '<option value="1" selected>' in html and html.count("selected") == 1
