"""Scoped reads of the hospital team's records: every list starts from the user's subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from casework.extensions import db
from casework.hospital.models import (
    ActivityKind,
    Admission,
    Appeal,
    AppealHandover,
    AppealStatus,
    Donation,
    HospitalSupport,
    TeamActivity,
)
from casework.orgunits.models import OrgUnit


def _units_in_scope(user):
    return select(OrgUnit.id).where(OrgUnit.path.startswith(user.home_unit.path, autoescape=True))


def visible_admissions(user) -> Select:
    return select(Admission).where(Admission.org_unit_id.in_(_units_in_scope(user)))


def visible_appeals(user) -> Select:
    return select(Appeal).where(Appeal.org_unit_id.in_(_units_in_scope(user)))


def visible_supports(user) -> Select:
    return select(HospitalSupport).where(HospitalSupport.org_unit_id.in_(_units_in_scope(user)))


def visible_activities(user) -> Select:
    return select(TeamActivity).where(TeamActivity.org_unit_id.in_(_units_in_scope(user)))


def get_admission(user, admission_id: int) -> Admission | None:
    return db.session.scalar(visible_admissions(user).where(Admission.id == admission_id))


def get_appeal(user, appeal_id: int) -> Appeal | None:
    return db.session.scalar(visible_appeals(user).where(Appeal.id == appeal_id))


def admissions_of_case(case_id: int) -> list[Admission]:
    return list(db.session.scalars(select(Admission).where(Admission.case_id == case_id)
                                   .order_by(Admission.admitted_on.desc(), Admission.id.desc())))


def admission_page_data(admission: Admission) -> dict:
    return {
        "supports": db.session.scalars(select(HospitalSupport).where(HospitalSupport.admission_id == admission.id)
                                       .order_by(HospitalSupport.given_on, HospitalSupport.id)).all(),
        "appeals": db.session.scalars(select(Appeal).where(Appeal.admission_id == admission.id)
                                      .order_by(Appeal.opened_on, Appeal.id)).all(),
    }


def appeal_page_data(appeal: Appeal) -> dict:
    return {
        "donations": db.session.scalars(select(Donation).where(Donation.appeal_id == appeal.id)
                                        .order_by(Donation.received_on, Donation.id)).all(),
        "handovers": db.session.scalars(select(AppealHandover).where(AppealHandover.appeal_id == appeal.id)
                                        .order_by(AppealHandover.handed_on, AppealHandover.id)).all(),
    }


def workspace(user, today: date) -> dict:
    """The team's page: patients in hospital, open appeals, this month's supports, recent activities."""
    month_start = today.replace(day=1)
    supports_stmt = visible_supports(user).where(HospitalSupport.given_on >= month_start,
                                                 HospitalSupport.given_on <= today)
    total = db.session.scalar(supports_stmt.with_only_columns(func.coalesce(func.sum(HospitalSupport.amount), 0)))
    return {
        "current": db.session.scalars(visible_admissions(user).where(Admission.discharged_on.is_(None))
                                      .order_by(Admission.admitted_on.desc(), Admission.id.desc()).limit(100)).all(),
        "appeals": db.session.scalars(visible_appeals(user).where(Appeal.status == AppealStatus.OPEN)
                                      .order_by(Appeal.opened_on.desc(), Appeal.id.desc()).limit(100)).all(),
        "supports": db.session.scalars(supports_stmt.order_by(HospitalSupport.given_on.desc(),
                                                              HospitalSupport.id.desc()).limit(100)).all(),
        "supports_total": int(total or 0),
        "activities": db.session.scalars(visible_activities(user).order_by(TeamActivity.held_on.desc(),
                                                                           TeamActivity.id.desc()).limit(10)).all(),
    }


@dataclass
class ActivityFilters:
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def activity_list(user, filters: ActivityFilters) -> Select:
    stmt = visible_activities(user)
    if filters.kind in {k.value for k in ActivityKind}:
        stmt = stmt.where(TeamActivity.kind == ActivityKind(filters.kind))
    if filters.date_from:
        stmt = stmt.where(TeamActivity.held_on >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(TeamActivity.held_on <= filters.date_to)
    return stmt.order_by(TeamActivity.held_on.desc(), TeamActivity.id.desc())


@dataclass(frozen=True)
class HospitalTotals:
    """What the hospital teams under a unit did in a period, for reports and the indicators."""

    admissions: int
    supports: int
    support_value_by_source: dict[str, int]  # SupportSource value -> đồng
    donations_received: int  # đồng, cash and in kind: socialised resources
    handed_over: int  # đồng of appeal cash handed to patients
    activities_by_kind: dict[str, int]  # ActivityKind value -> number of activities
    activity_participants: int


def hospital_totals(unit: OrgUnit, start: date, end: date) -> HospitalTotals:
    """Counts and sums over the unit's subtree for start <= day < end (events in the period)."""
    units = select(OrgUnit.id).where(OrgUnit.path.startswith(unit.path, autoescape=True))

    def scalar(stmt) -> int:
        return int(db.session.scalar(stmt) or 0)

    supports = (HospitalSupport.org_unit_id.in_(units), HospitalSupport.given_on >= start,
                HospitalSupport.given_on < end)
    appeals = select(Appeal.id).where(Appeal.org_unit_id.in_(units))
    activities = (TeamActivity.org_unit_id.in_(units), TeamActivity.held_on >= start, TeamActivity.held_on < end)
    return HospitalTotals(
        admissions=scalar(select(func.count()).select_from(Admission).where(
            Admission.org_unit_id.in_(units), Admission.admitted_on >= start, Admission.admitted_on < end)),
        supports=scalar(select(func.count()).select_from(HospitalSupport).where(*supports)),
        support_value_by_source={source.value: int(total or 0) for source, total in db.session.execute(
            select(HospitalSupport.source, func.sum(HospitalSupport.amount)).where(*supports)
            .group_by(HospitalSupport.source))},
        donations_received=scalar(select(func.sum(Donation.amount)).where(
            Donation.appeal_id.in_(appeals), Donation.received_on >= start, Donation.received_on < end)),
        handed_over=scalar(select(func.sum(AppealHandover.amount)).where(
            AppealHandover.appeal_id.in_(appeals), AppealHandover.handed_on >= start, AppealHandover.handed_on < end)),
        activities_by_kind={kind.value: int(n) for kind, n in db.session.execute(
            select(TeamActivity.kind, func.count()).where(*activities).group_by(TeamActivity.kind))},
        activity_participants=scalar(select(func.sum(TeamActivity.participants)).where(*activities)),
    )
