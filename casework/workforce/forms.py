"""Forms for staff members and trainings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from casework.cases.labels import choices
from casework.core.fields import VNDateField, WholeNumberField
from casework.workforce.labels import POSITION, QUALIFICATION


class StaffForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=200)])
    position = SelectField(_l("Position"), choices=lambda: choices(POSITION), validators=[InputRequired()])
    qualification = SelectField(_l("Qualification"), choices=lambda: choices(QUALIFICATION),
                                validators=[InputRequired()])
    monthly_allowance = WholeNumberField(_l("Monthly allowance (đồng)"), default=0,
                                         validators=[InputRequired(), NumberRange(0, 1_000_000_000)])
    contract_start = VNDateField(_l("Contract start"), validators=[InputRequired()])
    contract_end = VNDateField(_l("Contract end"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Save"))


class TrainingForm(FlaskForm):
    course = StringField(_l("Course"), validators=[InputRequired(), Length(max=200)])
    held_on = VNDateField(_l("Date"), validators=[InputRequired()])
    hours = WholeNumberField(_l("Hours"), validators=[InputRequired(), NumberRange(1, 2000)])
    submit = SubmitField(_l("Add the training"))
