"""/api/v1/cases: list, open, read and work cases in the caller's scope.

Every step goes through casework.cases.service, exactly as the pages do; a refused step is a 422
with the service's code, a stale version a 409.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint, abort

from casework.api import require_api_user
from casework.api.people import access, actor, permission, register_refusals, run_access_check
from casework.auth.permissions import Perm, can_view_case, can_work_case
from casework.cases import queries, service
from casework.cases.models import Case
from casework.cases.schemas import (
    AssessmentCreateSchema,
    AssessmentSchema,
    CaseCreateSchema,
    CaseListArgs,
    CasePageSchema,
    CaseSchema,
    NoteCreateSchema,
    NoteSchema,
    StatusChangeSchema,
)
from casework.cases.service import CaseError, CriterionRating
from casework.extensions import db
from casework.people.queries import get_visible_person
from casework.people.schemas import ServiceErrorSchema

blp = Blueprint("api_cases", __name__, url_prefix="/api/v1/cases", description="Cases in your scope")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


def case_in_scope(perm: Perm, may: Callable) -> Callable[..., None]:
    """403 without perm, 404 outside the caller's scope, 403 unless may(user, case); the case goes to g.case."""

    def check(case_id: int, **_url_args) -> None:
        permission(perm)()
        found = queries.get_visible_case(current_user, case_id)
        if found is None:
            abort(404)
        if not may(current_user, found):
            abort(403)
        g.case = found

    return check


@blp.route("", methods=["GET"])
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


@blp.route("", methods=["POST"])
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


@blp.route("/<id:case_id>", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, CaseSchema)
def get_case(case_id: int):
    """One case file with its number, status, deadlines and version; 404 outside scope. The read is audited."""
    found = g.case
    service.record_view(found, actor=actor())
    db.session.commit()
    return found


@blp.route("/<id:case_id>/status", methods=["POST"])
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


@blp.route("/<id:case_id>/notes", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(NoteCreateSchema)
@blp.response(201, NoteSchema)
def add_note(args, case_id: int):
    """Record a contact (home visit, phone call, ...) on an open case."""
    note = service.add_note(g.case, actor=actor(), **args)
    db.session.commit()
    return note


@blp.route("/<id:case_id>/assessments", methods=["POST"])
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
