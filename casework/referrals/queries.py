"""Scoped reads: partners near the user's unit, referrals and money totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select

from casework.cases.models import Case
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.referrals.models import Commitment, Disbursement, DisbursementStatus, FundingSource, Partner, Referral


def visible_partners(user) -> Select:
    """Partners kept by the user's unit, by a unit below it, or by a unit above it (a province's donors
    serve its communes)."""
    home = user.home_unit
    ancestor_ids = [int(p) for p in home.path.strip("/").split("/") if p]
    return select(Partner).join(Partner.org_unit).where(or_(
        OrgUnit.path.startswith(home.path, autoescape=True),
        Partner.org_unit_id.in_(ancestor_ids),
    ))


def get_visible_partner(user, partner_id: int) -> Partner | None:
    return db.session.scalar(visible_partners(user).where(Partner.id == partner_id))


def case_money(case_id: int) -> dict:
    """Referrals, commitments and disbursements of one case, for the case page."""
    return {
        "referrals": db.session.scalars(select(Referral).where(Referral.case_id == case_id)
                                        .order_by(Referral.id.desc())).all(),
        "commitments": db.session.scalars(select(Commitment).where(Commitment.case_id == case_id)
                                          .order_by(Commitment.id)).all(),
        "paid_total": paid_total(case_id=case_id),
    }


def paid_total(*, case_id: int | None = None) -> int:
    stmt = select(func.coalesce(func.sum(Disbursement.amount_paid), 0)).where(
        Disbursement.status == DisbursementStatus.PAID)
    if case_id is not None:
        stmt = stmt.where(Disbursement.case_id == case_id)
    return int(db.session.scalar(stmt))


@dataclass(frozen=True)
class SourceTotals:
    state_budget: int
    socialised: int

    @property
    def total(self) -> int:
        return self.state_budget + self.socialised


def totals_by_source(*, unit: OrgUnit | None = None, partner_id: int | None = None, case_id: int | None = None,
                     start: date | None = None, end: date | None = None) -> SourceTotals:
    """Money paid, by source, for a unit's subtree (by the owning unit of the case), a partner, a case and a
    period of payment dates (end exclusive)."""
    stmt = select(Disbursement.source, func.coalesce(func.sum(Disbursement.amount_paid), 0)).where(
        Disbursement.status == DisbursementStatus.PAID)
    if unit is not None:
        stmt = stmt.join(Case, Case.id == Disbursement.case_id).join(OrgUnit, OrgUnit.id == Case.org_unit_id).where(
            OrgUnit.path.startswith(unit.path, autoescape=True))
    if partner_id is not None:
        stmt = stmt.join(Commitment, Commitment.id == Disbursement.commitment_id).where(
            Commitment.partner_id == partner_id)
    if case_id is not None:
        stmt = stmt.where(Disbursement.case_id == case_id)
    if start is not None:
        stmt = stmt.where(Disbursement.paid_on >= start)
    if end is not None:
        stmt = stmt.where(Disbursement.paid_on < end)
    sums = {source: int(amount) for source, amount in db.session.execute(stmt.group_by(Disbursement.source))}
    return SourceTotals(sums.get(FundingSource.STATE_BUDGET, 0), sums.get(FundingSource.SOCIALISED, 0))


def partner_report(user, partner: Partner) -> list[dict]:
    """What the partner funded, case by case. Cases outside the user's scope are counted, not named."""
    in_scope = OrgUnit.path.startswith(user.home_unit.path, autoescape=True)
    rows = db.session.execute(
        select(Case.id, Case.number, in_scope.label("visible"), Commitment.service,
               func.coalesce(func.sum(Disbursement.amount_paid), 0))
        .select_from(Commitment).join(Case, Case.id == Commitment.case_id).join(OrgUnit, OrgUnit.id == Case.org_unit_id)
        .outerjoin(Disbursement, and_(Disbursement.commitment_id == Commitment.id,
                                      Disbursement.status == DisbursementStatus.PAID))
        .where(Commitment.partner_id == partner.id)
        .group_by(Case.id, Case.number, in_scope, Commitment.service).order_by(Case.number))
    return [{"case_id": r[0] if r[2] else None, "number": r[1] if r[2] else None, "service": r[3],
             "paid": int(r[4])} for r in rows]


def missed_disbursements(user, today: date, grace_days: int = 10) -> list[Disbursement]:
    from datetime import timedelta

    from casework.cases.queries import visible_cases

    mine = visible_cases(user).with_only_columns(Case.id).where(Case.assigned_to_id == user.id)
    return list(db.session.scalars(
        select(Disbursement).where(
            Disbursement.case_id.in_(mine), Disbursement.status == DisbursementStatus.EXPECTED,
            Disbursement.expected_on < today - timedelta(days=grace_days)).order_by(Disbursement.expected_on)))
