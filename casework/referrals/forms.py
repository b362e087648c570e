"""Forms for partners, referrals, commitments, disbursements and follow-ups."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from casework.cases import labels as case_labels
from casework.core.fields import VNDateField, WholeNumberField, strip_blank
from casework.people.forms import MultiCheckboxField
from casework.referrals import labels
from casework.referrals.schedule import SCHOOL_MONTHS

REQUIRED = _l("This field is required.")
AMOUNT_RANGE = _l("Enter an amount in đồng, a whole number above 0 (for example 300000).")
NUMBER_RANGE = _l("Enter a number between %(min)s and %(max)s.")
AMOUNT_LIMITS = NumberRange(min=1, max=10_000_000_000, message=AMOUNT_RANGE)
MONTH_CHOICES = [(str(m), str(m)) for m in range(1, 13)]


class MoneyField(WholeNumberField):
    """Whole đồng; accepts 300000, 300.000 or 300 000 as typed in Vietnam."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(".", "").replace(" ", "").replace("₫", "").replace(",", "")]
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(_l("Enter an amount in đồng, a whole number above 0 (for example 300000)."))) from exc


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Kind of partner"), validators=[DataRequired(REQUIRED)])
    is_donor = BooleanField(_l("Gives money or goods"), default=True)
    is_service_provider = BooleanField(_l("Provides services"))
    anonymous_to_family = BooleanField(_l("Stays anonymous to the family"))
    funds = MultiCheckboxField(_l("What they support"), validators=[Optional()])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=16)])
    email = StringField(_l("E-mail (optional)"),
                        validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = case_labels.choices(labels.PARTNER_KIND)
        self.funds.choices = case_labels.choices(case_labels.SERVICES)


class ReferralForm(FlaskForm):
    partner_id = SelectField(_l("Partner"), validators=[DataRequired(REQUIRED)])
    service = SelectField(_l("Service"), validators=[DataRequired(REQUIRED)])
    reason = TextAreaField(_l("What is asked of the partner"), validators=[DataRequired(REQUIRED), Length(max=3000)],
                           render_kw={"rows": 3})
    shares_personal_data = BooleanField(_l("The partner receives the person's personal data"), default=True)
    legal_basis = StringField(_l("Legal basis, if sharing without consent"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Save the referral"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = case_labels.choices(case_labels.SERVICES)


class ReferralActionForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=3000)], render_kw={"rows": 2})
    submit = SubmitField()


class CommitmentForm(FlaskForm):
    kind = SelectField(_l("Cash or in kind"), validators=[DataRequired(REQUIRED)])
    description = StringField(_l("What exactly"), validators=[Optional(), Length(max=300)])
    amount = MoneyField(_l("Amount per instalment (đồng)"), validators=[InputRequired(REQUIRED),
                                                                        AMOUNT_LIMITS])
    source = SelectField(_l("Source of the money"), validators=[DataRequired(REQUIRED)])
    frequency = SelectField(_l("How often"), validators=[DataRequired(REQUIRED)])
    start_on = VNDateField(_l("From"), validators=[InputRequired(REQUIRED)])
    end_on = VNDateField(_l("Until"), validators=[Optional()])
    months = MultiCheckboxField(_l("Months paid (none ticked: every month)"), validators=[Optional()])
    day_of_month = WholeNumberField(_l("Day of the month"), default=5,
                                    validators=[Optional(), NumberRange(1, 31, message=NUMBER_RANGE)])
    submit = SubmitField(_l("Save the commitment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = case_labels.choices(labels.COMMITMENT_KIND)
        self.source.choices = case_labels.choices(labels.SOURCE)
        self.frequency.choices = case_labels.choices(labels.FREQUENCY)
        self.months.choices = MONTH_CHOICES
        if not self.is_submitted() and self.months.data is None:
            self.months.data = [str(m) for m in SCHOOL_MONTHS]


class PaymentForm(FlaskForm):
    disbursement_id = SelectField(_l("Instalment"), validators=[DataRequired(REQUIRED)], choices=None)
    paid_on = VNDateField(_l("Date handed over"), validators=[InputRequired(REQUIRED)])
    amount = MoneyField(_l("Amount (đồng)"),
                        validators=[InputRequired(REQUIRED), AMOUNT_LIMITS])
    source = SelectField(_l("Source of the money"), validators=[DataRequired(REQUIRED)])
    receipt = FileField(_l("Receipt (optional: PDF or photo)"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Record the payment"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = case_labels.choices(labels.SOURCE)


class CommitmentChangeForm(FlaskForm):
    from_date = VNDateField(_l("From"), validators=[InputRequired(REQUIRED)])
    amount = MoneyField(_l("New amount (đồng)"), validators=[Optional(), AMOUNT_LIMITS])
    action = SelectField(_l("Change"), validators=[DataRequired(REQUIRED)], filters=[strip_blank])
    submit = SubmitField(_l("Apply"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("amount", str(_l("Change the amount"))), ("pause", str(_l("Pause"))),
                               ("resume", str(_l("Resume")))]


class FollowUpForm(FlaskForm):
    title = StringField(_l("What for"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Kind of contact"), validators=[DataRequired(REQUIRED)])
    due_on = VNDateField(_l("Due date"), validators=[InputRequired(REQUIRED)])
    recurrence_months = WholeNumberField(_l("Repeat every … months (optional)"),
                                     validators=[Optional(), NumberRange(1, 24, message=NUMBER_RANGE)])
    submit = SubmitField(_l("Plan the follow-up"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = case_labels.choices(case_labels.CONTACT_KIND)


class FollowUpDoneForm(FlaskForm):
    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(REQUIRED), Length(max=3000)],
                            render_kw={"rows": 2})
    submit = SubmitField(_l("Mark as done"))
