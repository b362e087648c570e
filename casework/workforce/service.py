"""Writes to the workforce: staff members and their trainings. Every change is audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from casework.audit import service as audit
from casework.extensions import db
from casework.workforce.models import PositionType, Qualification, StaffMember, Training


class WorkforceError(ValueError):
    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


@dataclass
class StaffData:
    full_name: str
    position: PositionType
    contract_start: date
    qualification: Qualification = Qualification.NONE
    monthly_allowance: int = 0
    contract_end: date | None = None
    note: str | None = None


def _check(data: StaffData) -> None:
    data.full_name = (data.full_name or "").strip()
    if not data.full_name:
        raise WorkforceError("full_name", "name_required")
    if data.contract_end is not None and data.contract_end < data.contract_start:
        raise WorkforceError("contract_end", "end_before_start")
    if not 0 <= data.monthly_allowance <= 1_000_000_000:
        raise WorkforceError("monthly_allowance", "bad_amount")
    data.note = (data.note or "").strip() or None


def add_staff(unit, data: StaffData, *, actor, user=None) -> StaffMember:
    """Register a social-work officer or collaborator of a unit."""
    _check(data)
    staff = StaffMember(org_unit=unit, user=user, **asdict(data))
    db.session.add(staff)
    db.session.flush()
    audit.record("staff_create", actor=actor, entity=staff, unit=unit,
                 changes={"position": data.position.value, "unit": unit.code})
    return staff


def update_staff(staff: StaffMember, data: StaffData, *, actor) -> dict:
    _check(data)
    wanted = asdict(data)
    changes = audit.diff(staff, list(wanted), wanted)
    for key, value in wanted.items():
        setattr(staff, key, value)
    if changes:
        if "full_name" in changes:  # a name is personal data: the audit says it changed, not what to
            changes["full_name"] = "changed"
        audit.record("staff_update", actor=actor, entity=staff, unit=staff.org_unit, changes=changes)
    return changes


def add_training(staff: StaffMember, *, actor, course: str, held_on: date, hours: int) -> Training:
    course = (course or "").strip()
    if not course:
        raise WorkforceError("course", "course_required")
    if not 1 <= hours <= 2000:
        raise WorkforceError("hours", "bad_hours")
    training = Training(staff=staff, course=course, held_on=held_on, hours=hours)
    db.session.add(training)
    db.session.flush()
    audit.record("training_create", actor=actor, entity=training, unit=staff.org_unit,
                 changes={"staff_id": staff.id, "course": course, "hours": hours})
    return training
