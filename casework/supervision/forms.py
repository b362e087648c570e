"""Forms of the supervisor's workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from casework.core.fields import VNDateField, WholeNumberField
from casework.supervision.models import ReviewRating

REQUIRED = _l("This field is required.")
SUPERVISION_PREFIX = "supervision"  # the case page also holds the worker's note form (body, occurred_on)


class ReassignForm(FlaskForm):
    """Step 2 of a bulk reassignment: the worker, among those who may hold every selected case."""

    worker = SelectField(_l("New worker"), validators=[DataRequired(REQUIRED)], coerce=str)
    confirm = HiddenField(default="1")
    submit = SubmitField(_l("Reassign"))


class SupervisionNoteForm(FlaskForm):
    occurred_on = VNDateField(_l("Date of the supervision"), validators=[InputRequired(REQUIRED)])
    body = TextAreaField(_l("Supervision note"), validators=[DataRequired(REQUIRED), Length(max=10000)],
                         render_kw={"rows": 3},
                         description=_l("Read only by supervisors of the area and the worker holding the case."))
    submit = SubmitField(_l("Add supervision note"))


class ReviewForm(FlaskForm):
    year = WholeNumberField(_l("Year"), validators=[InputRequired(REQUIRED)])
    half = SelectField(_l("Half-year"), validators=[DataRequired(REQUIRED)], coerce=str)
    reviewed_on = VNDateField(_l("Review date"), validators=[InputRequired(REQUIRED)])
    rating = SelectField(_l("Rating"), validators=[DataRequired(REQUIRED)], coerce=str)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    actions = TextAreaField(_l("Agreed actions"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Save the review"))

    def __init__(self, *args, **kwargs):
        from casework.supervision.queries import RATING_LABELS

        super().__init__(*args, **kwargs)
        self.half.choices = [("1", str(_l("First half (January to June)"))),
                             ("2", str(_l("Second half (July to December)")))]
        self.rating.choices = [(r.value, str(RATING_LABELS[r])) for r in ReviewRating]
