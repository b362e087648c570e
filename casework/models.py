"""Imports every model so that Alembic and create_all see the whole schema."""

from casework.audit.models import AuditEvent
from casework.auth.models import ApiToken, User
from casework.cases.models import (
    ApprovalRequest,
    Assessment,
    AssessmentItem,
    Attachment,
    Case,
    CaseCounter,
    CaseEvent,
    CaseNote,
    PlanItem,
)
from casework.dataprotection.models import DataRequest
from casework.followups.models import FollowUp
from casework.hospital.models import (
    Admission,
    Appeal,
    AppealHandover,
    Donation,
    HospitalSupport,
    TeamActivity,
)
from casework.imports.models import ImportBatch, ImportMapping
from casework.indicators.models import IndicatorBaseline, IndicatorTarget
from casework.orgunits.models import OrgUnit
from casework.people.models import Consent, Household, HouseholdMember, Person, PersonCategory
from casework.referrals.models import Commitment, Disbursement, Notification, Partner, Referral
from casework.supervision.models import CollaboratorReview
from casework.workforce.models import BaseSalary, StaffMember, Training

__all__ = [
    "Admission", "Appeal", "AppealHandover", "Donation", "HospitalSupport", "TeamActivity",
    "ApiToken", "ApprovalRequest", "Assessment", "AssessmentItem", "Attachment", "AuditEvent", "BaseSalary", "Case",
    "CaseCounter", "CaseEvent", "CaseNote", "CollaboratorReview", "Commitment", "Consent", "DataRequest",
    "Disbursement", "FollowUp", "Household", "HouseholdMember", "ImportBatch", "ImportMapping", "IndicatorBaseline",
    "IndicatorTarget", "Notification", "OrgUnit", "Partner", "Person", "PersonCategory", "PlanItem", "Referral",
    "StaffMember", "Training", "User",
]
