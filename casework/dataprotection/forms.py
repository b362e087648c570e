"""Forms for data-subject requests, restriction and de-identification."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from casework.cases.labels import choices
from casework.core.fields import VNDateField
from casework.dataprotection import labels
from casework.dataprotection.models import RequestStatus

REQUIRED = _l("This field is required.")


class DataRequestForm(FlaskForm):
    kind = SelectField(_l("What the person asks"), validators=[DataRequired(REQUIRED)])
    received_on = VNDateField(_l("Received on"), validators=[InputRequired(REQUIRED)])
    requested_by = StringField(_l("Made by (the person or their representative)"),
                               validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=3000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Record the request"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(labels.KIND)


class CloseRequestForm(FlaskForm):
    status = SelectField(_l("Outcome"), validators=[DataRequired(REQUIRED)])
    outcome = TextAreaField(_l("What was done, or why it was refused"), validators=[Optional(), Length(max=3000)],
                            render_kw={"rows": 2})
    submit = SubmitField(_l("Close the request"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices({k: v for k, v in labels.STATUS.items() if k != RequestStatus.OPEN})


class RestrictForm(FlaskForm):
    action = HiddenField(validators=[AnyOf(["restrict", "lift"])])
    submit = SubmitField(_l("Confirm"))


class DeidentifyForm(FlaskForm):
    reason = StringField(_l("Reason (e.g. the person's request of 05/09/2026)"),
                         validators=[DataRequired(REQUIRED), Length(max=200)])
    confirm = BooleanField(_l("I understand that the name, numbers, address, notes and files are removed for good"),
                           validators=[DataRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("De-identify this person"))
