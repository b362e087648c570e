"""API representations of cases and what is recorded on them, and what the case endpoints accept."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import FileStorage

from casework.auth.permissions import can_decide_approval
from casework.cases.labels import NEEDS, SERVICES
from casework.cases.models import (
    ApprovalKind,
    ApprovalStatus,
    AssessmentKind,
    AttachmentKind,
    CaseSource,
    CaseStatus,
    ClosureReason,
    NoteKind,
    PlanItemStatus,
    RiskLevel,
)
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
    """One case file. `version` must be sent back with an edit or a status change (optimistic locking)."""

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

    domain = fields.Str(required=True, validate=validate.OneOf(list(NEEDS)))
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


class PlanItemSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    goal = fields.Str()
    service = fields.Str()
    responsible = fields.Str()
    due_on = fields.Date(allow_none=True)
    status = EnumValue(PlanItemStatus)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class AttachmentSchema(Schema):
    """A file's description; the file itself comes from GET /attachments/{attachment_id}."""

    id = fields.Int()
    case_id = fields.Int()
    kind = EnumValue(AttachmentKind)
    original_name = fields.Str()
    content_type = fields.Str(metadata={"description": "Judged from the file's bytes: PDF, JPEG, PNG or WebP"})
    size = fields.Int()
    sha256 = fields.Str()
    uploaded_by_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


def _target_unit_code(req) -> str | None:
    return req.target_unit.code if req.target_unit is not None else None


def _can_decide(req) -> bool:
    return req.status == ApprovalStatus.PENDING and can_decide_approval(current_user, req)


class ApprovalSchema(Schema):
    """A closure or transfer request, waiting for (or decided by) a supervisor of the owning unit."""

    id = fields.Int()
    case_id = fields.Int()
    case_number = fields.Function(lambda req: req.case.number)
    kind = EnumValue(ApprovalKind)
    status = EnumValue(ApprovalStatus)
    requested_by_id = fields.Int()
    closure_reason = EnumValue(ClosureReason, allow_none=True)
    target_unit_code = fields.Function(_target_unit_code, allow_none=True)
    request_note = fields.Str()
    decided_by_id = fields.Int(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision_comment = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    can_decide = fields.Function(_can_decide, metadata={
        "description": "Whether you may decide it: pending, you a supervisor of the owning unit, not the requester"})


class CaseEventSchema(Schema):
    """One line of the case timeline."""

    id = fields.Int()
    occurred_at = fields.DateTime()
    kind = fields.Str(metadata={"description": "opened, updated, status, note, plan_item, assessment, ..."})
    actor_id = fields.Int(allow_none=True)
    actor_name = fields.Function(lambda event: event.actor.full_name if event.actor else None, allow_none=True)
    detail = fields.Dict(allow_none=True)


# Input ----------------------------------------------------------------------------------------

class CaseListArgs(PageArgs):
    status = EnumValue(CaseStatus, load_default=None)
    emergency = fields.Bool(load_default=None)


class CaseCreateSchema(Schema):
    person_id = db_id(required=True, metadata={"description": "A person you may see"})
    source = EnumValue(CaseSource, required=True)
    needs = fields.List(fields.Str(validate=validate.OneOf(list(NEEDS))), load_default=list,
                        validate=validate.Length(max=30))
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


def _distinct_domains(ratings: list) -> None:
    domains = [r["domain"] for r in ratings]
    if len(domains) != len(set(domains)):
        raise ValidationError("Each need domain may be rated once.")


class AssessmentCreateSchema(Schema):
    kind = EnumValue(AssessmentKind, required=True)
    assessed_on = fields.Date(required=True)
    summary = text(10_000, load_default="")
    ratings = fields.List(fields.Nested(RatingSchema), required=True,
                          validate=[validate.Length(max=30), _distinct_domains])


class CaseUpdateSchema(Schema):
    """Fields not sent keep their value."""

    version = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version you read; 409 if someone saved since"})
    summary = text(10_000)
    needs = fields.List(fields.Str(validate=validate.OneOf(list(NEEDS))), validate=validate.Length(max=30))
    risk_level = EnumValue(RiskLevel, allow_none=True)


class PlanItemCreateSchema(Schema):
    goal = text(300, required=True)
    service = fields.String(required=True, validate=validate.OneOf(list(SERVICES)))
    responsible = text(200, load_default="")
    due_on = fields.Date(allow_none=True, load_default=None)


class PlanItemStatusSchema(Schema):
    status = EnumValue(PlanItemStatus, required=True)


class EmergencyActionSchema(Schema):
    note = text(5000, required=True, metadata={"description": "What was done"})


def _file_part(value) -> None:
    if not isinstance(value, FileStorage):
        raise ValidationError("Send a file part (with a filename), not a text field.")


class AttachmentUploadSchema(Schema):
    """multipart/form-data: the kind of file and the file (PDF, JPEG, PNG or WebP, at most 10 MiB)."""

    kind = EnumValue(AttachmentKind, required=True)
    file = Upload(required=True, validate=_file_part)


class ClosureRequestSchema(Schema):
    reason = EnumValue(ClosureReason, required=True)
    note = text(2000, load_default="", metadata={"description": "For the supervisor"})


class TransferRequestSchema(Schema):
    target_unit_code = text(32, min_length=1, required=True, metadata={"description": "The unit taking over"})
    note = text(2000, load_default="")


class DecisionSchema(Schema):
    approve = fields.Bool(required=True, metadata={"description": "true approves, false refuses"})
    comment = text(2000, load_default="", metadata={"description": "Required to refuse"})


class ReopenSchema(Schema):
    reason = text(500, required=True)


class AssignmentSchema(Schema):
    user_id = db_id(required=True, metadata={
        "description": "An active worker of your area who may hold cases of the case's unit"})
