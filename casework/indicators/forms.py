"""Forms for a unit's own targets and baselines."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from casework.core.fields import WholeNumberField
from casework.indicators.registry import INDICATORS, Unit

ERRORS = {"unknown_indicator": _l("Choose an indicator from the list."),
          "bad_year": _l("Enter a year between 2020 and 2040."),
          "bad_value": _l("Enter a number of 0 or more.")}


def _choices(baseline: bool):
    return [(i.code, f"{i.code} {i.name_vi}") for i in INDICATORS
            if (i.unit == Unit.CHANGE) == baseline or not baseline]


class TargetForm(FlaskForm):
    indicator = SelectField(_l("Indicator"), choices=lambda: _choices(False), validators=[InputRequired()])
    year = WholeNumberField(_l("Target year"), validators=[InputRequired(), NumberRange(2020, 2040)])
    value = WholeNumberField(_l("Target value"), validators=[InputRequired(), NumberRange(0, 1_000_000_000_000)])
    submit = SubmitField(_l("Save the target"))


class BaselineForm(FlaskForm):
    indicator = SelectField(_l("Indicator"), choices=lambda: _choices(True), validators=[InputRequired()])
    year = WholeNumberField(_l("Baseline year"), default=2020, validators=[InputRequired(), NumberRange(2020, 2040)])
    value = WholeNumberField(_l("People counselled or supported that year"),
                             validators=[InputRequired(), NumberRange(0, 1_000_000_000_000)])
    submit = SubmitField(_l("Save the baseline"))
