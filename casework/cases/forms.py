"""Case forms: intake, edit, step change, assessment, plan, notes, attachments, approvals."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from casework.cases import labels
from casework.core.fields import VNDateField, strip_blank
from casework.people.forms import MultiCheckboxField

REQUIRED = _l("This field is required.")


class CaseForm(FlaskForm):
    source = SelectField(_l("Who reported the case"), validators=[DataRequired(REQUIRED)])
    needs = MultiCheckboxField(_l("Needs"), validators=[Optional()])
    summary = TextAreaField(_l("Situation"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                            render_kw={"rows": 4})
    risk_level = SelectField(_l("Risk level"), validators=[Optional()], filters=[strip_blank])
    emergency = BooleanField(_l("Emergency: the person's life, health or dignity is at serious risk now"),
                             description=_l("Starts the 12-hour clock for emergency intervention (Decree 56/2017)."))
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.source is not None:
            self.source.choices = labels.choices(labels.SOURCE)
        self.needs.choices = labels.choices(labels.NEEDS)
        self.risk_level.choices = [("", str(_l("Not assessed yet")))] + labels.choices(labels.RISK)


class CaseEditForm(CaseForm):
    source = None
    emergency = None


class StepForm(FlaskForm):
    to = HiddenField(validators=[DataRequired()])
    version = HiddenField()
    submit = SubmitField()


class RatingForm(Form):
    """One need domain and its level (Cao / Trung bình / Thấp); empty when not assessed."""

    domain = HiddenField()
    level = SelectField(_l("Level"), validators=[Optional()], filters=[strip_blank])
    note = StringField(_l("Observation"), validators=[Optional(), Length(max=1000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [("", "—")] + labels.choices(labels.RISK)


class AssessmentForm(FlaskForm):
    kind = SelectField(_l("Type of assessment"), validators=[DataRequired(REQUIRED)])
    ratings = FieldList(FormField(RatingForm), min_entries=len(labels.NEEDS), max_entries=len(labels.NEEDS))
    assessed_on = VNDateField(_l("Date"), validators=[InputRequired(REQUIRED)])
    summary = TextAreaField(_l("Summary of the assessment"), validators=[Optional(), Length(max=5000)],
                            render_kw={"rows": 3})
    submit = SubmitField(_l("Save assessment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = labels.choices(labels.ASSESSMENT_KIND)
        for entry, domain in zip(self.ratings.entries, labels.NEEDS, strict=False):
            entry.form.domain.data = domain


class PlanItemForm(FlaskForm):
    goal = StringField(_l("Goal"), validators=[DataRequired(REQUIRED), Length(max=300)])
    service = SelectField(_l("Service"), validators=[DataRequired(REQUIRED)])
    responsible = StringField(_l("Who is responsible"), validators=[Optional(), Length(max=200)])
    due_on = VNDateField(_l("Due date"), validators=[Optional()])
    submit = SubmitField(_l("Add to plan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = labels.choices(labels.SERVICES)


class PlanStatusForm(FlaskForm):
    status = SelectField(_l("Status"), validators=[DataRequired()])
    submit = SubmitField(_l("Update"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = labels.choices(labels.PLAN_STATUS)


class NoteForm(FlaskForm):
    kind = SelectField(_l("Kind of contact"), validators=[DataRequired(REQUIRED)])
    occurred_on = VNDateField(_l("Date"), validators=[InputRequired(REQUIRED)])
    body = TextAreaField(_l("Note"), validators=[DataRequired(REQUIRED), Length(max=10000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Add note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = labels.choices(labels.CONTACT_KIND)


class EmergencyActionForm(FlaskForm):
    note = TextAreaField(_l("What was done"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("Record the emergency action"))


class AttachmentForm(FlaskForm):
    kind = SelectField(_l("Kind of file"), validators=[DataRequired(REQUIRED)])
    file = FileField(_l("File (PDF, JPEG, PNG or WebP, at most 10 MB)"), validators=[FileRequired(REQUIRED)])
    submit = SubmitField(_l("Attach"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = labels.choices(labels.ATTACHMENT_KIND)


class ClosureRequestForm(FlaskForm):
    reason = SelectField(_l("Reason for closing"), validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Note for the supervisor"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("Ask to close the case"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = labels.choices(labels.CLOSURE)


class TransferRequestForm(FlaskForm):
    target_unit_code = StringField(_l("Code of the unit taking over"), validators=[DataRequired(REQUIRED),
                                                                                   Length(max=32)])
    note = TextAreaField(_l("Why"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Ask to transfer the case"))


class DecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    approve = SubmitField(_l("Approve"))
    refuse = SubmitField(_l("Refuse"))


class ReopenForm(FlaskForm):
    reason = StringField(_l("Why reopen"), validators=[DataRequired(REQUIRED), Length(max=500)])
    submit = SubmitField(_l("Reopen the case"))


class AssignForm(FlaskForm):
    worker = SelectField(_l("Assign to"), validators=[DataRequired(REQUIRED)], coerce=str)
    submit = SubmitField(_l("Assign"))


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    scope = SelectField(_l("Cases"), validators=[Optional()], filters=[strip_blank])
    status = SelectField(_l("Step"), validators=[Optional()], filters=[strip_blank])
    risk = SelectField(_l("Risk"), validators=[Optional()], filters=[strip_blank])
    worker = SelectField(_l("Worker"), validators=[Optional()], filters=[strip_blank])
    emergency = BooleanField(_l("Emergencies only"))
    overdue = BooleanField(_l("Overdue only"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = [("mine", str(_l("My cases"))), ("unit", str(_l("All cases of my area")))]
        self.status.choices = [("", str(_l("All open")))] + labels.choices(labels.STATUS)
        self.risk.choices = [("", str(_l("Any")))] + labels.choices(labels.RISK)
        self.worker.choices = [("", str(_l("Anyone")))]

    def load_workers(self, workers) -> None:
        """Offer the workers of the area (a supervisor's filter: one worker's caseload)."""
        self.worker.choices = [("", str(_l("Anyone")))] + [(str(u.id), u.full_name) for u in workers]

    def to_filters(self, user):
        """The filters the list applies; the page, its export and "reassign all matching" use the same."""
        from casework.auth.permissions import Perm, has_permission
        from casework.cases.queries import CaseFilters

        mine = has_permission(user, Perm.EDIT_CASES) and (self.scope.data or "mine") == "mine"
        valid = {name: (self[name].data if self[name].data in {k for k, _ in self[name].choices} else "")
                 for name in ("status", "risk")}
        worker = self.worker.data if self.worker.data in {k for k, _ in self.worker.choices} else ""
        return CaseFilters(mine_only=mine, status=valid["status"] or "", risk=valid["risk"] or "",
                           emergency=bool(self.emergency.data), overdue=bool(self.overdue.data),
                           worker_id=int(worker) if worker else None)
