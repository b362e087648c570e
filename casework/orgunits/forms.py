"""Facility forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from casework.labels import facility_type_choices

REQUIRED = _l("This field is required.")


class FacilityEditForm(FlaskForm):
    name = StringField(_l("Facility name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    provides_sw_services = BooleanField(_l("Provides social-work services"))
    submit = SubmitField(_l("Save"))


class FacilityForm(FacilityEditForm):
    facility_type = SelectField(_l("Type"), validators=[DataRequired(REQUIRED)])
    code = StringField(
        _l("Code (optional)"),
        validators=[Optional(), Length(max=32),
                    Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use only letters, digits, dots and dashes."))],
        description=_l("Leave empty to have one made for you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.facility_type.choices = facility_type_choices()
