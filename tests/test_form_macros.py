"""The form macros of templates/_forms.html: what the browser is told about each field."""

from __future__ import annotations

from flask import render_template_string
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectChoice
from wtforms.validators import InputRequired, Optional

CHOICES = [SelectChoice("a", "A"), SelectChoice("b", "B")]
RADIO = "{% from '_forms.html' import render_radio %}{{ render_radio(form.choice) }}"


class _Choice(Form):
    choice = RadioField("Choice", choices=CHOICES, validators=[Optional()])


class _RequiredChoice(Form):
    choice = RadioField("Choice", choices=CHOICES, validators=[InputRequired()])


def test_an_optional_radio_group_is_not_required_in_the_browser(app):
    """WTForms leaves an absent flag as None, which rendered as required="None": browsers read any value as required."""
    with app.test_request_context():
        optional = render_template_string(RADIO, form=_Choice(MultiDict()))
        required = render_template_string(RADIO, form=_RequiredChoice(MultiDict()))
    assert "required" not in optional.replace("field__required", "")
    assert required.count(" required") == 2 and 'required="None"' not in required
