"""Translated labels and refusal messages of the hospital workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.hospital.models import ActivityKind, AppealStatus, DonationKind, SupportKind, SupportSource

HARDSHIP = {
    "poor": _l("Poor household"), "near_poor": _l("Near-poor household"), "no_bhyt": _l("No health insurance (BHYT)"),
    "no_relatives": _l("No relatives"), "unidentified": _l("Unidentified"),
    "violence_victim": _l("Victim of violence"), "accident_victim": _l("Victim of an accident"),
}
SUPPORT_KIND = {
    SupportKind.IN_KIND: _l("In kind (meals, clothes, medicine)"), SupportKind.CASH: _l("Cash"),
    SupportKind.BHYT: _l("Health-insurance (BHYT) help"), SupportKind.FEE_REDUCTION: _l("Hospital fee reduction"),
    SupportKind.TRANSPORT_HOME: _l("Transport home"),
}
SUPPORT_SOURCE = {
    SupportSource.HOSPITAL_FUND: _l("Hospital's own fund"), SupportSource.STATE_BUDGET: _l("State budget"),
    SupportSource.SOCIALISED: _l("Socialised resources"),
}
APPEAL_STATUS = {AppealStatus.OPEN: _l("Open"), AppealStatus.CLOSED: _l("Closed")}
DONATION_KIND = {DonationKind.CASH: _l("Cash"), DonationKind.IN_KIND: _l("In kind")}
ACTIVITY_KIND = {
    ActivityKind.COMMUNICATION: _l("Communication session"), ActivityKind.TRAINING: _l("Training"),
    ActivityKind.CHARITY_EVENT: _l("Charity event"), ActivityKind.OTHER: _l("Other"),
}

ERRORS = {
    "department_required": _l("Enter the department."),
    "already_admitted": _l("This patient's current stay is already recorded: discharge it first."),
    "before_admission": _l("This date is before the admission."),
    "already_discharged": _l("This stay has already ended."),
    "no_home_commune": _l("The patient has no home commune on record: add it to the person's record first."),
    "sponsor_required": _l("Name the benefactor who gave it."),
    "title_required": _l("Enter a title."),
    "appeal_closed": _l("This appeal is closed."),
    "donor_required": _l("Choose a partner or write the benefactor's name."),
    "description_required": _l("Say what was given."),
    "over_balance": _l("The appeal does not hold that much: hand over at most the balance."),
    "receipt_required": _l("Enter the receipt number."),
    "balance_left": _l("Hand over the whole balance before closing the appeal."),
    "bad_participants": _l("Enter the number of participants (0 or more)."),
    "not_found": _l("Choose a partner from the list."),
}
