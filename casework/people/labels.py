"""Translated labels for people's enumerations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.people.models import ConsentScope, DisabilityLevel, IdType, PovertyStatus, Sex

SEX = {Sex.FEMALE: _l("Female"), Sex.MALE: _l("Male"), Sex.OTHER: _l("Other"), Sex.UNKNOWN: _l("Not recorded")}
ID_TYPE = {IdType.CCCD: _l("Citizen ID (CCCD, 12 digits)"), IdType.CMND: _l("Old identity card (CMND, 9 digits)")}
POVERTY = {PovertyStatus.POOR: _l("Poor household"), PovertyStatus.NEAR_POOR: _l("Near-poor household"),
           PovertyStatus.NONE: _l("Neither"), PovertyStatus.UNKNOWN: _l("Not recorded")}
DISABILITY = {DisabilityLevel.NONE: _l("None"), DisabilityLevel.MILD: _l("Mild"),
              DisabilityLevel.SEVERE: _l("Severe"), DisabilityLevel.VERY_SEVERE: _l("Very severe")}
CONSENT_SCOPE = {ConsentScope.SERVICES: _l("Receiving social-work services"),
                 ConsentScope.DISCLOSURE: _l("Sharing information with partners (referrals)"),
                 ConsentScope.PHOTOS: _l("Photos")}

# Messages for service error codes, shown next to the field.
PERSON_ERRORS = {
    "name_required": _l("Enter the full name."),
    "cccd_format": _l("A CCCD number has exactly 12 digits."),
    "cmnd_format": _l("An old identity card (CMND) number has exactly 9 digits."),
    "id_type_missing": _l("Choose the type of document first."),
    "id_taken": _l("Another person already has this document number. Search for them instead."),
    "bhyt_format": _l("A BHYT number has 10 digits (or the old 15-character code, e.g. HS4791234567890)."),
    "phone_format": _l("Enter a Vietnamese phone number: 10 digits for a mobile (09…, 03…), 11 for a landline (02…)."),
    "birth_date_range": _l("The date of birth cannot be in the future or more than 120 years ago."),
    "unknown_code": _l("Choose a value from the list."),
    "restricted": _l("Processing of this person's data is restricted at their request: the record cannot be changed."),
    "already_member": _l("This person is already in the household."),
    "subject_needed": _l("The person's own agreement is needed (a child from 7 years old must agree too)."),
    "guardian_needed": _l("A parent's or guardian's agreement is needed for a child."),
    "guardian_name_needed": _l("Enter the name of the parent or guardian who agreed."),
}
