"""/api/v1/cases, /attachments, /approvals: list, open, read and work cases in the caller's scope.

Every step goes through casework.cases.service, exactly as the pages do; a refused step is a 422
with the service's code, a stale version a 409.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, send_file
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from casework.api import require_api_user
from casework.api.common import (
    MultipartParser,
    access,
    actor,
    apply_body_limit,
    body_limit,
    case_in_scope,
    permission,
    register_refusals,
    run_access_check,
)
from casework.auth.models import User
from casework.auth.permissions import Perm, can_hold_case, can_view_case, can_work_case
from casework.cases import attachments, queries, service
from casework.cases.models import ApprovalRequest, Attachment, Case, CaseEvent, PlanItem
from casework.cases.schemas import (
    ApprovalSchema,
    AssessmentCreateSchema,
    AssessmentSchema,
    AssignmentSchema,
    AttachmentSchema,
    AttachmentUploadSchema,
    CaseCreateSchema,
    CaseEventSchema,
    CaseListArgs,
    CasePageSchema,
    CaseSchema,
    CaseUpdateSchema,
    ClosureRequestSchema,
    DecisionSchema,
    EmergencyActionSchema,
    NoteCreateSchema,
    NoteSchema,
    PlanItemCreateSchema,
    PlanItemSchema,
    PlanItemStatusSchema,
    ReopenSchema,
    StatusChangeSchema,
    TransferRequestSchema,
)
from casework.cases.service import CaseError, CriterionRating
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.orgunits.queries import unit_by_code
from casework.people.queries import get_visible_person
from casework.people.schemas import ServiceErrorSchema

# An upload may be a little larger than the file it carries (multipart headers, the kind field);
# a body past this is refused with 413 before it is read. The file's own limit is the service's.
MAX_UPLOAD_BODY = attachments.MAX_ATTACHMENT_BYTES + 64 * 1024
DOWNLOAD_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")  # what save_attachment keeps

blp = Blueprint("api_cases", __name__, url_prefix="/api/v1",
                description="Cases in your scope and everything recorded on them; approvals")
blp.ARGUMENTS_PARSER = MultipartParser()  # "files" = the whole multipart body (file and text parts)
blp.url_value_preprocessor(apply_body_limit)
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


@blp.route("/cases", methods=["GET"])
@access(permission(Perm.VIEW_CASES))
@blp.arguments(CaseListArgs, location="query")
@blp.response(200, CasePageSchema)
def list_cases(args):
    """Cases owned in the caller's subtree, closed ones included, in the order of the caseload page.

    Pending emergencies come first, then the most recently active cases.
    """
    status = args["status"].value if args["status"] is not None else ""
    stmt = queries.case_list(current_user, queries.CaseFilters(mine_only=False, status=status, include_closed=True))
    if args["emergency"] is not None:
        stmt = stmt.where(Case.emergency.is_(args["emergency"]))
    pagination = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
    return {"items": pagination.items, "page": args["page"], "per_page": args["per_page"],
            "total": pagination.total}


@blp.route("/cases", methods=["POST"])
@access(permission(Perm.EDIT_CASES))
@blp.arguments(CaseCreateSchema)
@blp.response(201, CaseSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="Invalid data or a person you may not see")
def open_case(args):
    """Open a case (intake) for a person in the caller's scope, owned by the caller's home unit.

    An emergency gets a 12-hour deadline; a child's case a support-plan due date (5 working days).
    """
    person = get_visible_person(current_user, args.pop("person_id"))
    if person is None:
        raise CaseError("not_found", "person_id")
    opened = service.open_case(person, actor=actor(), unit=current_user.home_unit, **args)
    db.session.commit()
    return opened


@blp.route("/cases/<id:case_id>", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, CaseSchema)
def get_case(case_id: int):
    """One case file with its number, status, deadlines and version; 404 outside scope. The read is audited."""
    found = g.case
    service.record_view(found, actor=actor())
    db.session.commit()
    return found


@blp.route("/cases/<id:case_id>/status", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(StatusChangeSchema)
@blp.response(200, CaseSchema)
@blp.alt_response(409, schema=ServiceErrorSchema, description="Someone saved the case since `version`")
def change_status(args, case_id: int):
    """Move the case one step (see next_statuses); a step the process forbids is a 422 with its code.

    Codes: illegal_step, needs_assessment, needs_plan, case_closed. Closing goes through approval.
    """
    found = g.case
    service.change_status(found, args["to"], actor=actor(), expected_version=args["version"])
    db.session.commit()
    return found


@blp.route("/cases/<id:case_id>/notes", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(NoteCreateSchema)
@blp.response(201, NoteSchema)
def add_note(args, case_id: int):
    """Record a contact (home visit, phone call, ...) on an open case."""
    note = service.add_note(g.case, actor=actor(), **args)
    db.session.commit()
    return note


@blp.route("/cases/<id:case_id>/assessments", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(AssessmentCreateSchema)
@blp.response(201, AssessmentSchema)
def record_assessment(args, case_id: int):
    """Rate need domains high / medium / low; the highest rating becomes the case's risk level.

    An assessment moves a case at intake to assessment.
    """
    ratings = [CriterionRating(**rating) for rating in args.pop("ratings")]
    assessment = service.record_assessment(g.case, actor=actor(), ratings=ratings, **args)
    db.session.commit()
    return assessment


@blp.route("/cases/<id:case_id>", methods=["PATCH"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(CaseUpdateSchema)
@blp.response(200, CaseSchema)
@blp.alt_response(409, schema=ServiceErrorSchema, description="Someone saved the case since `version`")
def update_case(args, case_id: int):
    """Change the summary, needs or risk level of an open case; send the `version` you read.

    Fields not sent keep their value. A closed case is refused (case_closed).
    """
    found = g.case
    service.update_case(found, actor=actor(), expected_version=args["version"],
                        summary=args.get("summary", found.summary),
                        needs=args.get("needs", list(found.needs or [])),
                        risk_level=args.get("risk_level", found.risk_level))
    db.session.commit()
    return found


# Plan -------------------------------------------------------------------------------------------

def plan_item_in_scope(perm: Perm, may: Callable) -> Callable[..., None]:
    """case_in_scope, then 404 unless the item belongs to that case; the item goes to g.item."""

    def check(case_id: int, item_id: int, **_url_args) -> None:
        case_in_scope(perm, may)(case_id)
        item = db.session.get(PlanItem, item_id)
        if item is None or item.case_id != g.case.id:
            abort(404)
        g.item = item

    return check


@blp.route("/cases/<id:case_id>/plan", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, PlanItemSchema(many=True))
def list_plan(case_id: int):
    """The support plan, by due date (undated items last). The read is audited."""
    items = db.session.scalars(select(PlanItem).where(PlanItem.case_id == g.case.id)
                               .order_by(PlanItem.due_on.is_(None), PlanItem.due_on, PlanItem.id)).all()
    service.record_view(g.case, actor=actor())
    db.session.commit()
    return items


@blp.route("/cases/<id:case_id>/plan", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(PlanItemCreateSchema)
@blp.response(201, PlanItemSchema)
def add_plan_item(args, case_id: int):
    """Add a goal and the service that meets it to the plan; a case in assessment moves to planning."""
    item = service.add_plan_item(g.case, actor=actor(), **args)
    db.session.commit()
    return item


@blp.route("/cases/<id:case_id>/plan/<id:item_id>", methods=["PATCH"])
@access(plan_item_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(PlanItemStatusSchema)
@blp.response(200, PlanItemSchema)
def set_plan_item_status(args, case_id: int, item_id: int):
    """Mark a plan item planned, in progress, done or cancelled (open cases only)."""
    service.set_plan_item_status(g.item, g.case, args["status"], actor=actor())
    db.session.commit()
    return g.item


# Emergency --------------------------------------------------------------------------------------

@blp.route("/cases/<id:case_id>/emergency-action", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(EmergencyActionSchema)
@blp.response(200, CaseSchema)
@blp.alt_response(422, schema=ServiceErrorSchema,
                  description="No emergency waiting (errors._schema = not_pending_emergency), or no note")
def record_emergency_action(args, case_id: int):
    """Record what was done for an emergency: it stops being flagged, and the note joins the case notes."""
    found = g.case
    service.record_emergency_action(found, actor=actor(), note=args["note"])
    db.session.commit()
    return found


# Attachments ------------------------------------------------------------------------------------

def attachment_in_scope(perm: Perm) -> Callable[..., None]:
    """403 without perm, 404 unless the file's case is visible; the attachment goes to g.attachment."""

    def check(attachment_id: int, **_url_args) -> None:
        permission(perm)()
        attachment = db.session.get(Attachment, attachment_id)
        found = queries.get_visible_case(current_user, attachment.case_id) if attachment is not None else None
        if found is None or not can_view_case(current_user, found):
            abort(404)
        g.attachment = attachment

    return check


@blp.route("/cases/<id:case_id>/attachments", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, AttachmentSchema(many=True))
def list_attachments(case_id: int):
    """The case's files, described (name, type, size, SHA-256); the list is audited, not the files read."""
    found = g.case
    files = db.session.scalars(select(Attachment).where(Attachment.case_id == found.id)
                               .order_by(Attachment.id)).all()
    service.record_view(found, actor=actor())
    db.session.commit()
    return files


@blp.route("/cases/<id:case_id>/attachments", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@body_limit(MAX_UPLOAD_BODY)
@blp.arguments(AttachmentUploadSchema, location="files")
@blp.response(201, AttachmentSchema)
@blp.alt_response(413, description="The body is much larger than 10 MiB")
@blp.alt_response(422, schema=ServiceErrorSchema,
                  description="errors.file: too_large (over 10 MiB), empty, bad_type (not PDF, JPEG, PNG or WebP)")
def upload_attachment(args, case_id: int):
    """Attach a consent scan, photo or document to an open case (multipart/form-data: kind, file).

    The type is judged from the file's bytes, never from its name or declared type.
    """
    attachment = attachments.save_attachment(g.case, args["file"], actor=actor(), kind=args["kind"])
    db.session.commit()
    return attachment


@blp.route("/attachments/<id:attachment_id>", methods=["GET"])
@access(attachment_in_scope(Perm.VIEW_CASES))
@blp.doc(responses={"200": {"description": "The file, as a download (Content-Disposition: attachment)",
                            "content": {mimetype: {"schema": {"type": "string", "format": "binary"}}
                                        for mimetype in DOWNLOAD_TYPES}}})
def download_attachment(attachment_id: int):
    """Download a file of a case in your scope. Every download is audited."""
    attachment = g.attachment
    try:
        path, name, mimetype = attachments.open_attachment(attachment, actor=actor())
    except FileNotFoundError:
        current_app.logger.error("attachment %s missing from storage", attachment.id)
        abort(404)
    db.session.commit()
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)


# Closure, transfer and their approval -----------------------------------------------------------

def approval_in_scope(perm: Perm) -> Callable[..., None]:
    """403 without perm, 404 unless the request's case is in scope; the request goes to g.approval."""

    def check(request_id: int, **_url_args) -> None:
        permission(perm)()
        req = db.session.get(ApprovalRequest, request_id)
        if req is None or queries.get_visible_case(current_user, req.case_id) is None:
            abort(404)
        g.approval = req

    return check


@blp.route("/cases/<id:case_id>/closure-request", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(ClosureRequestSchema)
@blp.response(201, ApprovalSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="A closure is already waiting "
                  "(errors._schema = already_requested), or the case is closed")
def request_closure(args, case_id: int):
    """Ask to close the case; a supervisor of the owning unit (not you) approves or refuses."""
    req = service.request_closure(g.case, actor=actor(), reason=args["reason"], note=args["note"])
    db.session.commit()
    return req


@blp.route("/cases/<id:case_id>/transfer-request", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(TransferRequestSchema)
@blp.response(201, ApprovalSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.target_unit_code: unknown_code or "
                  "same_unit; errors._schema: already_requested")
def request_transfer(args, case_id: int):
    """Ask to hand the case over to another unit; a supervisor of the owning unit approves or refuses."""
    target = unit_by_code(args["target_unit_code"])
    if target is None:
        raise CaseError("unknown_code", "target_unit_code")
    req = service.request_transfer(g.case, actor=actor(), target=target, note=args["note"])
    db.session.commit()
    return req


@blp.route("/approvals", methods=["GET"])
@access(permission(Perm.APPROVE_CASES))
@blp.response(200, ApprovalSchema(many=True))
def list_approvals():
    """Closures and transfers waiting for a decision, for cases in your scope, oldest first.

    can_decide is false for your own requests: another supervisor must decide them.
    """
    return queries.approval_queue(current_user)


@blp.route("/approvals/<id:request_id>/decision", methods=["POST"])
@access(approval_in_scope(Perm.APPROVE_CASES))
@blp.arguments(DecisionSchema)
@blp.response(200, ApprovalSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema: self_approval, not_allowed, "
                  "already_decided; errors.comment: comment_required (a refusal needs a comment)")
def decide_approval(args, request_id: int):
    """Approve or refuse a request: approving a closure closes the case, a transfer moves it."""
    req = g.approval
    service.decide(req, actor=actor(), approve=args["approve"], comment=args["comment"])
    db.session.commit()
    return req


@blp.route("/cases/<id:case_id>/reopen", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(ReopenSchema)
@blp.response(200, CaseSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema = not_closed, or "
                  "errors.reason = reason_required")
def reopen_case(args, case_id: int):
    """Reopen a closed case; it goes back to review."""
    found = g.case
    service.reopen_case(found, actor=actor(), reason=args["reason"])
    db.session.commit()
    return found


@blp.route("/cases/<id:case_id>/assignment", methods=["POST"])
@access(case_in_scope(Perm.APPROVE_CASES, can_view_case))
@blp.arguments(AssignmentSchema)
@blp.response(200, CaseSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.user_id = bad_assignee: not an active "
                  "worker of your area who may hold this case")
def assign_case(args, case_id: int):
    """Give the case to a worker: an active user of your area whose role and unit let them hold it."""
    found = g.case
    worker = db.session.scalar(
        select(User).join(User.home_unit)
        .where(User.id == args["user_id"], User.active.is_(True),
               OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True)))
    if worker is None or not can_hold_case(worker, found.org_unit):
        raise CaseError("bad_assignee", "user_id")
    service.assign_case(found, worker, actor=actor())
    db.session.commit()
    return found


# Timeline ---------------------------------------------------------------------------------------

@blp.route("/cases/<id:case_id>/timeline", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, CaseEventSchema(many=True))
def timeline(case_id: int):
    """Everything that happened to the case, oldest first. The read is audited."""
    found = g.case
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == found.id)
                                .order_by(CaseEvent.occurred_at, CaseEvent.id)).all()
    service.record_view(found, actor=actor())
    db.session.commit()
    return events
