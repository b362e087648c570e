"""Audit log filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from casework.audit.labels import ACTION_LABELS


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])
    username = StringField(_l("User"), validators=[Optional(), Length(max=64)])
    entity_type = StringField(_l("Record type"), validators=[Optional(), Length(max=48)])
    date_from = DateField(_l("From"), validators=[Optional()],
                          render_kw={"placeholder": "yyyy-mm-dd"})
    date_to = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All actions"))] + [(code, str(label)) for code, label in ACTION_LABELS.items()]
