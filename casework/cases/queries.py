"""Scoped reads of cases: every list starts from visible_cases(user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from casework.auth.models import User
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
from casework.people.models import Consent, Person


def visible_cases(user) -> Select:
    """Cases owned by a unit in the user's subtree."""
    return select(Case).join(Case.org_unit).where(OrgUnit.path.startswith(user.home_unit.path, autoescape=True))


def get_visible_case(user, case_id: int) -> Case | None:
    # The person's categories come in the same query (the case page shows them).
    return db.session.scalars(visible_cases(user).where(Case.id == case_id)
                              .options(joinedload(Case.person).joinedload(Person.categories))).unique().first()


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
    # The list shows the person's name, the worker and the owning unit: join only those rows, not the
    # units above them or the person's categories, so the sort of a large caseload stays narrow.
    stmt = stmt.options(
        joinedload(Case.person).options(lazyload(Person.org_unit), lazyload(Person.home_commune),
                                        lazyload(Person.categories)),
        joinedload(Case.org_unit).lazyload(OrgUnit.parent),
        joinedload(Case.assigned_to).lazyload(User.home_unit),
    )
    return stmt.order_by(pending_emergency, Case.emergency_deadline, Case.last_activity_at.desc(), Case.id.desc())


def pending_emergencies(user) -> list[Case]:
    """Emergencies in scope nobody has acted on: shown at the top of every list until someone acts."""
    return list(db.session.scalars(
        visible_cases(user)
        .where(Case.emergency.is_(True), Case.emergency_acted_at.is_(None), Case.status != CaseStatus.CLOSED)
        .order_by(Case.emergency_deadline).limit(20)))


def case_page_data(case: Case) -> dict:
    """Everything the case page shows, in few queries whatever the case holds.

    One query tells how many records each section has (and the money paid); only the sections that
    have records are then loaded, once each. Parents the page already holds (the case, its person) come
    from the session's identity map instead of being joined again, and the users and units shown
    beside a record are joined in the same query.
    """
    from casework.followups.models import FollowUp, FollowUpStatus
    from casework.hospital.models import Admission
    from casework.referrals.models import Commitment, Disbursement, DisbursementStatus, Referral

    def how_many(model, column, value):
        return select(func.count()).select_from(model).where(column == value).scalar_subquery()

    sizes = db.session.execute(select(
        how_many(Assessment, Assessment.case_id, case.id).label("assessments"),
        how_many(PlanItem, PlanItem.case_id, case.id).label("plan_items"),
        how_many(CaseNote, CaseNote.case_id, case.id).label("notes"),
        how_many(Attachment, Attachment.case_id, case.id).label("attachments"),
        how_many(ApprovalRequest, ApprovalRequest.case_id, case.id).label("approvals"),
        how_many(Consent, Consent.person_id, case.person_id).label("consents"),
        how_many(Referral, Referral.case_id, case.id).label("referrals"),
        how_many(Commitment, Commitment.case_id, case.id).label("commitments"),
        how_many(FollowUp, FollowUp.case_id, case.id).label("followups"),
        how_many(Admission, Admission.case_id, case.id).label("admissions"),
        select(func.coalesce(func.sum(Disbursement.amount_paid), 0)).where(
            Disbursement.case_id == case.id, Disbursement.status == DisbursementStatus.PAID,
        ).scalar_subquery().label("paid_total"),
    )).one()._mapping

    def section(name: str, stmt) -> list:
        return list(db.session.scalars(stmt).unique()) if sizes[name] else []

    by_case = {"case_id": case.id}
    return {
        "assessments": section("assessments", select(Assessment).filter_by(**by_case)
                               .options(joinedload(Assessment.items))
                               .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())),
        "plan_items": section("plan_items", select(PlanItem).filter_by(**by_case)
                              .order_by(PlanItem.due_on.is_(None), PlanItem.due_on, PlanItem.id)),
        "notes": section("notes", select(CaseNote).filter_by(**by_case).options(joinedload(CaseNote.author))
                         .order_by(CaseNote.occurred_on.desc(), CaseNote.id.desc())),
        "attachments": section("attachments", select(Attachment).filter_by(**by_case).order_by(Attachment.id)),
        "approvals": section("approvals", select(ApprovalRequest).filter_by(**by_case)
                             .options(lazyload(ApprovalRequest.case), joinedload(ApprovalRequest.target_unit))
                             .order_by(ApprovalRequest.id.desc())),
        # Every case has at least its "opened" event.
        "events": list(db.session.scalars(select(CaseEvent).filter_by(**by_case)
                                          .order_by(CaseEvent.occurred_at, CaseEvent.id))),
        "consents": section("consents", select(Consent).where(Consent.person_id == case.person_id)
                            .options(lazyload(Consent.person)).order_by(Consent.given_on.desc())),
        "referrals": section("referrals", select(Referral).where(Referral.case_id == case.id)
                             .options(lazyload(Referral.case)).order_by(Referral.id.desc())),
        "commitments": section("commitments", select(Commitment).where(Commitment.case_id == case.id)
                               .options(lazyload(Commitment.case)).order_by(Commitment.id)),
        "paid_total": int(sizes["paid_total"]),
        "followups": section("followups", select(FollowUp).where(FollowUp.case_id == case.id)
                             .options(lazyload(FollowUp.case))
                             .order_by(FollowUp.status != FollowUpStatus.OPEN, FollowUp.due_on)),
        "admissions": section("admissions", select(Admission).where(Admission.case_id == case.id)
                              .order_by(Admission.admitted_on.desc(), Admission.id.desc())),
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
