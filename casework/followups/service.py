"""Follow-ups: planned visits and calls, recurring if asked; the daily reminder digest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from casework.audit import service as audit
from casework.auth.permissions import can_hold_case
from casework.cases.models import Case, PlanItem
from casework.cases.service import CaseError, _event, _require_open
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.followups.models import FollowUp, FollowUpStatus


def schedule_followup(case: Case, *, actor, title: str, kind: str, due_on: date, assignee=None,
                      recurrence_months: int | None = None, plan_item: PlanItem | None = None) -> FollowUp:
    _require_open(case)
    if not title.strip():
        raise CaseError("title_required", "title")
    if recurrence_months is not None and not 1 <= recurrence_months <= 24:
        raise CaseError("bad_recurrence", "recurrence_months")
    if due_on < case.opened_on - timedelta(days=31) or due_on > local_today() + timedelta(days=3 * 366):
        raise CaseError("bad_date", "due_on")
    worker = assignee or case.assigned_to or actor
    if worker is not None and not can_hold_case(worker, case.org_unit):
        raise CaseError("bad_assignee", "assignee")
    followup = FollowUp(case_id=case.id, title=title.strip(), kind=kind, due_on=due_on,
                        assignee_id=worker.id if worker else None, recurrence_months=recurrence_months,
                        plan_item_id=plan_item.id if plan_item else None)
    db.session.add(followup)
    db.session.flush()
    _event(case, "followup_scheduled", actor=actor, title=followup.title, due=due_on.isoformat())
    audit.record("followup_create", actor=actor, entity=followup, unit=case.org_unit)
    return followup


def complete_followup(followup: FollowUp, *, actor, outcome: str, done_on: date | None = None) -> FollowUp | None:
    """Record the outcome; a recurring follow-up schedules its next one, which is returned."""
    _require_open(followup.case)
    if followup.status != FollowUpStatus.OPEN:
        raise CaseError("followup_not_open")
    if not outcome.strip():
        raise CaseError("outcome_required", "outcome")
    followup.status = FollowUpStatus.DONE
    followup.done_at = utcnow()
    followup.outcome = outcome.strip()
    _event(followup.case, "followup_done", actor=actor, title=followup.title)
    audit.record("followup_complete", actor=actor, entity=followup, unit=followup.case.org_unit)
    following = None
    if followup.recurrence_months:
        following = FollowUp(case_id=followup.case_id, title=followup.title, kind=followup.kind,
                             due_on=followup.due_on + relativedelta(months=followup.recurrence_months),
                             assignee_id=followup.assignee_id, recurrence_months=followup.recurrence_months,
                             plan_item_id=followup.plan_item_id)
        db.session.add(following)
    db.session.flush()
    return following


def cancel_open_followups(case: Case) -> int:
    """Closing a case cancels its open follow-ups, in the same transaction."""
    open_ones = list(db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id,
                                                               FollowUp.status == FollowUpStatus.OPEN)))
    for followup in open_ones:
        followup.status = FollowUpStatus.CANCELLED
    return len(open_ones)


@dataclass
class WorkerAgenda:
    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    next_7_days: list[FollowUp] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.today or self.next_7_days)


def agenda(user, today: date) -> WorkerAgenda:
    """A worker's open follow-ups on open cases: overdue, due today, due within the next 7 days."""
    from casework.cases.models import CaseStatus
    from casework.cases.queries import visible_cases

    visible = visible_cases(user).with_only_columns(Case.id).where(Case.status != CaseStatus.CLOSED)
    rows = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.assignee_id == user.id, FollowUp.status == FollowUpStatus.OPEN,
               FollowUp.case_id.in_(visible), FollowUp.due_on <= today + timedelta(days=7))
        .order_by(FollowUp.due_on, FollowUp.id))
    result = WorkerAgenda()
    for row in rows:
        bucket = result.overdue if row.due_on < today else result.today if row.due_on == today else result.next_7_days
        bucket.append(row)
    return result
