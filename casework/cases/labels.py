"""Translated labels for case enumerations and code lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.cases.models import (
    ApprovalKind,
    ApprovalStatus,
    AssessmentKind,
    AttachmentKind,
    CaseSource,
    CaseStatus,
    ClosureReason,
    NoteKind,
    PlanItemStatus,
    RiskLevel,
)

STATUS = {
    CaseStatus.INTAKE: _l("Intake"), CaseStatus.ASSESSMENT: _l("Assessment"), CaseStatus.PLANNING: _l("Planning"),
    CaseStatus.IN_PROGRESS: _l("In progress"), CaseStatus.REVIEW: _l("Review"), CaseStatus.CLOSED: _l("Closed"),
}
SOURCE = {
    CaseSource.SELF: _l("The person themself"), CaseSource.COMMUNE: _l("Commune / village"),
    CaseSource.HOSPITAL: _l("Hospital"), CaseSource.POLICE: _l("Police"), CaseSource.SCHOOL: _l("School"),
    CaseSource.HOTLINE_111: _l("Hotline 111"), CaseSource.OTHER: _l("Other"),
}
RISK = {RiskLevel.HIGH: _l("High"), RiskLevel.MEDIUM: _l("Medium"), RiskLevel.LOW: _l("Low")}
CLOSURE = {
    ClosureReason.GOALS_MET: _l("Goals met"), ClosureReason.REFERRED_ELSEWHERE: _l("Referred elsewhere"),
    ClosureReason.MOVED_AWAY: _l("Moved away"), ClosureReason.DECLINED_SERVICES: _l("Declined services"),
    ClosureReason.DIED: _l("Died"), ClosureReason.LOST_CONTACT: _l("Lost contact"), ClosureReason.OTHER: _l("Other"),
}
ASSESSMENT_KIND = {AssessmentKind.INITIAL: _l("Initial"), AssessmentKind.DETAILED: _l("Detailed"),
                   AssessmentKind.REVIEW: _l("Review")}
PLAN_STATUS = {PlanItemStatus.PLANNED: _l("Planned"), PlanItemStatus.IN_PROGRESS: _l("In progress"),
               PlanItemStatus.DONE: _l("Done"), PlanItemStatus.CANCELLED: _l("Cancelled")}
NOTE_KIND = {NoteKind.HOME_VISIT: _l("Home visit"), NoteKind.PHONE: _l("Phone call"), NoteKind.OFFICE: _l("Office"),
             NoteKind.COUNSELLING: _l("Counselling session"), NoteKind.OTHER: _l("Other"),
             NoteKind.SUPERVISION: _l("Supervision note")}
# What a worker records a contact as (a supervision note is written from the supervisor's form only).
CONTACT_KIND = {kind: text for kind, text in NOTE_KIND.items() if kind != NoteKind.SUPERVISION}
ATTACHMENT_KIND = {AttachmentKind.CONSENT_SCAN: _l("Consent scan"), AttachmentKind.PHOTO: _l("Photo"),
                   AttachmentKind.DOCUMENT: _l("Document")}
APPROVAL_KIND = {ApprovalKind.CLOSURE: _l("Closure"), ApprovalKind.TRANSFER: _l("Transfer")}
APPROVAL_STATUS = {ApprovalStatus.PENDING: _l("Waiting"), ApprovalStatus.APPROVED: _l("Approved"),
                   ApprovalStatus.REFUSED: _l("Refused"), ApprovalStatus.CANCELLED: _l("Cancelled")}

# Need domains, used for case needs and assessment criteria.
NEEDS = {
    "education": _l("Education"), "income": _l("Income and livelihood"), "health": _l("Health"),
    "health_insurance": _l("Health insurance"), "housing": _l("Housing"), "food": _l("Food"),
    "safety": _l("Safety and protection"), "family": _l("Family relations"),
    "psychosocial": _l("Psychological and social"), "disability": _l("Disability support"),
    "legal": _l("Legal and documents"), "care": _l("Daily care"),
}
# Services a plan item can name (the referral issue reuses them).
SERVICES = {
    "scholarship": _l("Scholarship"), "livelihood_capital": _l("Livelihood capital"),
    "health_insurance_card": _l("Health-insurance card"), "medical_cost": _l("Medical-cost support"),
    "childcare_fee": _l("Childcare fee"), "emergency_shelter": _l("Emergency shelter or placement"),
    "counselling": _l("Counselling"), "legal_aid": _l("Legal aid"), "vocational_training": _l("Vocational training"),
    "disability_allowance": _l("Disability allowance"), "family_tracing": _l("Family tracing and return home"),
    "policy_advice": _l("Policy advice"), "other": _l("Other"),
}

EVENT_LABELS = {
    "supervision_note": _l("Supervision note added"),
    "opened": _l("Case opened"), "updated": _l("Case details changed"), "status": _l("Step changed"),
    "emergency_action": _l("Emergency acted on"), "assessment": _l("Assessment recorded"),
    "plan_item": _l("Plan item added"), "plan_item_status": _l("Plan item updated"), "note": _l("Note added"),
    "assigned": _l("Case assigned"), "attachment": _l("File attached"),
    "closure_requested": _l("Closure requested"), "closure_approved": _l("Closure approved"),
    "closure_refused": _l("Closure refused"), "transfer_requested": _l("Transfer requested"),
    "transfer_approved": _l("Transfer approved"), "transfer_refused": _l("Transfer refused"),
    "transferred": _l("Case transferred"), "reopened": _l("Case reopened"),
    "referral": _l("Referral drafted"), "referral_sent": _l("Referral sent"),
    "referral_accepted": _l("Referral accepted"), "referral_declined": _l("Referral declined"),
    "referral_completed": _l("Referral completed"), "referral_cancelled": _l("Referral cancelled"),
    "consent_override": _l("Consent overridden by a supervisor"), "commitment": _l("Commitment recorded"),
    "commitment_changed": _l("Commitment amount changed"), "commitment_paused": _l("Commitment paused"),
    "commitment_resumed": _l("Commitment resumed"), "disbursement": _l("Payment received"),
    "followup_scheduled": _l("Follow-up planned"), "followup_done": _l("Follow-up done"),
    "admission": _l("Admitted to hospital"), "discharge": _l("Discharged from hospital"),
    "hospital_support": _l("Hospital support given"), "appeal_opened": _l("Appeal to benefactors launched"),
    "appeal_handover": _l("Appeal money handed over"),
}


def choices(mapping) -> list[tuple[str, str]]:
    return [(getattr(k, "value", k), str(v)) for k, v in mapping.items()]


def label(mapping, key) -> str:
    return str(mapping.get(key, key or ""))

# Messages for the workflow's refusals (CaseError codes), shown next to the field or at the top.
ERRORS = {
    "supervision_note_kind": _l("Supervision notes are written by a supervisor, from the supervision form."),
    "batch_refused": _l("Nothing was reassigned."),
    "nothing_selected": _l("Select at least one case."),
    "bad_period": _l("Choose a half-year that has started."),
    "review_exists": _l("This person already has a review for that half-year."),
    "case_closed": _l("This case is closed. Reopen it first."),
    "illegal_step": _l("The case cannot go to that step from where it is now."),
    "needs_assessment": _l("Record an assessment before planning."),
    "needs_plan": _l("Add at least one item to the plan before carrying it out."),
    "bad_assignee": _l("This worker cannot hold cases of this unit."),
    "not_pending_emergency": _l("There is no emergency waiting for action on this case."),
    "note_required": _l("Write what was done."),
    "ratings_required": _l("Rate at least one need: Cao, Trung bình or Thấp."),
    "bad_date": _l("This date is not possible for this case."),
    "goal_required": _l("Write the goal."),
    "already_requested": _l("A request is already waiting for a supervisor."),
    "same_unit": _l("The case already belongs to this unit."),
    "already_decided": _l("This request has already been decided."),
    "self_approval": _l("You cannot approve your own request; another supervisor must decide."),
    "not_allowed": _l("Only a supervisor of the unit that owns the case can decide."),
    "comment_required": _l("Say why the request is refused."),
    "not_closed": _l("The case is not closed."),
    "reason_required": _l("Give a reason."),
    "too_large": _l("The file is larger than 10 MB."),
    "empty": _l("The file is empty."),
    "bad_type": _l("Only PDF, JPEG, PNG and WebP files can be attached."),
}
