"""Partners, referrals (with the consent rule), commitments, disbursements. Services flush; callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework.audit import service as audit
from casework.auth.permissions import Perm, has_permission
from casework.cases.models import Case
from casework.cases.service import CaseError, _event, _require_open
from casework.core.formatting import local_today
from casework.core.text import normalise
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import ConsentScope
from casework.people.service import has_consent
from casework.referrals.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Disbursement,
    DisbursementStatus,
    Frequency,
    FundingSource,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from casework.referrals.schedule import ScheduleError, ScheduleRule, expected_dates

MAX_AMOUNT = 10_000_000_000  # 10 billion VND: anything above is a typing error


@dataclass
class PartnerData:
    name: str
    kind: PartnerKind
    is_donor: bool = True
    is_service_provider: bool = False
    anonymous_to_family: bool = False
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    funds: list[str] | None = None
    note: str | None = None


def create_partner(data: PartnerData, *, actor, unit: OrgUnit) -> Partner:
    if len(normalise(data.name)) < 2:
        raise CaseError("name_required", "name")
    partner = Partner(org_unit_id=unit.id)
    _apply_partner(partner, data)
    db.session.add(partner)
    db.session.flush()
    audit.record("partner_create", actor=actor, entity=partner, unit=unit, changes={"kind": data.kind.value})
    return partner


def update_partner(partner: Partner, data: PartnerData, *, actor) -> None:
    if len(normalise(data.name)) < 2:
        raise CaseError("name_required", "name")
    _apply_partner(partner, data)
    audit.record("partner_update", actor=actor, entity=partner, unit=partner.org_unit)


def _apply_partner(partner: Partner, data: PartnerData) -> None:
    partner.name = normalise(data.name)
    partner.kind = data.kind
    partner.is_donor = data.is_donor
    partner.is_service_provider = data.is_service_provider
    partner.anonymous_to_family = data.anonymous_to_family
    for name in ("contact_name", "phone", "email", "address", "note"):
        setattr(partner, name, normalise(getattr(data, name)) or None)
    partner.funds = sorted(set(data.funds or []))


# Referrals ------------------------------------------------------------------------------------

def create_referral(case: Case, partner: Partner, *, actor, service: str, reason: str,
                    shares_personal_data: bool = True, legal_basis: str | None = None) -> Referral:
    _require_open(case)
    if normalise(legal_basis) and not has_permission(actor, Perm.APPROVE_CASES):
        # A legal basis replaces the person's consent: only a supervisor may record one.
        raise CaseError("legal_basis_needs_supervisor", "legal_basis")
    referral = Referral(case_id=case.id, partner_id=partner.id, service=service, reason=reason.strip(),
                        shares_personal_data=shares_personal_data, legal_basis=normalise(legal_basis) or None,
                        created_by_id=actor.id if actor else None)
    db.session.add(referral)
    db.session.flush()
    _event(case, "referral", actor=actor, partner=partner.name, service=service)
    audit.record("referral_create", actor=actor, entity=referral, unit=case.org_unit,
                 changes={"case": case.id, "partner": partner.id, "service": service})
    return referral


def may_share(referral: Referral, on: date) -> bool:
    """Sharing personal data with a partner needs consent in force, a recorded legal basis, or an override."""
    if not referral.shares_personal_data or referral.legal_basis or referral.consent_override_by_id:
        return True
    return has_consent(referral.case.person, ConsentScope.DISCLOSURE, on)


def send_referral(referral: Referral, *, actor, on: date) -> None:
    _require_open(referral.case)
    if referral.status != ReferralStatus.DRAFT:
        raise CaseError("referral_not_draft")
    if referral.shares_personal_data and referral.case.person.restricted_at is not None:
        raise CaseError("person_restricted")
    if not may_share(referral, on):
        raise CaseError("consent_needed")
    referral.status = ReferralStatus.SENT
    referral.sent_on = on
    _referral_event(referral, "referral_sent", actor=actor)


def override_consent(referral: Referral, *, actor, reason: str) -> None:
    """A supervisor lets a referral go without consent (e.g. a child in danger); the override is audited."""
    _require_open(referral.case)
    if not has_permission(actor, Perm.APPROVE_CASES):
        raise CaseError("not_allowed")
    if not reason.strip():
        raise CaseError("reason_required", "reason")
    referral.consent_override_by_id = actor.id
    referral.consent_override_reason = reason.strip()
    audit.record("consent_override", actor=actor, entity=referral, unit=referral.case.org_unit,
                 changes={"reason": reason.strip()})
    _event(referral.case, "consent_override", actor=actor, partner=referral.partner.name)


def respond_to_referral(referral: Referral, *, actor, accepted: bool, on: date, note: str = "") -> None:
    _require_open(referral.case)
    if referral.status != ReferralStatus.SENT:
        raise CaseError("referral_not_sent")
    referral.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED
    referral.responded_on = on
    referral.response_note = note.strip() or None
    _referral_event(referral, "referral_accepted" if accepted else "referral_declined", actor=actor)


def complete_referral(referral: Referral, *, actor, on: date, outcome: str) -> None:
    _require_open(referral.case)
    if referral.status != ReferralStatus.ACCEPTED:
        raise CaseError("referral_not_accepted")
    if not outcome.strip():
        raise CaseError("outcome_required", "outcome")
    referral.status = ReferralStatus.COMPLETED
    referral.completed_on = on
    referral.outcome = outcome.strip()
    _referral_event(referral, "referral_completed", actor=actor)


def cancel_referral(referral: Referral, *, actor) -> None:
    _require_open(referral.case)
    if referral.status not in (ReferralStatus.DRAFT, ReferralStatus.SENT):
        raise CaseError("referral_not_cancellable")
    referral.status = ReferralStatus.CANCELLED
    _referral_event(referral, "referral_cancelled", actor=actor)


def _referral_event(referral: Referral, kind: str, *, actor) -> None:
    db.session.flush()
    _event(referral.case, kind, actor=actor, partner=referral.partner.name, service=referral.service)
    audit.record(kind, actor=actor, entity=referral, unit=referral.case.org_unit,
                 changes={"status": referral.status.value})


# Commitments and disbursements ----------------------------------------------------------------

@dataclass
class CommitmentData:
    kind: CommitmentKind
    amount: int
    source: FundingSource
    frequency: Frequency
    start_on: date
    end_on: date | None = None
    months: list[int] | None = None
    day_of_month: int = 5
    description: str = ""
    service: str | None = None


def _rule(commitment: Commitment) -> ScheduleRule:
    return ScheduleRule(start_on=commitment.start_on, end_on=commitment.end_on,
                        monthly=commitment.frequency == Frequency.MONTHLY, months=tuple(commitment.months or ()),
                        day_of_month=commitment.day_of_month)


def _check_amount(amount: int) -> None:
    if not isinstance(amount, int) or amount <= 0 or amount > MAX_AMOUNT:
        raise CaseError("bad_amount", "amount")


def create_commitment(case: Case, partner: Partner, data: CommitmentData, *, actor,
                      referral: Referral | None = None) -> Commitment:
    """Record a partner's promise and generate its expected disbursements."""
    _require_open(case)
    _check_amount(data.amount)
    if referral is not None and referral.status not in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED):
        raise CaseError("referral_not_accepted")
    commitment = Commitment(
        case_id=case.id, partner_id=partner.id, referral_id=referral.id if referral else None,
        service=data.service or (referral.service if referral else "other"), kind=data.kind,
        description=normalise(data.description), amount=data.amount, source=data.source,
        frequency=data.frequency, start_on=data.start_on, end_on=data.end_on,
        months=sorted(set(data.months or [])), day_of_month=data.day_of_month,
        created_by_id=actor.id if actor else None,
    )
    try:
        dates = expected_dates(_rule(commitment))
    except ScheduleError as exc:
        raise CaseError(exc.code, exc.field) from exc
    db.session.add(commitment)
    db.session.flush()
    for due in dates:
        db.session.add(Disbursement(commitment_id=commitment.id, case_id=case.id, expected_on=due,
                                    amount_expected=commitment.amount, source=commitment.source))
    db.session.flush()
    _event(case, "commitment", actor=actor, partner=partner.name, amount=data.amount, count=len(dates))
    audit.record("commitment_create", actor=actor, entity=commitment, unit=case.org_unit,
                 changes={"amount": data.amount, "instalments": len(dates), "source": data.source.value})
    return commitment


def _future_expected(commitment: Commitment, from_date: date) -> list[Disbursement]:
    return list(db.session.scalars(select(Disbursement).where(
        Disbursement.commitment_id == commitment.id, Disbursement.status == DisbursementStatus.EXPECTED,
        Disbursement.expected_on >= from_date).order_by(Disbursement.expected_on)))


def change_amount(commitment: Commitment, new_amount: int, *, actor, from_date: date) -> int:
    """A new amount for instalments due from from_date on; paid ones keep their amount. Returns how many changed."""
    _require_open(commitment.case)
    _check_amount(new_amount)
    pending = _future_expected(commitment, from_date)
    for disbursement in pending:
        disbursement.amount_expected = new_amount
    old = commitment.amount
    commitment.amount = new_amount
    audit.record("commitment_update", actor=actor, entity=commitment, unit=commitment.case.org_unit,
                 changes={"amount": [old, new_amount], "from": from_date.isoformat(), "instalments": len(pending)})
    _event(commitment.case, "commitment_changed", actor=actor, amount=new_amount)
    return len(pending)


def pause_commitment(commitment: Commitment, *, actor, from_date: date) -> int:
    """Stop expecting instalments from from_date (e.g. the sponsor suspends); returns how many were cancelled."""
    _require_open(commitment.case)
    if commitment.status != CommitmentStatus.ACTIVE:
        raise CaseError("not_active")
    pending = _future_expected(commitment, from_date)
    for disbursement in pending:
        disbursement.status = DisbursementStatus.CANCELLED
    commitment.status = CommitmentStatus.PAUSED
    commitment.paused_on = from_date
    audit.record("commitment_pause", actor=actor, entity=commitment, unit=commitment.case.org_unit,
                 changes={"from": from_date.isoformat(), "cancelled": len(pending)})
    _event(commitment.case, "commitment_paused", actor=actor)
    return len(pending)


def resume_commitment(commitment: Commitment, *, actor, from_date: date) -> int:
    """Expect instalments again from from_date; returns how many were scheduled again."""
    _require_open(commitment.case)
    if commitment.status != CommitmentStatus.PAUSED:
        raise CaseError("not_paused")
    dates = [d for d in expected_dates(_rule(commitment)) if d >= from_date]
    existing = {d.expected_on: d for d in db.session.scalars(
        select(Disbursement).where(Disbursement.commitment_id == commitment.id))}
    for due in dates:
        row = existing.get(due)
        if row is None:
            db.session.add(Disbursement(commitment_id=commitment.id, case_id=commitment.case_id, expected_on=due,
                                        amount_expected=commitment.amount, source=commitment.source))
        elif row.status == DisbursementStatus.CANCELLED:
            row.status = DisbursementStatus.EXPECTED
            row.amount_expected = commitment.amount
    commitment.status = CommitmentStatus.ACTIVE
    commitment.paused_on = None
    audit.record("commitment_resume", actor=actor, entity=commitment, unit=commitment.case.org_unit,
                 changes={"from": from_date.isoformat()})
    _event(commitment.case, "commitment_resumed", actor=actor)
    db.session.flush()
    return len(dates)


def record_payment(disbursement: Disbursement, *, actor, paid_on: date, amount: int,
                   source: FundingSource | None = None, note: str = "",
                   receipt_attachment_id: int | None = None) -> None:
    """A disbursement handed over: amount, date, source and optionally the receipt."""
    check_payment(disbursement, paid_on=paid_on, amount=amount)
    was_paid = disbursement.status == DisbursementStatus.PAID
    disbursement.status = DisbursementStatus.PAID
    disbursement.paid_on = paid_on
    disbursement.amount_paid = amount
    disbursement.source = source or disbursement.source
    disbursement.note = note.strip() or None
    disbursement.receipt_attachment_id = receipt_attachment_id or disbursement.receipt_attachment_id
    disbursement.recorded_by_id = actor.id if actor else None
    db.session.flush()
    case = disbursement.commitment.case
    _event(case, "disbursement", actor=actor, amount=amount, corrected=was_paid)
    audit.record("disbursement_record", actor=actor, entity=disbursement, unit=case.org_unit,
                 changes={"amount": amount, "paid_on": paid_on.isoformat(), "source": disbursement.source.value})


def check_payment(disbursement: Disbursement, *, paid_on: date, amount: int) -> None:
    """Refuse a payment before anything (such as a receipt file) is stored."""
    _require_open(disbursement.commitment.case)
    if disbursement.status == DisbursementStatus.CANCELLED:
        raise CaseError("disbursement_cancelled")
    _check_amount(amount)
    if paid_on > local_today():
        raise CaseError("bad_date", "paid_on")


def is_missed(disbursement: Disbursement, today: date, grace_days: int = 10) -> bool:
    """Expected, not paid, and more than grace_days past its date."""
    from datetime import timedelta

    return (disbursement.status == DisbursementStatus.EXPECTED
            and disbursement.expected_on < today - timedelta(days=grace_days))


def end_commitments_of(case: Case) -> int:
    """Closing a case ends its commitments: instalments still expected are cancelled."""
    rows = list(db.session.scalars(select(Disbursement).where(
        Disbursement.case_id == case.id, Disbursement.status == DisbursementStatus.EXPECTED)))
    for row in rows:
        row.status = DisbursementStatus.CANCELLED
    for commitment in db.session.scalars(select(Commitment).where(Commitment.case_id == case.id)):
        commitment.status = CommitmentStatus.ENDED
    return len(rows)
