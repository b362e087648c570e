"""Forms of the hospital workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from casework.cases.labels import choices
from casework.core.fields import VNDateField, WholeNumberField, strip_blank
from casework.hospital import labels
from casework.people.labels import POVERTY
from casework.referrals.forms import AMOUNT_LIMITS, REQUIRED, MoneyField

# DataRequired, not InputRequired: a blank typed into a date (" ") parses to no date at all.
DATE_REQUIRED = _l("Enter the date as dd/mm/yyyy, for example 05/09/2025.")


def _money(label, validators):
    """Whole đồng typed as Vietnamese write it (20.000.000): a text input with a numeric keyboard."""
    return MoneyField(label, validators=validators, render_kw={"type": "text", "inputmode": "numeric"})


def _partner_choices(partners) -> list[tuple[str, str]]:
    return [("", str(_l("— a benefactor not in the list —")))] + [(str(p.id), p.name) for p in partners]


class AdmissionForm(FlaskForm):
    department = StringField(_l("Department"), validators=[DataRequired(REQUIRED), Length(max=120)])
    admitted_on = VNDateField(_l("Admitted on"), validators=[DataRequired(DATE_REQUIRED)])
    poverty = SelectField(_l("Household poverty status"), validators=[DataRequired(REQUIRED)])
    no_bhyt = BooleanField(_l("No health insurance (BHYT)"))
    no_relatives = BooleanField(_l("No relatives"))
    unidentified = BooleanField(_l("Unidentified"))
    violence_victim = BooleanField(_l("Victim of violence"))
    accident_victim = BooleanField(_l("Victim of an accident"))
    assessment_note = TextAreaField(_l("Circumstances"), validators=[Optional(), Length(max=3000)],
                                    render_kw={"rows": 3})
    submit = SubmitField(_l("Save the admission"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.poverty.choices = choices(POVERTY)


class SupportForm(FlaskForm):
    kind = SelectField(_l("Kind of support"), validators=[DataRequired(REQUIRED)])
    given_on = VNDateField(_l("Given on"), validators=[DataRequired(DATE_REQUIRED)])
    description = StringField(_l("What exactly"), validators=[Optional(), Length(max=300)])
    amount = _money(_l("Amount or value (đồng)"), [Optional(), AMOUNT_LIMITS])
    source = SelectField(_l("Source"), validators=[DataRequired(REQUIRED)])
    partner_id = SelectField(_l("Benefactor (partner)"), [Optional()], filters=[strip_blank])
    sponsor_name = StringField(_l("Benefactor's name, if not a partner"), [Optional(), Length(max=200)])
    submit = SubmitField(_l("Record the support"))

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(labels.SUPPORT_KIND)
        self.source.choices = choices(labels.SUPPORT_SOURCE)
        self.partner_id.choices = _partner_choices(partners)


class AppealForm(FlaskForm):
    title = StringField(_l("Title of the appeal"), validators=[DataRequired(REQUIRED), Length(max=200)])
    purpose = TextAreaField(_l("What the money is for"), [Optional(), Length(max=3000)],
                            render_kw={"rows": 2})
    target_amount = _money(_l("Target (đồng)"), [InputRequired(REQUIRED), AMOUNT_LIMITS])
    opened_on = VNDateField(_l("Launched on"), [DataRequired(DATE_REQUIRED)])
    submit = SubmitField(_l("Launch the appeal"))


class DonationForm(FlaskForm):
    received_on = VNDateField(_l("Received on"), [DataRequired(DATE_REQUIRED)])
    partner_id = SelectField(_l("Benefactor (partner)"), [Optional()], filters=[strip_blank])
    donor_name = StringField(_l("Benefactor's name, if not a partner"), [Optional(), Length(max=200)])
    kind = SelectField(_l("Cash or in kind"), validators=[DataRequired(REQUIRED)])
    amount = _money(_l("Amount or value (đồng)"), [InputRequired(REQUIRED), AMOUNT_LIMITS])
    description = StringField(_l("What was given, if in kind"), [Optional(), Length(max=300)])
    receipt_number = StringField(_l("Receipt number"), [Optional(), Length(max=40)])
    submit = SubmitField(_l("Record the donation"))

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(labels.DONATION_KIND)
        self.partner_id.choices = _partner_choices(partners)


class HandoverForm(FlaskForm):
    """Shown beside the donation form: its fields carry the prefix "handover-" (ids must be unique)."""

    handed_on = VNDateField(_l("Handed over on"), [DataRequired(DATE_REQUIRED)])
    amount = _money(_l("Amount handed over (đồng)"), [InputRequired(REQUIRED), AMOUNT_LIMITS])
    receipt_number = StringField(_l("Receipt number"), validators=[DataRequired(REQUIRED), Length(max=40)])
    handed_over_by = StringField(_l("Handed over by"), validators=[DataRequired(REQUIRED), Length(max=200)])
    received_by = StringField(_l("Received by (patient or relative)"),
                              validators=[DataRequired(REQUIRED), Length(max=200)])
    note = TextAreaField(_l("Note"), [Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Record the hand-over"))


class CloseAppealForm(FlaskForm):
    submit = SubmitField(_l("Close the appeal"))


class DischargeForm(FlaskForm):
    discharged_on = VNDateField(_l("Discharged on"), validators=[DataRequired(DATE_REQUIRED)])
    hand_off = BooleanField(_l("Hand the case to the patient's home commune"), default=True)
    assignee = SelectField(_l("Collaborator who takes the case"), validators=[Optional()], filters=[strip_blank])
    note = TextAreaField(_l("Message to the commune"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 2})
    submit = SubmitField(_l("Record the discharge"))

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee.choices = [("", str(_l("— nobody yet: every collaborator of the commune is told —")))] + [
            (str(u.id), u.full_name) for u in recipients]


class ActivityForm(FlaskForm):
    kind = SelectField(_l("Kind of activity"), validators=[DataRequired(REQUIRED)])
    held_on = VNDateField(_l("Held on"), validators=[DataRequired(DATE_REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    participants = WholeNumberField(_l("Participants"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=100_000, message=_l("Enter a number between 0 and 100000."))])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=3000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Save the activity"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(labels.ACTIVITY_KIND)


class ActivityFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of activity"), validators=[Optional()], filters=[strip_blank])
    date_from = VNDateField(_l("From"), validators=[Optional()])
    date_to = VNDateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", str(_l("All")))] + choices(labels.ACTIVITY_KIND)
