"""What each audit action means, in the user's language. The code stays visible beside it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "login": _l("Logged in"), "login_failed": _l("Failed login"), "account_locked": _l("Account locked"),
    "login_refused_locked": _l("Login refused: account locked"),
    "login_refused_inactive": _l("Login refused: account deactivated"), "logout": _l("Logged out"),
    "password_change": _l("Password changed"), "password_reset": _l("Password reset by an administrator"),
    "user_create": _l("User created"), "user_update": _l("User changed"),
    "api_token_issue": _l("API token created"), "api_token_revoke": _l("API token revoked"),
    "org_unit_create": _l("Facility added"), "org_unit_update": _l("Unit changed"),
    "load_admin_units": _l("Administrative units loaded"), "load_demo": _l("Demo data loaded"),
    "person_create": _l("Person registered"), "person_update": _l("Person's record changed"),
    "person_view": _l("Person's record read"), "household_create": _l("Household created"),
    "household_member_add": _l("Household member added"), "consent_record": _l("Consent recorded"),
    "consent_withdraw": _l("Consent withdrawn"), "case_create": _l("Case opened"), "case_view": _l("Case read"),
    "case_update": _l("Case changed"), "case_status": _l("Case moved to another step"),
    "case_assign": _l("Case assigned"), "case_emergency_action": _l("Emergency acted on"),
    "case_note_create": _l("Note added"), "case_reopen": _l("Case reopened"),
    "assessment_create": _l("Assessment recorded"), "plan_item_create": _l("Plan item added"),
    "plan_item_update": _l("Plan item updated"), "attachment_upload": _l("File attached"),
    "attachment_download": _l("File downloaded"), "closure_request": _l("Closure requested"),
    "closure_approved": _l("Closure approved"), "closure_refused": _l("Closure refused"),
    "transfer_request": _l("Transfer requested"), "transfer_approved": _l("Transfer approved"),
    "transfer_refused": _l("Transfer refused"), "partner_create": _l("Partner added"),
    "partner_update": _l("Partner changed"), "referral_create": _l("Referral drafted"),
    "referral_sent": _l("Referral sent"), "referral_accepted": _l("Referral accepted"),
    "referral_declined": _l("Referral declined"), "referral_completed": _l("Referral completed"),
    "referral_cancelled": _l("Referral cancelled"), "consent_override": _l("Consent overridden by a supervisor"),
    "commitment_create": _l("Commitment recorded"), "commitment_update": _l("Commitment amount changed"),
    "commitment_pause": _l("Commitment paused"), "commitment_resume": _l("Commitment resumed"),
    "disbursement_record": _l("Payment recorded"), "followup_create": _l("Follow-up planned"),
    "followup_complete": _l("Follow-up done"),
    "export": _l("List exported to Excel"), "case_bulk_assign": _l("Cases reassigned together"),
    "supervision_note_create": _l("Supervision note added"),
    "collaborator_review_create": _l("Six-monthly review recorded"),
    "collaborator_review_view": _l("Six-monthly reviews read"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
