"""Scoped reads of cases: every list starts from visible_cases(user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, case, or_, select

from casework.cases.models import (
    ApprovalRequest,
    ApprovalStatus,
    Assessment,
    Attachment,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    PlanItem,
    RiskLevel,
)
from casework.core.formatting import LOCAL_TZ
from casework.db import utcnow
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import Consent


def visible_cases(user) -> Select:
    """Cases owned by a unit in the user's subtree."""
    return select(Case).join(Case.org_unit).where(OrgUnit.path.startswith(user.home_unit.path, autoescape=True))


def get_visible_case(user, case_id: int) -> Case | None:
    return db.session.scalar(visible_cases(user).where(Case.id == case_id))


def overdue_condition(now: datetime, today: date):
    """An emergency past its 12 hours with no action, or a child's plan past its due date."""
    return or_(
        and_(Case.emergency.is_(True), Case.emergency_acted_at.is_(None), Case.emergency_deadline < now),
        and_(Case.plan_due_on < today, Case.status.in_([CaseStatus.INTAKE, CaseStatus.ASSESSMENT])),
    )


@dataclass
class CaseFilters:
    mine_only: bool = True
    status: str = ""
    risk: str = ""
    emergency: bool = False
    overdue: bool = False
    include_closed: bool = False
    worker_id: int | None = None  # one worker's caseload


def case_list(user, filters: CaseFilters, *, now: datetime | None = None) -> Select:
    """The caseload list: pending emergencies first, then most recent activity."""
    now = now or utcnow()
    stmt = visible_cases(user)
    if filters.mine_only:
        stmt = stmt.where(Case.assigned_to_id == user.id)
    if filters.status in {s.value for s in CaseStatus}:
        stmt = stmt.where(Case.status == CaseStatus(filters.status))
    elif not filters.include_closed:
        stmt = stmt.where(Case.status != CaseStatus.CLOSED)
    if filters.risk in {r.value for r in RiskLevel}:
        stmt = stmt.where(Case.risk_level == RiskLevel(filters.risk))
    if filters.worker_id:
        stmt = stmt.where(Case.assigned_to_id == filters.worker_id)
    if filters.emergency:
        stmt = stmt.where(Case.emergency.is_(True))
    if filters.overdue:
        stmt = stmt.where(overdue_condition(now, now.astimezone(LOCAL_TZ).date()))
    pending_emergency = case(
        (and_(Case.emergency.is_(True), Case.emergency_acted_at.is_(None), Case.status != CaseStatus.CLOSED), 0),
        else_=1)
    return stmt.order_by(pending_emergency, Case.emergency_deadline, Case.last_activity_at.desc(), Case.id.desc())


def pending_emergencies(user) -> list[Case]:
    """Emergencies in scope nobody has acted on: shown at the top of every list until someone acts."""
    return list(db.session.scalars(
        visible_cases(user)
        .where(Case.emergency.is_(True), Case.emergency_acted_at.is_(None), Case.status != CaseStatus.CLOSED)
        .order_by(Case.emergency_deadline).limit(20)))


def case_page_data(case: Case) -> dict:
    """Everything the case page shows, one query per kind of record."""
    by_case = {"case_id": case.id}
    return {
        "assessments": db.session.scalars(select(Assessment).filter_by(**by_case)
                                          .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())).all(),
        "plan_items": db.session.scalars(select(PlanItem).filter_by(**by_case)
                                         .order_by(PlanItem.due_on.is_(None), PlanItem.due_on, PlanItem.id)).all(),
        "notes": db.session.scalars(select(CaseNote).filter_by(**by_case)
                                    .order_by(CaseNote.occurred_on.desc(), CaseNote.id.desc())).all(),
        "attachments": db.session.scalars(select(Attachment).filter_by(**by_case).order_by(Attachment.id)).all(),
        "approvals": db.session.scalars(select(ApprovalRequest).filter_by(**by_case)
                                        .order_by(ApprovalRequest.id.desc())).all(),
        "events": db.session.scalars(select(CaseEvent).filter_by(**by_case)
                                     .order_by(CaseEvent.occurred_at, CaseEvent.id)).all(),
        "consents": db.session.scalars(select(Consent).where(Consent.person_id == case.person_id)
                                       .order_by(Consent.given_on.desc())).all(),
        **_referrals_and_followups(case),
    }


def _referrals_and_followups(case: Case) -> dict:
    from casework.followups.models import FollowUp, FollowUpStatus
    from casework.hospital.queries import admissions_of_case
    from casework.referrals.queries import case_money

    return {
        **case_money(case.id),
        "admissions": admissions_of_case(case.id),
        "followups": db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)
                                        .order_by(FollowUp.status != FollowUpStatus.OPEN, FollowUp.due_on)).all(),
    }


def approval_queue(user) -> list[ApprovalRequest]:
    """Pending closures and transfers of cases in the user's scope, oldest first."""
    return list(db.session.scalars(
        select(ApprovalRequest).join(ApprovalRequest.case).join(Case.org_unit)
        .where(ApprovalRequest.status == ApprovalStatus.PENDING,
               OrgUnit.path.startswith(user.home_unit.path, autoescape=True))
        .order_by(ApprovalRequest.created_at)))


def cases_of_person(user, person_id: int) -> list[Case]:
    return list(db.session.scalars(visible_cases(user).where(Case.person_id == person_id)
                                   .order_by(Case.opened_on.desc())))
