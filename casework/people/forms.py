"""Forms for searching, registering and editing people, households and consent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from casework.core.fields import BirthDateField, VNDateField, strip_blank
from casework.people.codes import CATEGORIES, ETHNIC_GROUPS, RELATIONSHIPS
from casework.people.labels import CONSENT_SCOPE, DISABILITY, ID_TYPE, POVERTY, SEX

REQUIRED = _l("This field is required.")


def _choices(mapping, blank=None):
    items = [(getattr(k, "value", k), str(v)) for k, v in mapping.items()]
    return ([("", str(blank))] if blank is not None else []) + items


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PersonSearchForm(FlaskForm):
    q = StringField(_l("Name, CCCD or phone number"), validators=[Optional(), Length(max=100)],
                    render_kw={"autocomplete": "off", "autofocus": True})


class PersonForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    sex = SelectField(_l("Sex"), validators=[DataRequired(REQUIRED)])
    birth_date = BirthDateField(_l("Date of birth"), validators=[Optional()],
                                description=_l("dd/mm/yyyy, or just the year if the day is not known."))
    id_type = SelectField(_l("Identity document"), validators=[Optional()], filters=[strip_blank])
    id_number = StringField(_l("Document number"), validators=[Optional(), Length(max=20)],
                            render_kw={"inputmode": "numeric", "autocomplete": "off"})
    bhyt_number = StringField(_l("Health-insurance (BHYT) number"), validators=[Optional(), Length(max=20)],
                              render_kw={"autocomplete": "off"})
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=20)],
                        render_kw={"inputmode": "tel", "autocomplete": "off"})
    ethnicity = SelectField(_l("Ethnic group"), validators=[Optional()], filters=[strip_blank])
    home_commune_code = StringField(_l("Home commune / ward code"), validators=[Optional(), Length(max=12)],
                                    description=_l("For example 22366 for Phường Nha Trang. Empty: your own unit."))
    address_detail = StringField(_l("Address (village, street, house number)"),
                                 validators=[Optional(), Length(max=300)])
    poverty_status = SelectField(_l("Household poverty status"), validators=[DataRequired(REQUIRED)])
    disability = SelectField(_l("Disability"), validators=[DataRequired(REQUIRED)])
    categories = MultiCheckboxField(_l("Beneficiary categories"), validators=[Optional()])
    household_id = HiddenField()
    relationship = SelectField(_l("Relationship to the household head"), validators=[Optional()], filters=[strip_blank])
    confirm_new = BooleanField(_l("None of these is the same person: register a new one"))
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sex.choices = _choices(SEX)
        self.id_type.choices = _choices(ID_TYPE, blank=_l("None"))
        self.ethnicity.choices = [("", str(_l("Not recorded")))] + list(ETHNIC_GROUPS.items())
        self.poverty_status.choices = _choices(POVERTY)
        self.disability.choices = _choices(DISABILITY)
        self.categories.choices = list(CATEGORIES.items())
        self.relationship.choices = [("", "")] + [(k, str(v)) for k, v in RELATIONSHIPS.items() if k != "head"]


class ConsentForm(FlaskForm):
    scope = SelectField(_l("Consent to"), validators=[DataRequired(REQUIRED)])
    given_on = VNDateField(_l("Date given"), validators=[InputRequired(REQUIRED)])
    subject_agreed = BooleanField(_l("The person agrees"))
    guardian_agreed = BooleanField(_l("A parent or guardian agrees"))
    guardian_name = StringField(_l("Guardian's name"), validators=[Optional(), Length(max=200)])
    guardian_relationship = SelectField(_l("Guardian's relationship"), validators=[Optional()], filters=[strip_blank])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Record consent"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = _choices(CONSENT_SCOPE)
        self.guardian_relationship.choices = [("", "")] + [(k, str(v)) for k, v in RELATIONSHIPS.items()
                                                           if k != "head"]


class WithdrawConsentForm(FlaskForm):
    submit = SubmitField(_l("Withdraw consent"))


class NewHouseholdForm(FlaskForm):
    submit = SubmitField(_l("Start a household with this person as head"))
