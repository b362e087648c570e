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
    "import_upload": _l("Beneficiary list uploaded"), "import_mapping": _l("Import columns chosen"),
    "import_start": _l("Import started"), "import_done": _l("Beneficiary list imported"),
    "import_rejected_download": _l("Rejected rows downloaded"),
    "data_request_create": _l("Data-subject request recorded"), "data_request_close": _l("Data-subject request closed"),
    "person_export": _l("Everything held about a person exported"),
    "person_restrict": _l("Processing of a person's data restricted"),
    "person_unrestrict": _l("Restriction of a person's data lifted"),
    "person_deidentify": _l("Person de-identified"), "retention_run": _l("Retention: old closed cases de-identified"),
    "backup": _l("Database backup written"),
    "admission_create": _l("Hospital admission recorded"),
    "admission_view": _l("Hospital admission read"), "admission_discharge": _l("Patient discharged"),
    "discharge_handoff": _l("Case handed to the home commune at discharge"),
    "hospital_support_create": _l("Hospital support recorded"), "appeal_create": _l("Appeal to benefactors launched"),
    "donation_record": _l("Donation recorded"), "appeal_handover": _l("Appeal money handed over"),
    "appeal_close": _l("Appeal closed"), "team_activity_create": _l("Team activity recorded"),
    "indicator_drilldown": _l("Records behind an indicator listed"), "indicator_export": _l("Indicators exported"),
    "indicator_target_set": _l("Indicator target set"), "indicator_baseline_set": _l("Indicator baseline set"),
    "indicator_reference_load": _l("National targets and base salaries loaded"),
    "staff_create": _l("Staff member added"), "staff_update": _l("Staff member changed"),
    "training_create": _l("Training recorded"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
