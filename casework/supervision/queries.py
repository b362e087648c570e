"""What a supervisor sees of their area: caseload per worker, clocks, overdue work, reviews due.

Every query starts from the supervisor's scope (visible_cases, the home unit's subtree).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import selectinload

from casework.audit.models import AuditEvent
from casework.auth.models import User
from casework.auth.permissions import REVIEWED_ROLES
from casework.cases import labels as case_labels
from casework.cases.models import Case, CaseStatus, RiskLevel
from casework.cases.queries import visible_cases
from casework.core.export import DATE, DATETIME, NUMBER, Column
from casework.db import utcnow
from casework.extensions import db
from casework.followups.models import FollowUp, FollowUpStatus
from casework.labels import ROLE_LABELS
from casework.orgunits.models import OrgUnit
from casework.referrals.models import Referral
from casework.supervision.models import CollaboratorReview, ReviewRating

INACTIVE_DAYS = 30
OVERRIDE_REVIEW_DAYS = 90
OPEN_STEPS = [s for s in CaseStatus if s != CaseStatus.CLOSED]


def _case_link(case_id: int) -> str:
    return url_for("cases.detail", case_id=case_id)


# Caseload per worker -----------------------------------------------------------------------------

@dataclass
class WorkerLoad:
    worker_id: int | None
    name: str
    by_status: dict = field(default_factory=dict)
    by_risk: dict = field(default_factory=dict)
    emergencies: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def caseload(user) -> list[WorkerLoad]:
    """Open cases of the area per assigned worker, by step and by risk (one grouped query)."""
    scoped = visible_cases(user).where(Case.status != CaseStatus.CLOSED).subquery()
    rows = db.session.execute(
        select(scoped.c.assigned_to_id, scoped.c.status, scoped.c.risk_level, func.count(),
               func.sum(sql_case((and_(scoped.c.emergency.is_(True), scoped.c.emergency_acted_at.is_(None)), 1),
                                 else_=0)))
        .group_by(scoped.c.assigned_to_id, scoped.c.status, scoped.c.risk_level)).all()
    worker_ids = {row[0] for row in rows if row[0] is not None}
    names = {uid: name for uid, name in db.session.execute(
        select(User.id, User.full_name).where(User.id.in_(worker_ids)))} \
        if worker_ids else {}
    loads: dict[int | None, WorkerLoad] = {}
    for worker_id, status, risk, count, emergencies in rows:
        load = loads.setdefault(worker_id, WorkerLoad(worker_id, names.get(worker_id) or _("Not assigned")))
        status_key = getattr(status, "value", status)
        risk_key = getattr(risk, "value", risk) or ""
        load.by_status[status_key] = load.by_status.get(status_key, 0) + count
        load.by_risk[risk_key] = load.by_risk.get(risk_key, 0) + count
        load.emergencies += int(emergencies or 0)
    return sorted(loads.values(), key=lambda w: (w.worker_id is None, -w.total, w.name))


def _status_column(status: CaseStatus) -> Column:
    return Column(case_labels.STATUS[status], lambda w, s=status.value: w.by_status.get(s, 0), NUMBER)


def _risk_column(risk: RiskLevel | None) -> Column:
    header = _l("Risk: %(level)s", level=case_labels.RISK[risk]) if risk else _l("Risk not assessed")
    return Column(header, lambda w, r=(risk.value if risk else ""): w.by_risk.get(r, 0), NUMBER)


CASELOAD_COLUMNS = [
    Column(_l("Worker"), lambda w: w.name,
           link=lambda w: url_for("cases.index", scope="unit", worker=w.worker_id) if w.worker_id else None),
    Column(_l("Open cases"), lambda w: w.total, NUMBER),
    *[_status_column(s) for s in OPEN_STEPS],
    *[_risk_column(r) for r in (RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW, None)],
    Column(_l("Emergency cases"), lambda w: w.emergencies, NUMBER),
]


# Emergencies and their clock ---------------------------------------------------------------------

def emergencies(user) -> list[Case]:
    """Every emergency of the area nobody has acted on, the nearest deadline first (no cap)."""
    return list(db.session.scalars(
        visible_cases(user)
        .where(Case.emergency.is_(True), Case.emergency_acted_at.is_(None), Case.status != CaseStatus.CLOSED)
        .order_by(Case.emergency_deadline, Case.id)))


def clock_text(case: Case, now: datetime | None = None) -> str:
    """'3 h 20 min left' or '2 h 5 min overdue' on the 12-hour emergency clock."""
    if case.emergency_deadline is None:
        return ""
    left = case.emergency_deadline - (now or utcnow())
    minutes = int(abs(left.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    if left.total_seconds() >= 0:
        return _("%(h)s h %(m)s min left", h=hours, m=minutes)
    return _("%(h)s h %(m)s min overdue", h=hours, m=minutes)


EMERGENCY_COLUMNS = [
    Column(_l("Case"), lambda c: c.number, link=lambda c: _case_link(c.id)),
    Column(_l("Person"), lambda c: c.person.full_name),
    Column(_l("Worker"), lambda c: c.assigned_to.full_name if c.assigned_to else ""),
    Column(_l("Unit"), lambda c: c.org_unit.name),
    Column(_l("Deadline"), lambda c: c.emergency_deadline, DATETIME),
    Column(_l("Clock"), clock_text),
]


# Overdue follow-ups ------------------------------------------------------------------------------

def overdue_followups(user, today: date) -> list[FollowUp]:
    """Open follow-ups past their date on open cases of the area, the oldest first."""
    visible = visible_cases(user).with_only_columns(Case.id).where(Case.status != CaseStatus.CLOSED)
    return list(db.session.scalars(
        select(FollowUp).where(FollowUp.status == FollowUpStatus.OPEN, FollowUp.due_on < today,
                               FollowUp.case_id.in_(visible))
        .options(selectinload(FollowUp.assignee))
        .order_by(FollowUp.due_on, FollowUp.id)))


def followup_columns(today: date) -> list[Column]:
    return [
        Column(_l("Due"), lambda f: f.due_on, DATE),
        Column(_l("Days late"), lambda f: (today - f.due_on).days, NUMBER),
        Column(_l("Case"), lambda f: f.case.number, link=lambda f: _case_link(f.case_id)),
        Column(_l("Person"), lambda f: f.case.person.full_name),
        Column(_l("Follow-up"), lambda f: f.title),
        Column(_l("Worker"), lambda f: f.assignee.full_name if f.assignee else ""),
    ]


# Cases with no activity ------------------------------------------------------------------------

def inactive_cases(user, now: datetime | None = None) -> list[Case]:
    """Open cases of the area where nothing was recorded for INACTIVE_DAYS days, the quietest first."""
    cutoff = (now or utcnow()) - timedelta(days=INACTIVE_DAYS)
    return list(db.session.scalars(
        visible_cases(user).where(Case.status != CaseStatus.CLOSED, Case.last_activity_at < cutoff)
        .order_by(Case.last_activity_at, Case.id)))


def inactive_columns(now: datetime) -> list[Column]:
    return [
        Column(_l("Case"), lambda c: c.number, link=lambda c: _case_link(c.id)),
        Column(_l("Person"), lambda c: c.person.full_name),
        Column(_l("Step"), lambda c: case_labels.label(case_labels.STATUS, c.status)),
        Column(_l("Worker"), lambda c: c.assigned_to.full_name if c.assigned_to else ""),
        Column(_l("Last activity"), lambda c: c.last_activity_at, DATE),
        Column(_l("Days without activity"), lambda c: (now - c.last_activity_at).days, NUMBER),
    ]


# Consent overrides made, for review --------------------------------------------------------------

@dataclass
class OverrideRow:
    referral: Referral
    overridden_at: datetime
    by: str


def recent_consent_overrides(user, now: datetime | None = None) -> list[OverrideRow]:
    """Referrals of the area sent without consent on a supervisor's override, newest first."""
    since = (now or utcnow()) - timedelta(days=OVERRIDE_REVIEW_DAYS)
    scoped = visible_cases(user).with_only_columns(Case.id)
    rows = db.session.execute(
        select(Referral, AuditEvent.occurred_at, AuditEvent.actor_username)
        .join(AuditEvent, and_(AuditEvent.entity_type == Referral.__tablename__, AuditEvent.entity_id == Referral.id,
                               AuditEvent.action == "consent_override"))
        .where(Referral.case_id.in_(scoped), Referral.consent_override_by_id.is_not(None),
               AuditEvent.occurred_at >= since)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())).all()
    usernames = {row[2] for row in rows if row[2]}
    names = {login: name for login, name in db.session.execute(
        select(User.username, User.full_name).where(User.username.in_(usernames)))} \
        if usernames else {}
    return [OverrideRow(referral, at, names.get(username, username or "")) for referral, at, username in rows]


OVERRIDE_COLUMNS = [
    Column(_l("When"), lambda o: o.overridden_at, DATETIME),
    Column(_l("Case"), lambda o: o.referral.case.number, link=lambda o: _case_link(o.referral.case_id)),
    Column(_l("Partner"), lambda o: o.referral.partner.name,
           link=lambda o: url_for("referrals.referral", referral_id=o.referral.id)),
    Column(_l("Decided by"), lambda o: o.by),
    Column(_l("Reason"), lambda o: o.referral.consent_override_reason or ""),
]


# Six-monthly reviews ---------------------------------------------------------------------------

def period_of(day: date) -> tuple[int, int]:
    """(year, half): 1 for January-June, 2 for July-December."""
    return day.year, 1 if day.month <= 6 else 2


def reviewable_workers(user) -> list[User]:
    """Active front-line workers of the supervisor's area (the people reviewed every six months)."""
    return list(db.session.scalars(
        select(User).join(User.home_unit)
        .where(User.active.is_(True), User.role.in_(REVIEWED_ROLES), User.id != user.id,
               OrgUnit.path.startswith(user.home_unit.path, autoescape=True))
        .order_by(User.full_name, User.id)))


def area_workers(user) -> list[User]:
    """Active users of the area who may hold cases (any role with casework rights), by name."""
    from casework.auth.permissions import Perm, has_permission

    users = db.session.scalars(
        select(User).join(User.home_unit)
        .where(User.active.is_(True), OrgUnit.path.startswith(user.home_unit.path, autoescape=True))
        .order_by(User.full_name, User.id))
    return [u for u in users if has_permission(u, Perm.EDIT_CASES)]


@dataclass
class ReviewDue:
    worker: User
    last: CollaboratorReview | None


def reviews_due(user, today: date) -> list[ReviewDue]:
    """Workers of the area with no review for the current half-year, with their last review if any."""
    workers = reviewable_workers(user)
    if not workers:
        return []
    year, half = period_of(today)
    ids = [w.id for w in workers]
    reviews = db.session.scalars(select(CollaboratorReview).where(CollaboratorReview.reviewee_id.in_(ids))
                                 .order_by(CollaboratorReview.reviewed_on, CollaboratorReview.id)).all()
    last: dict[int, CollaboratorReview] = {}
    done_now = set()
    for review in reviews:
        last[review.reviewee_id] = review
        if (review.year, review.half) == (year, half):
            done_now.add(review.reviewee_id)
    return [ReviewDue(w, last.get(w.id)) for w in workers if w.id not in done_now]


RATING_LABELS = {
    ReviewRating.EXCELLENT: _l("Excellent (Hoàn thành xuất sắc nhiệm vụ)"),
    ReviewRating.GOOD: _l("Good (Hoàn thành tốt nhiệm vụ)"),
    ReviewRating.SATISFACTORY: _l("Satisfactory (Hoàn thành nhiệm vụ)"),
    ReviewRating.UNSATISFACTORY: _l("Unsatisfactory (Không hoàn thành nhiệm vụ)"),
}


def rating_label(rating) -> str:
    return str(RATING_LABELS.get(rating, rating or ""))


def period_label(year: int, half: int) -> str:
    return _("First half of %(year)s", year=year) if half == 1 else _("Second half of %(year)s", year=year)


REVIEW_DUE_COLUMNS = [
    Column(_l("Collaborator"), lambda r: r.worker.full_name,
           link=lambda r: url_for("supervision.reviews", user_id=r.worker.id)),
    Column(_l("Role"), lambda r: str(ROLE_LABELS.get(r.worker.role, r.worker.role))),
    Column(_l("Unit"), lambda r: r.worker.home_unit.name),
    Column(_l("Last review"), lambda r: r.last.reviewed_on if r.last else None, DATE),
    Column(_l("Last rating"), lambda r: rating_label(r.last.rating) if r.last else ""),
]

REVIEW_COLUMNS = [
    Column(_l("Period"), lambda r: period_label(r.year, r.half)),
    Column(_l("Review date"), lambda r: r.reviewed_on, DATE),
    Column(_l("Rating"), lambda r: rating_label(r.rating)),
    Column(_l("Reviewer"), lambda r: r.reviewer.full_name),
    Column(_l("Notes"), lambda r: r.notes),
    Column(_l("Agreed actions"), lambda r: r.actions),
]
