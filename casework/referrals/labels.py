"""Translated labels and error messages for partners, referrals and money."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.referrals.models import (
    CommitmentKind,
    CommitmentStatus,
    DisbursementStatus,
    Frequency,
    FundingSource,
    PartnerKind,
    ReferralStatus,
)

PARTNER_KIND = {
    PartnerKind.CHARITY: _l("Charity"), PartnerKind.BUSINESS: _l("Business"),
    PartnerKind.INDIVIDUAL: _l("Individual benefactor"), PartnerKind.STATE_PROGRAM: _l("State programme"),
    PartnerKind.MASS_ORGANISATION: _l("Mass organisation"), PartnerKind.HOSPITAL: _l("Hospital"),
    PartnerKind.SCHOOL: _l("School"), PartnerKind.OTHER: _l("Other"),
}
REFERRAL_STATUS = {
    ReferralStatus.DRAFT: _l("Draft"), ReferralStatus.SENT: _l("Sent"), ReferralStatus.ACCEPTED: _l("Accepted"),
    ReferralStatus.DECLINED: _l("Declined"), ReferralStatus.COMPLETED: _l("Completed"),
    ReferralStatus.CANCELLED: _l("Cancelled"),
}
SOURCE = {FundingSource.STATE_BUDGET: _l("State budget"), FundingSource.SOCIALISED: _l("Socialised resources")}
COMMITMENT_KIND = {CommitmentKind.CASH: _l("Cash"), CommitmentKind.IN_KIND: _l("In kind")}
FREQUENCY = {Frequency.ONE_OFF: _l("Once"), Frequency.MONTHLY: _l("Every month")}
COMMITMENT_STATUS = {CommitmentStatus.ACTIVE: _l("Active"), CommitmentStatus.PAUSED: _l("Paused"),
                     CommitmentStatus.ENDED: _l("Ended")}
DISBURSEMENT_STATUS = {DisbursementStatus.EXPECTED: _l("Expected"), DisbursementStatus.PAID: _l("Paid"),
                       DisbursementStatus.CANCELLED: _l("Cancelled")}

ERRORS = {
    "name_required": _l("Enter the name."),
    "legal_basis_needs_supervisor": _l("Only a supervisor can record a legal basis for sharing without consent."),
    "referral_not_draft": _l("Only a draft referral can be sent."),
    "consent_needed": _l("This referral shares personal data: record the person's consent to sharing, a legal "
                         "basis, or ask a supervisor to override."),
    "person_restricted": _l("Processing of this person's data is restricted at their request: it cannot be shared "
                            "with a partner."),
    "referral_not_sent": _l("The partner can only answer a referral that was sent."),
    "referral_not_accepted": _l("The partner has not accepted this referral."),
    "outcome_required": _l("Write the outcome."),
    "referral_not_cancellable": _l("This referral can no longer be cancelled."),
    "bad_amount": _l("Enter an amount in đồng, a whole number above 0 (for example 300000)."),
    "end_required": _l("A monthly commitment needs an end date."),
    "end_before_start": _l("The end date is before the start date."),
    "bad_months": _l("Choose months between 1 and 12."),
    "bad_day": _l("Choose a day between 1 and 31."),
    "too_long": _l("A schedule cannot run for more than 20 years."),
    "not_active": _l("This commitment is not active."),
    "not_paused": _l("This commitment is not paused."),
    "disbursement_cancelled": _l("This instalment was cancelled."),
    "title_required": _l("Write what the follow-up is for."),
    "bad_recurrence": _l("Repeat every 1 to 24 months."),
    "followup_not_open": _l("This follow-up is already closed."),
}
