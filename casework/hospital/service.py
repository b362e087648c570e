"""Writes of the hospital social-work team. Services flush and audit; the caller commits.

A refused step raises CaseError(code, field); the messages are in hospital.labels.ERRORS.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from casework.audit import service as audit
from casework.auth.models import User
from casework.auth.permissions import can_hold_case
from casework.cases.models import Case, NoteKind
from casework.cases.service import CaseError, _event, _require_open, _transfer, add_note
from casework.core.formatting import format_date, local_today
from casework.core.text import normalise
from casework.db import utcnow
from casework.extensions import db
from casework.hospital.models import (
    ActivityKind,
    Admission,
    Appeal,
    AppealHandover,
    AppealStatus,
    Donation,
    DonationKind,
    HospitalSupport,
    SupportKind,
    SupportSource,
    TeamActivity,
)
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.people.models import PovertyStatus
from casework.referrals.models import Notification, Partner

MAX_AMOUNT = 10_000_000_000  # 10 billion đồng: anything above is a typing error
BACKDATE_DAYS = 366  # records up to a year old may be entered late


def _check_day(day: date, field: str, *, not_before: date | None = None) -> None:
    today = local_today()
    if day > today + timedelta(days=1) or day < today - timedelta(days=BACKDATE_DAYS):
        raise CaseError("bad_date", field)
    if not_before is not None and day < not_before:
        raise CaseError("before_admission", field)


def _check_amount(amount: int | None, field: str = "amount", *, required: bool = True) -> None:
    if amount is None:
        if required:
            raise CaseError("bad_amount", field)
        return
    if not 0 < amount <= MAX_AMOUNT:
        raise CaseError("bad_amount", field)


def _text(value: str | None, limit: int) -> str:
    """One line: NFC with collapsed whitespace."""
    return normalise(value or "")[:limit]


def _para(value: str | None, limit: int) -> str:
    """Free text that may hold several lines: NFC, trimmed."""
    return unicodedata.normalize("NFC", value or "").strip()[:limit]


def _audit(action: str, entity, unit: OrgUnit, /, *, actor, **changes) -> None:
    audit.record(action, actor=actor, entity=entity, unit=unit, changes=changes or None)


# Admissions -----------------------------------------------------------------------------------

@dataclass
class Hardship:
    """The team's assessment of the patient's circumstances."""

    poverty: PovertyStatus = PovertyStatus.UNKNOWN
    no_bhyt: bool = False
    no_relatives: bool = False
    unidentified: bool = False
    violence_victim: bool = False
    accident_victim: bool = False
    note: str = ""


def record_admission(case: Case, *, actor, department: str, admitted_on: date, hardship: Hardship) -> Admission:
    """A stay in the hospital that owns the case, with the hardship assessment; one stay at a time."""
    _require_open(case)
    department = _text(department, 120)
    if not department:
        raise CaseError("department_required", "department")
    _check_day(admitted_on, "admitted_on")
    current = db.session.scalar(select(Admission.id).where(Admission.case_id == case.id,
                                                           Admission.discharged_on.is_(None)))
    if current is not None:
        raise CaseError("already_admitted")
    admission = Admission(
        case_id=case.id, person_id=case.person_id, org_unit_id=case.org_unit_id, department=department,
        admitted_on=admitted_on, poverty=hardship.poverty, no_bhyt=hardship.no_bhyt,
        no_relatives=hardship.no_relatives, unidentified=hardship.unidentified,
        violence_victim=hardship.violence_victim, accident_victim=hardship.accident_victim,
        assessment_note=_para(hardship.note, 3000), created_by_id=actor.id if actor else None)
    db.session.add(admission)
    db.session.flush()
    _event(case, "admission", actor=actor, department=department)
    # The assessment says which hardships apply; the free-text note stays out of the audit log.
    _audit("admission_create", admission, case.org_unit, actor=actor, case=case.id, hardships=admission.hardships)
    return admission


def record_view(admission: Admission, *, actor) -> None:
    """Reading an admission shows the patient's name and circumstances: audited."""
    _audit("admission_view", admission, admission.org_unit, actor=actor)


def home_commune_of(admission: Admission) -> OrgUnit | None:
    commune = admission.person.home_commune
    return commune if commune is not None and commune.level == UnitLevel.COMMUNE else None


def handoff_recipients(commune: OrgUnit) -> list[User]:
    """The active workers who may hold the commune's cases: its collaborators."""
    users = db.session.scalars(select(User).join(User.home_unit).where(
        User.active.is_(True), OrgUnit.path.startswith(commune.path, autoescape=True)).order_by(User.full_name))
    return [user for user in users if can_hold_case(user, commune)]


def discharge(admission: Admission, *, actor, discharged_on: date, hand_off: bool,
              assignee: User | None = None, note: str = "") -> list[Notification]:
    """Record the discharge and, if asked, hand the case to the patient's home commune.

    The hand-off moves the case to the commune at once, without the supervisor's approval that other
    transfers need: the destination is not the worker's choice but the commune of the patient's address,
    and a discharged patient must not wait for a decision with nobody in charge. The commune's
    collaborators are notified; assignee (one of them), if given, holds the case. Returns the notifications.
    """
    if not admission.in_hospital:
        raise CaseError("already_discharged")
    _check_day(discharged_on, "discharged_on", not_before=admission.admitted_on)
    case = admission.case
    commune = home_commune_of(admission) if hand_off else None
    if hand_off:
        _require_open(case)
        if commune is None:
            raise CaseError("no_home_commune", "hand_off")
        if assignee is not None and not can_hold_case(assignee, commune):
            raise CaseError("bad_assignee", "assignee")
    admission.discharged_on = discharged_on
    db.session.flush()
    _event(case, "discharge", actor=actor, on=discharged_on.isoformat())
    _audit("admission_discharge", admission, admission.org_unit, actor=actor, discharged_on=discharged_on.isoformat())
    if commune is None or commune.id == case.org_unit_id:
        return []
    hospital = admission.org_unit
    _transfer(case, commune, actor=actor)
    if assignee is not None:
        case.assigned_to_id = assignee.id
        case.assigned_to = assignee
    admission.handed_off_to_id = commune.id
    admission.handed_off_at = utcnow()
    db.session.flush()
    _audit("discharge_handoff", case, commune, actor=actor, before=hospital.code, after=commune.code,
           assigned_to=assignee.id if assignee else None)
    if note.strip():  # the team's message stays on the case for whoever opens it in the commune
        add_note(case, actor=actor, kind=NoteKind.OTHER, occurred_on=discharged_on, body=_para(note, 2000))
    notes = []
    for user in handoff_recipients(commune):
        with force_locale(user.locale or "vi"):
            title = _("Case %(number)s handed over by %(hospital)s", number=case.number, hospital=hospital.name)
            lines = [_("%(name)s left hospital on %(day)s and goes home to %(commune)s.",
                       name=case.person.full_name, day=format_date(discharged_on), commune=commune.name)]
            lines.append(_("You hold this case.") if assignee is not None and user.id == assignee.id
                         else _("Find it in the cases of your area."))
            if note.strip():
                lines.append(_para(note, 2000))
        notes.append(Notification(user_id=user.id, created_at=utcnow(), kind="handoff", title=title[:200],
                                  body="\n".join(lines)))
    db.session.add_all(notes)
    db.session.flush()
    return notes


# Supports -------------------------------------------------------------------------------------

@dataclass
class SupportData:
    kind: SupportKind
    given_on: date
    source: SupportSource
    amount: int | None = None
    description: str = ""
    partner: Partner | None = None
    sponsor_name: str | None = None


def record_support(admission: Admission, data: SupportData, *, actor) -> HospitalSupport:
    """Something given to the patient: cash needs its amount; benefactors' gifts need the benefactor."""
    _check_day(data.given_on, "given_on", not_before=admission.admitted_on)
    _check_amount(data.amount, required=data.kind == SupportKind.CASH)
    sponsor_name = _text(data.sponsor_name, 200) or None
    if data.partner is not None:
        sponsor_name = None
    if data.source == SupportSource.SOCIALISED and data.partner is None and sponsor_name is None:
        raise CaseError("sponsor_required", "sponsor_name")
    support = HospitalSupport(
        admission_id=admission.id, case_id=admission.case_id, org_unit_id=admission.org_unit_id, kind=data.kind,
        given_on=data.given_on, description=_text(data.description, 300), amount=data.amount, source=data.source,
        partner_id=data.partner.id if data.partner else None, sponsor_name=sponsor_name,
        recorded_by_id=actor.id if actor else None)
    db.session.add(support)
    db.session.flush()
    _event(admission.case, "hospital_support", actor=actor, kind=data.kind.value, amount=data.amount)
    _audit("hospital_support_create", support, admission.org_unit, actor=actor, kind=data.kind.value,
           amount=data.amount, source=data.source.value)
    return support


# Appeals --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AppealMoney:
    """Cash raised, handed over and still held; goods given in kind are counted apart (not handed over as cash)."""

    cash_raised: int
    in_kind_value: int
    handed_over: int

    @property
    def balance(self) -> int:
        return self.cash_raised - self.handed_over


def appeal_money(appeal_ids: list[int]) -> dict[int, AppealMoney]:
    """Money of several appeals in two queries."""
    if not appeal_ids:
        return {}
    raised = {(row.appeal_id, row.kind): row.total for row in db.session.execute(
        select(Donation.appeal_id, Donation.kind, func.sum(Donation.amount).label("total"))
        .where(Donation.appeal_id.in_(appeal_ids)).group_by(Donation.appeal_id, Donation.kind))}
    handed = dict(db.session.execute(
        select(AppealHandover.appeal_id, func.sum(AppealHandover.amount))
        .where(AppealHandover.appeal_id.in_(appeal_ids)).group_by(AppealHandover.appeal_id)).all())
    return {i: AppealMoney(int(raised.get((i, DonationKind.CASH), 0) or 0),
                           int(raised.get((i, DonationKind.IN_KIND), 0) or 0), int(handed.get(i, 0) or 0))
            for i in appeal_ids}


def money_of(appeal: Appeal) -> AppealMoney:
    return appeal_money([appeal.id])[appeal.id]


def open_appeal(admission: Admission, *, actor, title: str, purpose: str, target_amount: int,
                opened_on: date) -> Appeal:
    title = _text(title, 200)
    if not title:
        raise CaseError("title_required", "title")
    _check_amount(target_amount, "target_amount")
    _check_day(opened_on, "opened_on", not_before=admission.admitted_on)
    appeal = Appeal(admission_id=admission.id, case_id=admission.case_id, org_unit_id=admission.org_unit_id,
                    title=title, purpose=_para(purpose, 3000), target_amount=target_amount, opened_on=opened_on,
                    created_by_id=actor.id if actor else None)
    db.session.add(appeal)
    db.session.flush()
    _event(admission.case, "appeal_opened", actor=actor, target=target_amount)
    _audit("appeal_create", appeal, admission.org_unit, actor=actor, target=target_amount)
    return appeal


def _require_open_appeal(appeal: Appeal) -> None:
    if appeal.status != AppealStatus.OPEN:
        raise CaseError("appeal_closed")


def record_donation(appeal: Appeal, *, actor, received_on: date, kind: DonationKind, amount: int,
                    partner: Partner | None = None, donor_name: str | None = None, description: str = "",
                    receipt_number: str = "") -> Donation:
    """A gift to the appeal from a registered partner or a named benefactor."""
    _require_open_appeal(appeal)
    _check_day(received_on, "received_on")
    _check_amount(amount)
    donor_name = None if partner is not None else (_text(donor_name, 200) or None)
    if partner is None and donor_name is None:
        raise CaseError("donor_required", "donor_name")
    description = _text(description, 300)
    if kind == DonationKind.IN_KIND and not description:
        raise CaseError("description_required", "description")
    donation = Donation(appeal_id=appeal.id, received_on=received_on, kind=kind, amount=amount,
                        partner_id=partner.id if partner else None, donor_name=donor_name, description=description,
                        receipt_number=_text(receipt_number, 40), recorded_by_id=actor.id if actor else None)
    db.session.add(donation)
    db.session.flush()
    _audit("donation_record", donation, appeal.admission.org_unit, actor=actor, appeal=appeal.id, amount=amount,
           kind=kind.value)
    return donation


def record_handover(appeal: Appeal, *, actor, handed_on: date, amount: int, receipt_number: str,
                    handed_over_by: str, received_by: str, note: str = "") -> AppealHandover:
    """Cash handed to the patient or family against a receipt; never more than the appeal holds."""
    _check_day(handed_on, "handed_on")
    _check_amount(amount)
    # Two hand-overs recorded at once must not both spend the same balance: lock the appeal first
    # (PostgreSQL; SQLite's write transactions are already serialised by BEGIN IMMEDIATE).
    db.session.execute(select(Appeal.id).where(Appeal.id == appeal.id).with_for_update())
    if amount > money_of(appeal).balance:
        raise CaseError("over_balance", "amount")
    receipt_number = _text(receipt_number, 40)
    if not receipt_number:
        raise CaseError("receipt_required", "receipt_number")
    handed_over_by, received_by = _text(handed_over_by, 200), _text(received_by, 200)
    if not handed_over_by:
        raise CaseError("name_required", "handed_over_by")
    if not received_by:
        raise CaseError("name_required", "received_by")
    handover = AppealHandover(appeal_id=appeal.id, handed_on=handed_on, amount=amount,
                              receipt_number=receipt_number, handed_over_by=handed_over_by, received_by=received_by,
                              note=_para(note, 2000), recorded_by_id=actor.id if actor else None)
    db.session.add(handover)
    db.session.flush()
    _event(appeal.admission.case, "appeal_handover", actor=actor, amount=amount, receipt=receipt_number)
    _audit("appeal_handover", handover, appeal.admission.org_unit, actor=actor, appeal=appeal.id, amount=amount)
    return handover


def close_appeal(appeal: Appeal, *, actor) -> None:
    """An appeal closes once everything raised in cash has been handed over."""
    _require_open_appeal(appeal)
    if money_of(appeal).balance > 0:
        raise CaseError("balance_left")
    appeal.status = AppealStatus.CLOSED
    appeal.closed_on = local_today()
    db.session.flush()
    _audit("appeal_close", appeal, appeal.admission.org_unit, actor=actor)


# Team activities ------------------------------------------------------------------------------

def record_activity(*, actor, unit: OrgUnit, kind: ActivityKind, held_on: date, title: str, participants: int,
                    notes: str = "") -> TeamActivity:
    title = _text(title, 200)
    if not title:
        raise CaseError("title_required", "title")
    if not 0 <= participants <= 100_000:
        raise CaseError("bad_participants", "participants")
    _check_day(held_on, "held_on")
    activity = TeamActivity(org_unit_id=unit.id, kind=kind, held_on=held_on, title=title, participants=participants,
                            notes=_para(notes, 3000), created_by_id=actor.id if actor else None)
    db.session.add(activity)
    db.session.flush()
    _audit("team_activity_create", activity, unit, actor=actor, kind=kind.value, participants=participants)
    return activity
