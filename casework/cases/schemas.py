"""API representations of cases, notes and assessments, and what the case endpoints accept."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.cases.models import AssessmentKind, CaseSource, CaseStatus, ClosureReason, NoteKind, RiskLevel
from casework.cases.service import TRANSITIONS
from casework.people.schemas import MAX_ID, EnumValue, PageArgs, PersonSummarySchema, db_id, text


def _next_statuses(case) -> list[str]:
    return sorted(status.value for status in TRANSITIONS[case.status])


class CaseSummarySchema(Schema):
    """A case in a list: its state and deadlines, not its content."""

    id = fields.Int()
    number = fields.Str()
    person_id = fields.Int()
    org_unit_id = fields.Int()
    assigned_to_id = fields.Int(allow_none=True)
    status = EnumValue(CaseStatus)
    risk_level = EnumValue(RiskLevel, allow_none=True)
    emergency = fields.Bool()
    emergency_pending = fields.Bool(metadata={"description": "An open emergency nobody has acted on yet"})
    emergency_deadline = fields.DateTime(allow_none=True)
    opened_on = fields.Date()
    plan_due_on = fields.Date(allow_none=True, metadata={"description": "A child's support plan is due by then"})
    last_activity_at = fields.DateTime()


class CaseSchema(CaseSummarySchema):
    """One case file. `version` must be sent back with a status change (optimistic locking)."""

    person = fields.Nested(PersonSummarySchema)
    source = EnumValue(CaseSource)
    needs = fields.List(fields.Str())
    summary = fields.Str()
    emergency_acted_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closure_reason = EnumValue(ClosureReason, allow_none=True)
    next_statuses = fields.Function(_next_statuses, metadata={"description": "Steps POST .../status accepts"})
    version = fields.Int()
    created_at = fields.DateTime()


class CasePageSchema(Schema):
    items = fields.List(fields.Nested(CaseSummarySchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class NoteSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    kind = EnumValue(NoteKind)
    occurred_on = fields.Date()
    body = fields.Str()
    author_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class RatingSchema(Schema):
    """One need domain rated high / medium / low."""

    domain = text(24, min_length=1, required=True)
    level = EnumValue(RiskLevel, required=True)
    note = text(2000, allow_none=True, load_default=None)


class AssessmentSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    kind = EnumValue(AssessmentKind)
    assessed_on = fields.Date()
    summary = fields.Str()
    overall_risk = EnumValue(RiskLevel, allow_none=True)
    assessor_id = fields.Int(allow_none=True)
    items = fields.List(fields.Nested(RatingSchema), data_key="ratings")
    created_at = fields.DateTime()


# Input ----------------------------------------------------------------------------------------

class CaseListArgs(PageArgs):
    status = EnumValue(CaseStatus, load_default=None)
    emergency = fields.Bool(load_default=None)


class CaseCreateSchema(Schema):
    person_id = db_id(required=True, metadata={"description": "A person you may see"})
    source = EnumValue(CaseSource, required=True)
    needs = fields.List(text(64, min_length=1), load_default=list, validate=validate.Length(max=30))
    summary = text(10_000, load_default="")
    risk_level = EnumValue(RiskLevel, allow_none=True, load_default=None)
    emergency = fields.Bool(load_default=False)


class StatusChangeSchema(Schema):
    to = EnumValue(CaseStatus, required=True)
    version = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version you read; 409 if someone saved since"})


class NoteCreateSchema(Schema):
    kind = EnumValue(NoteKind, required=True)
    occurred_on = fields.Date(required=True)
    body = text(20_000, required=True)


class AssessmentCreateSchema(Schema):
    kind = EnumValue(AssessmentKind, required=True)
    assessed_on = fields.Date(required=True)
    summary = text(10_000, load_default="")
    ratings = fields.List(fields.Nested(RatingSchema), required=True, validate=validate.Length(max=30))
