"""The shared form fields: dates typed as dd/mm/yyyy, and a required date left blank."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired, Optional

from casework.core.fields import VNDateField


class _DateForm(FlaskForm):
    class Meta:
        csrf = False

    due_on = VNDateField("Due", validators=[InputRequired()])
    noted_on = VNDateField("Noted", validators=[Optional()])


def _form(**data) -> _DateForm:
    return _DateForm(formdata=MultiDict(data))


def test_a_date_typed_as_dd_mm_yyyy_is_read_and_shown_back(app):
    with app.test_request_context():
        form = _form(due_on="05/09/2025")
        assert form.validate() and form.due_on.data == date(2025, 9, 5)
        assert form.due_on._value() == "05/09/2025"


def test_spaces_in_a_required_date_are_refused_not_taken_for_no_date(app):
    """Fuzzing found a date of " " passing InputRequired and reaching a service as None."""
    with app.test_request_context():
        form = _form(due_on="   ", noted_on="  ")
        assert not form.validate()
        assert form.due_on.errors and form.due_on.data is None
        assert not form.noted_on.errors and form.noted_on.data is None


def test_an_impossible_date_keeps_what_was_typed(app):
    with app.test_request_context():
        form = _form(due_on="31/02/2026")
        assert not form.validate()
        assert form.due_on._value() == "31/02/2026"
        assert "dd/mm/yyyy" in form.due_on.errors[0]
