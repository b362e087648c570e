"""Messages for the import: field names and each row problem, in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from casework.imports.models import BatchStatus
from casework.people.labels import PERSON_ERRORS

FIELD_LABELS = {
    "full_name": _l("Full name"), "sex": _l("Sex"), "birth": _l("Date or year of birth"),
    "id_number": _l("CCCD / CMND number"), "bhyt_number": _l("Health-insurance (BHYT) number"),
    "phone": _l("Phone"), "commune": _l("Commune or ward (name or code)"),
    "address_detail": _l("Address (village, street)"), "poverty_status": _l("Poor / near-poor household"),
    "categories": _l("Beneficiary category codes"),
}

STATUS_LABELS = {
    BatchStatus.UPLOADED: _l("Waiting for the column mapping"), BatchStatus.CHECKING: _l("Checking the rows"),
    BatchStatus.PREVIEWED: _l("Checked, not imported yet"), BatchStatus.IMPORTING: _l("Importing"),
    BatchStatus.DONE: _l("Imported"), BatchStatus.FAILED: _l("Failed"),
}

PROBLEMS = {
    "sex_unknown": _l("Write Nam or Nữ (or leave it empty)."),
    "date_impossible": _l("This date does not exist: check the day and the month."),
    "date_unreadable": _l("Write the date as dd/mm/yyyy, or the year alone."),
    "cccd_mismatch": _l("The CCCD does not match the sex or the year of birth (digits 4 to 6)."),
    "commune_unknown": _l("No commune or ward of the province has this name or code."),
    "poverty_unknown": _l("Write nghèo, cận nghèo or không."),
    "category_unknown": _l("Unknown beneficiary category code."),
    "duplicate_existing": _l("Already registered: a person with this CCCD exists."),
    "duplicate_similar": _l("Already registered: same name, year of birth and commune."),
    "header_row": _l("Row"), "header_problems": _l("Problems"),
}

ERRORS = {
    "file_type": _l("Choose an Excel file (.xlsx) or a CSV file (.csv)."),
    "file_unreadable": _l("This file could not be read. Save it again as .xlsx or .csv (UTF-8) and retry."),
    "name_column": _l("Choose the column that holds the full name."),
    "busy": _l("This file is being processed; wait for it to finish."),
    "not_previewed": _l("Check the rows before importing."),
    "failed": _l("The import stopped because of an error; nothing was written. Try again."),
}


def problem_message(code: str) -> str:
    if code.startswith("duplicate_in_file:"):
        return _("Same person as row %(row)s of this file.", row=code.split(":", 1)[1])
    return str(PROBLEMS.get(code) or PERSON_ERRORS.get(code) or code)
