"""User administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

REQUIRED = _l("This field is required.")


class UserEditForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("E-mail (optional)"),
                       validators=[Optional(), Email(message=_l("Enter a valid e-mail address.")),
                                   Length(max=200)])
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)])
    home_unit_code = StringField(
        _l("Home unit code"),
        validators=[DataRequired(REQUIRED), Length(max=32)],
        description=_l("The code of the province, commune or facility whose cases this user works on, "
                       "for example 56 for Khánh Hòa or 22366 for Phường Nha Trang."),
    )
    active = BooleanField(_l("Account active"), default=True)
    submit = SubmitField(_l("Save"))


class UserCreateForm(UserEditForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(REQUIRED), Length(min=3, max=64, message=_l("Use 3 to 64 characters.")),
                    Regexp(r"^[A-Za-z0-9._-]+$",
                           message=_l("Use only letters without marks, digits, dots, dashes and underscores."))],
        render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(REQUIRED), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(REQUIRED), Length(min=10, max=200, message=_l("Use at least 10 characters."))],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or username"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Role"), validators=[Optional()])
