"""Translated labels for the workforce."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.workforce.models import PositionType, Qualification

POSITION = {PositionType.FULL_TIME: _l("Full-time (chuyên trách)"),
            PositionType.CONCURRENT: _l("Concurrent (kiêm nhiệm)"),
            PositionType.COLLABORATOR: _l("Collaborator (cộng tác viên)")}
QUALIFICATION = {
    Qualification.NONE: _l("No social-work qualification"),
    Qualification.SW_CERTIFICATE: _l("Social-work training certificate"),
    Qualification.VOCATIONAL: _l("Intermediate vocational (trung cấp)"), Qualification.COLLEGE: _l("College"),
    Qualification.BACHELOR_SW: _l("Bachelor in social work"),
    Qualification.BACHELOR_RELATED: _l("Bachelor in a related field"),
    Qualification.POSTGRADUATE: _l("Postgraduate"),
}
ERRORS = {"name_required": _l("Enter the name."), "end_before_start": _l("The end date is before the start date."),
          "bad_amount": _l("Enter an amount in đồng, a whole number of 0 or more."),
          "bad_hours": _l("Enter the hours, between 1 and 2000."), "course_required": _l("Enter the course.")}
