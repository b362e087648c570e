"""Data-subject rights: requests with deadlines, export, restriction, de-identification, retention.

Services flush and audit; the caller commits. De-identification keeps what the aggregate figures need
(sex, birth year, home commune, ethnicity, categories, poverty and disability status, cases, commitments
and payments) and removes what identifies the person: name, identity, BHYT and phone numbers, address
detail, exact birth date, free text written about them, and attached files.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum

from flask import current_app
from sqlalchemy import inspect, select, update

from casework.audit import service as audit
from casework.audit.models import AuditEvent
from casework.cases.models import ApprovalRequest, Assessment, AssessmentItem, Attachment, Case, CaseNote, PlanItem
from casework.dataprotection.models import DataRequest, RequestKind, RequestStatus
from casework.db import utcnow
from casework.extensions import db
from casework.followups.models import FollowUp
from casework.people.models import BirthPrecision, Consent, Household, HouseholdMember, Person
from casework.referrals.models import Commitment, Disbursement, Referral

log = logging.getLogger(__name__)

REMOVED_TEXT = "[đã ẩn danh]"


class DataRequestError(ValueError):
    def __init__(self, field: str | None, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


# Requests -----------------------------------------------------------------------------------------

def due_date(kind: RequestKind, received_on: date) -> date:
    """The answer is due this many days after receipt (config DATA_REQUEST_DEADLINE_DAYS)."""
    return received_on + timedelta(days=current_app.config["DATA_REQUEST_DEADLINE_DAYS"][kind.value])


def record_request(person: Person, *, actor, kind: RequestKind, received_on: date, today: date,
                   requested_by: str = "", notes: str = "") -> DataRequest:
    if received_on > today:
        raise DataRequestError("received_on", "received_in_future")
    request = DataRequest(person_id=person.id, kind=kind, received_on=received_on,
                          due_on=due_date(kind, received_on), requested_by=(requested_by or "").strip()[:200],
                          notes=(notes or "").strip(), recorded_by_id=actor.id if actor else None,
                          handled_by_id=actor.id if actor else None)
    db.session.add(request)
    db.session.flush()
    audit.record("data_request_create", actor=actor, entity=request, unit=person.org_unit,
                 changes={"person": person.id, "kind": kind.value, "due_on": request.due_on.isoformat()})
    return request


def close_request(request: DataRequest, *, actor, status: RequestStatus, outcome: str, on: date) -> None:
    if request.status != RequestStatus.OPEN:
        raise DataRequestError(None, "already_closed")
    if status == RequestStatus.OPEN:
        raise DataRequestError("status", "bad_status")
    if status == RequestStatus.REFUSED and not (outcome or "").strip():
        raise DataRequestError("outcome", "reason_required")
    request.status = status
    request.outcome = (outcome or "").strip() or None
    request.closed_on = on
    request.handled_by_id = actor.id if actor else None
    audit.record("data_request_close", actor=actor, entity=request, unit=request.person.org_unit,
                 changes={"status": status.value, "late": on > request.due_on})


def requests_of(person: Person) -> list[DataRequest]:
    return list(db.session.scalars(select(DataRequest).where(DataRequest.person_id == person.id)
                                   .order_by(DataRequest.received_on.desc(), DataRequest.id.desc())))


# Export -------------------------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj, skip: tuple[str, ...] = ()) -> dict:
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs
            if attr.key not in skip}


def _cases_of(person: Person) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.person_id == person.id).order_by(Case.opened_on)))


def _by_case(model, case_ids: list[int], order) -> dict[int, list]:
    out: dict[int, list] = {}
    if case_ids:
        for obj in db.session.scalars(select(model).where(model.case_id.in_(case_ids)).order_by(order)):
            out.setdefault(obj.case_id, []).append(obj)
    return out


def export_person(person: Person, *, actor) -> dict:
    """Everything held about a person, as plain data (for the printable page and the JSON download)."""
    cases = _cases_of(person)
    ids = [c.id for c in cases]
    related = {name: _by_case(model, ids, model.id) for name, model in (
        ("notes", CaseNote), ("assessments", Assessment), ("plan", PlanItem), ("referrals", Referral),
        ("commitments", Commitment), ("payments", Disbursement), ("followups", FollowUp),
        ("attachments", Attachment), ("approvals", ApprovalRequest))}
    items = {}
    assessment_ids = [a.id for group in related["assessments"].values() for a in group]
    if assessment_ids:
        for item in db.session.scalars(select(AssessmentItem).where(AssessmentItem.assessment_id.in_(assessment_ids))):
            items.setdefault(item.assessment_id, []).append(_row(item, ("id", "assessment_id")))
    households = db.session.scalars(select(Household).join(HouseholdMember)
                                    .where(HouseholdMember.person_id == person.id)).all()
    data = {
        "exported_at": utcnow().isoformat(),
        "person": {**_row(person, ("search_name", "version")),
                   "home_commune": person.home_commune.name if person.home_commune else None,
                   "registered_by_unit": person.org_unit.name, "categories": person.category_codes},
        "households": [{**_row(h, ("note",)), "my_relationship": next(
            (m.relationship_code for m in h.members if m.person_id == person.id), None),
            "members": len(h.members)} for h in households],
        "consents": [_row(c) for c in db.session.scalars(
            select(Consent).where(Consent.person_id == person.id).order_by(Consent.id))],
        "cases": [{**_row(case), "org_unit": case.org_unit.name,
                   **{name: [_row(o, ("stored_name",)) | ({"items": items.get(o.id, [])}
                                                          if name == "assessments" else {})
                             for o in group.get(case.id, [])] for name, group in related.items()}}
                  for case in cases],
        "data_requests": [_row(r) for r in requests_of(person)],
        "access_log": [{"at": _plain(e.occurred_at), "action": e.action, "by": e.actor_username}
                       for e in db.session.scalars(select(AuditEvent).where(
                           AuditEvent.entity_type == "people", AuditEvent.entity_id == person.id)
                           .order_by(AuditEvent.id))],
    }
    audit.record("person_export", actor=actor, entity=person, unit=person.org_unit,
                 changes={"cases": len(cases)})
    return data


# Restriction --------------------------------------------------------------------------------------

def restrict(person: Person, *, actor) -> None:
    """From now on the record can't be changed or shared with partners (people.service and referrals check)."""
    if person.deidentified_at is not None:
        raise DataRequestError(None, "deidentified")
    if person.restricted_at is None:
        person.restricted_at = utcnow()
        db.session.flush()
        audit.record("person_restrict", actor=actor, entity=person, unit=person.org_unit)


def lift_restriction(person: Person, *, actor) -> None:
    if person.restricted_at is not None:
        person.restricted_at = None
        db.session.flush()
        audit.record("person_unrestrict", actor=actor, entity=person, unit=person.org_unit)


# De-identification --------------------------------------------------------------------------------

# Free-text columns written about the person in their cases: replaced, never deleted (counts stay).
_CASE_TEXT = [(Case, "summary"), (CaseNote, "body"), (Assessment, "summary"), (PlanItem, "goal"),
              (PlanItem, "responsible"), (Commitment, "description"), (FollowUp, "title"),
              (Referral, "reason"), (Referral, "response_note"), (Referral, "outcome"),
              (Referral, "consent_override_reason"), (FollowUp, "outcome"), (Disbursement, "note"),
              (ApprovalRequest, "request_note"), (ApprovalRequest, "decision_comment")]


@dataclass
class DeidentifyReport:
    person_id: int
    cases: int
    attachments_removed: int


def deidentify(person: Person, *, actor, reason: str) -> DeidentifyReport:
    """Remove what identifies the person; keep what the aggregate figures count. Irreversible."""
    if person.deidentified_at is not None:
        raise DataRequestError(None, "deidentified")
    from casework.cases.attachments import attachment_path

    person.full_name = f"Đã ẩn danh #{person.id}"
    person.id_type = None
    person.id_number = None
    person.bhyt_number = None
    person.phone = None
    person.address_detail = None
    if person.birth_date is not None:
        person.birth_date = person.birth_date.replace(month=1, day=1)
        person.birth_precision = BirthPrecision.YEAR
    person.deidentified_at = utcnow()
    person.restricted_at = person.restricted_at or person.deidentified_at
    case_ids = [c.id for c in _cases_of(person)]
    if case_ids:
        for model, column in _CASE_TEXT:
            target = getattr(model, column)
            key = model.id if model is Case else model.case_id
            db.session.execute(update(model).where(key.in_(case_ids), target.is_not(None), target != "")
                               .values({column: REMOVED_TEXT}).execution_options(synchronize_session=False))
        db.session.execute(update(AssessmentItem).where(
            AssessmentItem.assessment_id.in_(select(Assessment.id).where(Assessment.case_id.in_(case_ids))),
            AssessmentItem.note.is_not(None)).values(note=REMOVED_TEXT).execution_options(synchronize_session=False))
    db.session.execute(update(Consent).where(Consent.person_id == person.id).values(
        guardian_name=None, note=None).execution_options(synchronize_session=False))
    files = list(db.session.scalars(select(Attachment).where(Attachment.case_id.in_(case_ids)))) if case_ids else []
    if files:
        db.session.execute(update(Disbursement).where(Disbursement.receipt_attachment_id.in_([f.id for f in files]))
                           .values(receipt_attachment_id=None).execution_options(synchronize_session=False))
    for attachment in files:
        db.session.delete(attachment)
    db.session.flush()
    for attachment in files:  # the rows are gone in this transaction; the files go too
        try:
            attachment_path(attachment.stored_name).unlink(missing_ok=True)
        except (OSError, ValueError):
            log.warning("attachment file %s could not be removed", attachment.id)
    db.session.expire_all()
    audit.record("person_deidentify", actor=actor, entity_type="people", entity_id=person.id,
                 unit=person.org_unit, changes={"reason": (reason or "")[:200], "cases": len(case_ids),
                                                "attachments_removed": len(files)})
    return DeidentifyReport(person_id=person.id, cases=len(case_ids), attachments_removed=len(files))


# Retention ----------------------------------------------------------------------------------------

@dataclass
class RetentionCandidate:
    person_id: int
    case_numbers: list[str]


def retention_candidates(cutoff: datetime) -> list[RetentionCandidate]:
    """People not yet de-identified whose cases are all closed before cutoff (and who have at least one)."""
    from casework.cases.models import CaseStatus

    still_needed = select(Case.person_id).where((Case.status != CaseStatus.CLOSED) | (Case.closed_at.is_(None))
                                               | (Case.closed_at >= cutoff))
    rows = db.session.execute(
        select(Person.id, Case.number).join(Case, Case.person_id == Person.id)
        .where(Person.deidentified_at.is_(None), Person.id.not_in(still_needed))
        .order_by(Person.id, Case.number)).all()
    out: dict[int, list[str]] = {}
    for person_id, number in rows:
        out.setdefault(person_id, []).append(number)
    return [RetentionCandidate(pid, numbers) for pid, numbers in out.items()]


def retention_cutoff(today: date, years: int) -> datetime:
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def run_retention(candidates: list[RetentionCandidate], *, actor=None, years: int) -> int:
    for candidate in candidates:
        deidentify(db.session.get(Person, candidate.person_id), actor=actor,
                   reason=f"retention: all cases closed more than {years} years ago")
    audit.record("retention_run", actor=actor, entity_type="people", changes={
        "years": years, "people": len(candidates), "cases": sum(len(c.case_numbers) for c in candidates)})
    return len(candidates)
