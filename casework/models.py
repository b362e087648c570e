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
from casework.followups.models import FollowUp
from casework.orgunits.models import OrgUnit
from casework.people.models import Consent, Household, HouseholdMember, Person, PersonCategory
from casework.referrals.models import Commitment, Disbursement, Notification, Partner, Referral
from casework.supervision.models import CollaboratorReview

__all__ = [
    "ApiToken", "ApprovalRequest", "Assessment", "AssessmentItem", "Attachment", "AuditEvent", "Case",
    "CaseCounter", "CaseEvent", "CaseNote",
    "CollaboratorReview", "Commitment", "Consent", "Disbursement", "FollowUp", "Household",
    "HouseholdMember", "Notification", "OrgUnit", "Partner", "Person", "PersonCategory", "PlanItem", "Referral",
    "User",
]
