"""Showing a refused step to the user: next to its field when it has one, else as a message at the top."""

from __future__ import annotations

from flask import flash


def message_for(exc) -> str:
    """The user-language message for a service refusal (CaseError code)."""
    from casework.cases.labels import ERRORS as CASE_ERRORS
    from casework.hospital.labels import ERRORS as HOSPITAL_ERRORS
    from casework.referrals.labels import ERRORS as REFERRAL_ERRORS

    return str(HOSPITAL_ERRORS.get(exc.code) or REFERRAL_ERRORS.get(exc.code) or CASE_ERRORS.get(exc.code)
               or exc.code)


def show_error(form, exc) -> None:
    target = getattr(form, exc.field, None) if form is not None and exc.field else None
    if target is not None:
        target.errors = list(target.errors) + [message_for(exc)]
    else:
        flash(message_for(exc), "error")
