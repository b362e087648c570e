"""Labels for data-subject requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.dataprotection.models import RequestKind, RequestStatus

KIND = {RequestKind.ACCESS: _l("Access to the data (a copy)"), RequestKind.RECTIFICATION: _l("Rectification"),
        RequestKind.RESTRICTION: _l("Restriction of processing"),
        RequestKind.DELETION: _l("Deletion or de-identification"), RequestKind.OBJECTION: _l("Objection to processing")}
STATUS = {RequestStatus.OPEN: _l("Open"), RequestStatus.DONE: _l("Done"), RequestStatus.REFUSED: _l("Refused")}
ERRORS = {
    "received_in_future": _l("The date received cannot be in the future."),
    "already_closed": _l("This request is already closed."),
    "bad_status": _l("Choose done or refused."),
    "reason_required": _l("Write why the request is refused."),
    "deidentified": _l("This person has already been de-identified."),
}
