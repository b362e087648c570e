"""The case workflow: intake -> assessment -> planning -> in progress -> review -> closed.

Every transition is checked here, not in the views. Services flush and audit; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from casework.audit import service as audit
from casework.auth.permissions import can_decide_approval, can_hold_case
from casework.cases.models import (
    ApprovalKind,
    ApprovalRequest,
    ApprovalStatus,
    Assessment,
    AssessmentItem,
    AssessmentKind,
    Case,
    CaseEvent,
    CaseNote,
    CaseSource,
    CaseStatus,
    ClosureReason,
    NoteKind,
    PlanItem,
    PlanItemStatus,
    RiskLevel,
)
from casework.cases.numbering import next_case_number
from casework.core.formatting import LOCAL_TZ, local_today
from casework.core.workdays import add_working_days
from casework.db import utcnow
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import Household, Person
from casework.people.service import CHILD_AGE, EditConflict

EMERGENCY_HOURS = 12  # Decree 56/2017: emergency intervention within 12 hours
CHILD_PLAN_WORKING_DAYS = 5  # support plan within 5 working days of intake

# The next steps a case may take by hand. Closing and transferring go through approval.
TRANSITIONS: dict[CaseStatus, set[CaseStatus]] = {
    CaseStatus.INTAKE: {CaseStatus.ASSESSMENT},
    CaseStatus.ASSESSMENT: {CaseStatus.PLANNING},
    CaseStatus.PLANNING: {CaseStatus.IN_PROGRESS},
    CaseStatus.IN_PROGRESS: {CaseStatus.REVIEW},
    CaseStatus.REVIEW: {CaseStatus.PLANNING, CaseStatus.IN_PROGRESS},
    CaseStatus.CLOSED: set(),
}


class CaseError(ValueError):
    """A refused step; code is a key into the UI's message table, field the form field if any."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class CriterionRating:
    domain: str
    level: RiskLevel
    note: str | None = None


def _event(case: Case, event_kind: str, /, *, actor, **detail) -> None:
    db.session.add(CaseEvent(case_id=case.id, kind=event_kind, actor_id=actor.id if actor else None,
                             detail=detail or None))
    # A plain UPDATE: recording activity must not bump the case's version, or two people adding notes
    # to the same case at once would conflict.
    db.session.execute(update(Case.__table__).where(Case.__table__.c.id == case.id)
                       .values(last_activity_at=utcnow()))


def _audit(action: str, case: Case, /, *, actor, **changes) -> None:
    audit.record(action, actor=actor, entity=case, unit=case.org_unit, changes=changes or None)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise CaseError("case_closed")


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise EditConflict()


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise EditConflict() from exc


def open_case(
    person: Person,
    *,
    actor,
    unit: OrgUnit,
    source: CaseSource,
    needs: list[str],
    summary: str,
    risk_level: RiskLevel | None = None,
    emergency: bool = False,
    household: Household | None = None,
    assigned_to=None,
    now: datetime | None = None,
) -> Case:
    """Intake: a numbered case for the person, owned by unit; deadlines set for emergencies and children."""
    now = now or utcnow()
    today = now.astimezone(LOCAL_TZ).date()  # the case number's year and deadlines follow Vietnam's calendar
    assignee = assigned_to or actor
    if assignee is not None and not can_hold_case(assignee, unit):
        raise CaseError("bad_assignee", "assigned_to")
    age = person.age_on(today)
    case = Case(
        number=next_case_number(unit, today.year),
        person_id=person.id, household_id=household.id if household else None, org_unit_id=unit.id,
        assigned_to_id=assignee.id if assignee else None, created_by_id=actor.id if actor else None,
        source=source, needs=sorted(set(needs)), summary=summary.strip(), risk_level=risk_level,
        status=CaseStatus.INTAKE, opened_on=today, emergency=emergency,
        emergency_deadline=now + timedelta(hours=EMERGENCY_HOURS) if emergency else None,
        plan_due_on=add_working_days(today, CHILD_PLAN_WORKING_DAYS) if age is not None and age < CHILD_AGE else None,
        last_activity_at=now,
    )
    db.session.add(case)
    db.session.flush()
    _event(case, "opened", actor=actor, emergency=emergency, source=source.value)
    _audit("case_create", case, actor=actor, person=person.id, emergency=emergency)
    return case


def record_view(case: Case, *, actor) -> None:
    """Every read of a case file is audited."""
    audit.record("case_view", actor=actor, entity=case, unit=case.org_unit)


def update_case(case: Case, *, actor, expected_version: int, summary: str, needs: list[str],
                risk_level: RiskLevel | None) -> dict:
    """Edit the case's description; EditConflict if someone saved it after expected_version."""
    _require_open(case)
    _check_version(case, expected_version)
    wanted = {"summary": summary.strip(), "needs": sorted(set(needs)), "risk_level": risk_level}
    changes = audit.diff(case, list(wanted), wanted)
    for key, value in wanted.items():
        setattr(case, key, value)
    _flush()
    if changes:
        _event(case, "updated", actor=actor, fields=sorted(changes))
        # The situation text is sensitive: the audit row names the fields, not what they say.
        _audit("case_update", case, actor=actor, fields=sorted(changes))
    return changes


def change_status(case: Case, to: CaseStatus, *, actor, expected_version: int | None = None) -> None:
    """Move the case one step along the workflow, refusing steps the process does not allow."""
    _require_open(case)
    _check_version(case, expected_version)
    if to not in TRANSITIONS[case.status]:
        raise CaseError("illegal_step")
    if to == CaseStatus.PLANNING and not _has(Assessment, case):
        raise CaseError("needs_assessment")
    if to == CaseStatus.IN_PROGRESS and not _has(PlanItem, case):
        raise CaseError("needs_plan")
    previous = case.status
    case.status = to
    _flush()
    _event(case, "status", actor=actor, before=previous.value, after=to.value)
    _audit("case_status", case, actor=actor, status=[previous.value, to.value])


def _has(model, case: Case) -> bool:
    return db.session.scalar(select(model.id).where(model.case_id == case.id).limit(1)) is not None


def record_emergency_action(case: Case, *, actor, note: str) -> None:
    """Someone acted on the emergency: it stops being flagged on every list."""
    _require_open(case)
    if not case.emergency or case.emergency_acted_at is not None:
        raise CaseError("not_pending_emergency")
    if not note.strip():
        raise CaseError("note_required", "note")
    case.emergency_acted_at = utcnow()
    _flush()
    _event(case, "emergency_action", actor=actor, late=case.emergency_acted_at > case.emergency_deadline)
    db.session.add(CaseNote(case_id=case.id, kind=NoteKind.OTHER, occurred_on=case.emergency_acted_at.date(),
                            body=note.strip(), author_id=actor.id if actor else None))
    _audit("case_emergency_action", case, actor=actor)


def record_assessment(case: Case, *, actor, kind: AssessmentKind, assessed_on: date,
                      ratings: list[CriterionRating], summary: str) -> Assessment:
    """Needs by domain rated Cao / Trung bình / Thấp; the highest rating becomes the case's risk."""
    _require_open(case)
    if not ratings:
        raise CaseError("ratings_required", "ratings")
    if assessed_on > local_today() + timedelta(days=1) or assessed_on < case.opened_on - timedelta(days=365):
        raise CaseError("bad_date", "assessed_on")
    order = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.LOW: 2}
    overall = min((r.level for r in ratings), key=order.__getitem__)
    assessment = Assessment(case_id=case.id, kind=kind, assessed_on=assessed_on, summary=summary.strip(),
                            overall_risk=overall, assessor_id=actor.id if actor else None,
                            items=[AssessmentItem(domain=r.domain, level=r.level, note=r.note) for r in ratings])
    db.session.add(assessment)
    case.risk_level = overall
    if case.status == CaseStatus.INTAKE:
        case.status = CaseStatus.ASSESSMENT
    _flush()
    _event(case, "assessment", actor=actor, kind=kind.value, risk=overall.value)
    _audit("assessment_create", case, actor=actor, kind=kind.value, risk=overall.value)
    return assessment


def add_plan_item(case: Case, *, actor, goal: str, service: str, responsible: str, due_on: date | None) -> PlanItem:
    _require_open(case)
    if not goal.strip():
        raise CaseError("goal_required", "goal")
    item = PlanItem(case_id=case.id, goal=goal.strip(), service=service, responsible=responsible.strip(),
                    due_on=due_on)
    db.session.add(item)
    if case.status == CaseStatus.ASSESSMENT:
        case.status = CaseStatus.PLANNING
    _flush()
    _event(case, "plan_item", actor=actor, goal=item.goal, service=service)
    _audit("plan_item_create", case, actor=actor, service=service)
    return item


def set_plan_item_status(item: PlanItem, case: Case, status: PlanItemStatus, *, actor) -> None:
    _require_open(case)
    previous = item.status
    item.status = status
    _flush()
    _event(case, "plan_item_status", actor=actor, goal=item.goal, before=previous.value, after=status.value)
    _audit("plan_item_update", case, actor=actor, status=[previous.value, status.value])


def add_note(case: Case, *, actor, kind: NoteKind, occurred_on: date, body: str) -> CaseNote:
    _require_open(case)
    if kind == NoteKind.SUPERVISION:
        raise CaseError("supervision_note_kind", "kind")
    if not body.strip():
        raise CaseError("note_required", "body")
    if occurred_on is None or occurred_on > local_today() + timedelta(days=1):  # a blank date typed as " "
        raise CaseError("bad_date", "occurred_on")
    note = CaseNote(case_id=case.id, kind=kind, occurred_on=occurred_on, body=body.strip(),
                    author_id=actor.id if actor else None)
    db.session.add(note)
    _flush()
    _event(case, "note", actor=actor, kind=kind.value)
    _audit("case_note_create", case, actor=actor, kind=kind.value)
    return note


def assign_case(case: Case, worker, *, actor) -> None:
    _require_open(case)
    if not can_hold_case(worker, case.org_unit):
        raise CaseError("bad_assignee", "assigned_to")
    previous = case.assigned_to_id
    case.assigned_to_id = worker.id
    _flush()
    _event(case, "assigned", actor=actor, to=worker.username)
    _audit("case_assign", case, actor=actor, assigned_to=[previous, worker.id])


# Approvals ------------------------------------------------------------------------------------

def _pending(case: Case, kind: ApprovalKind) -> ApprovalRequest | None:
    return db.session.scalar(select(ApprovalRequest).where(
        ApprovalRequest.case_id == case.id, ApprovalRequest.kind == kind,
        ApprovalRequest.status == ApprovalStatus.PENDING))


def request_closure(case: Case, *, actor, reason: ClosureReason, note: str) -> ApprovalRequest:
    _require_open(case)
    if _pending(case, ApprovalKind.CLOSURE):
        raise CaseError("already_requested")
    req = ApprovalRequest(case_id=case.id, kind=ApprovalKind.CLOSURE, requested_by_id=actor.id,
                          closure_reason=reason, request_note=note.strip())
    db.session.add(req)
    db.session.flush()
    _event(case, "closure_requested", actor=actor, reason=reason.value)
    _audit("closure_request", case, actor=actor, reason=reason.value)
    return req


def request_transfer(case: Case, *, actor, target: OrgUnit, note: str) -> ApprovalRequest:
    _require_open(case)
    if target.id == case.org_unit_id:
        raise CaseError("same_unit", "target_unit_code")
    if _pending(case, ApprovalKind.TRANSFER):
        raise CaseError("already_requested")
    req = ApprovalRequest(case_id=case.id, kind=ApprovalKind.TRANSFER, requested_by_id=actor.id,
                          target_unit_id=target.id, request_note=note.strip())
    db.session.add(req)
    db.session.flush()
    _event(case, "transfer_requested", actor=actor, to=target.code)
    _audit("transfer_request", case, actor=actor, to=target.code)
    return req


def decide(req: ApprovalRequest, *, actor, approve: bool, comment: str) -> None:
    """Approve or refuse; approving a closure closes the case, a transfer moves it."""
    if req.status != ApprovalStatus.PENDING:
        raise CaseError("already_decided")
    _require_open(req.case)
    if req.requested_by_id == actor.id:
        raise CaseError("self_approval")
    if not can_decide_approval(actor, req):
        raise CaseError("not_allowed")
    if not approve and not comment.strip():
        raise CaseError("comment_required", "comment")
    case = req.case
    req.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
    req.decided_by_id = actor.id
    req.decided_at = utcnow()
    req.decision_comment = comment.strip() or None
    if approve and req.kind == ApprovalKind.CLOSURE:
        _close(case, req.closure_reason, actor=actor)
    elif approve and req.kind == ApprovalKind.TRANSFER:
        _transfer(case, req.target_unit, actor=actor)
    _flush()
    _event(case, f"{req.kind.value}_{req.status.value}", actor=actor, comment=req.decision_comment)
    _audit(f"{req.kind.value}_{req.status.value}", case, actor=actor)


def _close(case: Case, reason: ClosureReason, *, actor) -> None:
    from casework.followups.service import cancel_open_followups
    from casework.referrals.service import end_commitments_of

    _require_open(case)
    cancel_open_followups(case)
    end_commitments_of(case)
    for other in db.session.scalars(select(ApprovalRequest).where(
            ApprovalRequest.case_id == case.id, ApprovalRequest.status == ApprovalStatus.PENDING)):
        other.status = ApprovalStatus.CANCELLED
    case.status = CaseStatus.CLOSED
    case.closure_reason = reason
    case.closed_at = utcnow()
    for item in db.session.query(PlanItem).filter(PlanItem.case_id == case.id,
                                                  PlanItem.status.in_([PlanItemStatus.PLANNED,
                                                                       PlanItemStatus.IN_PROGRESS])):
        item.status = PlanItemStatus.CANCELLED


def _transfer(case: Case, target: OrgUnit, *, actor) -> None:
    from casework.followups.models import FollowUp, FollowUpStatus

    _require_open(case)
    previous = case.org_unit
    case.org_unit_id = target.id
    case.org_unit = target
    if case.assigned_to is not None and not can_hold_case(case.assigned_to, target):
        case.assigned_to_id = None
        case.assigned_to = None
    # Open follow-ups go with the case to whoever holds it now (nobody, until the new unit assigns it).
    for followup in db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id,
                                                              FollowUp.status == FollowUpStatus.OPEN)):
        if followup.assignee is None or not can_hold_case(followup.assignee, target):
            followup.assignee_id = case.assigned_to_id
    _event(case, "transferred", actor=actor, before=previous.code, after=target.code)


def reopen_case(case: Case, *, actor, reason: str) -> None:
    if case.is_open:
        raise CaseError("not_closed")
    if not reason.strip():
        raise CaseError("reason_required", "reason")
    case.status = CaseStatus.REVIEW
    case.closed_at = None
    case.closure_reason = None
    _flush()
    _event(case, "reopened", actor=actor, reason=reason.strip())
    _audit("case_reopen", case, actor=actor)
