"""/api/v1: bulk reassignment, the caseload per worker, supervision notes and six-monthly reviews.

The same services and permission checks as the supervisor's pages.
"""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from casework.api import require_api_user
from casework.api.common import (
    access,
    actor,
    case_in_scope,
    permission,
    refusal,
    register_refusals,
    run_access_check,
)
from casework.auth.models import User
from casework.auth.permissions import Perm, can_review, can_write_supervision_note
from casework.cases import queries as case_queries
from casework.cases.models import Case
from casework.cases.schemas import NoteSchema
from casework.cases.service import CaseError
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.schemas import ServiceErrorSchema
from casework.supervision import queries, service
from casework.supervision.models import CollaboratorReview
from casework.supervision.schemas import (
    ReassignmentResultSchema,
    ReassignmentSchema,
    ReviewCreateSchema,
    ReviewSchema,
    SupervisionNoteCreateSchema,
    WorkerLoadSchema,
)

blp = Blueprint("api_supervision", __name__, url_prefix="/api/v1",
                description="Supervision: caseload, bulk reassignment, supervision notes, six-monthly reviews")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


def _batch_refused(exc: service.BatchRefused):
    return refusal(422, "Nothing was reassigned: some cases may not go to this worker.",
                   {"case_ids": [exc.reason]}, refused=exc.refused)


blp.register_error_handler(service.BatchRefused, _batch_refused)


@blp.route("/cases/reassignment", methods=["POST"])
@access(permission(Perm.APPROVE_CASES))
@blp.arguments(ReassignmentSchema)
@blp.response(200, ReassignmentResultSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.case_ids: not_found (a case you may not "
                  "see), closed, out_of_scope, cannot_hold (with `refused`: their numbers); errors.user_id: "
                  "bad_assignee. Nothing moves when any case is refused.")
def reassign_cases(args):
    """Give every listed case to one worker, in one transaction: all of them move, or none does."""
    ids = set(args["case_ids"])
    selected = list(db.session.scalars(case_queries.visible_cases(current_user).where(Case.id.in_(ids))))
    if len(selected) != len(ids):
        raise CaseError("not_found", "case_ids")
    worker = db.session.scalar(
        select(User).join(User.home_unit)
        .where(User.id == args["user_id"], User.active.is_(True),
               OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True)))
    if worker is None:
        raise CaseError("bad_assignee", "user_id")
    moved = service.reassign_cases(selected, worker, actor=actor())
    db.session.commit()
    return {"selected": len(selected), "moved": moved, "assigned_to": worker.id}


@blp.route("/supervision/caseload", methods=["GET"])
@access(permission(Perm.SUPERVISE))
@blp.response(200, WorkerLoadSchema(many=True))
def caseload():
    """Open cases of your area per worker, by step and by risk, with pending emergencies."""
    return queries.caseload(current_user)


@blp.route("/cases/<id:case_id>/supervision-notes", methods=["POST"])
@access(case_in_scope(Perm.SUPERVISE, can_write_supervision_note))
@blp.arguments(SupervisionNoteCreateSchema)
@blp.response(201, NoteSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.body: note_required; errors.occurred_on: "
                  "bad_date")
def add_supervision_note(args, case_id: int):
    """A supervision note: read by supervisors of the area and the worker holding the case."""
    note = service.add_supervision_note(g.case, actor=actor(), occurred_on=args["occurred_on"], body=args["body"])
    db.session.commit()
    return note


def reviewee_in_scope(perm: Perm):
    """403 without perm, 404 unless the user is in the caller's area, 403 unless they are reviewed."""

    def check(user_id: int, **_url_args) -> None:
        permission(perm)()
        worker = db.session.scalar(select(User).join(User.home_unit).where(
            User.id == user_id, OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True)))
        if worker is None:
            abort(404)
        if not can_review(current_user, worker):
            abort(403)
        g.reviewee = worker

    return check


@blp.route("/users/<id:user_id>/reviews", methods=["GET"])
@access(reviewee_in_scope(Perm.SUPERVISE))
@blp.response(200, ReviewSchema(many=True))
def list_reviews(user_id: int):
    """The person's six-monthly reviews, newest first. The read is audited."""
    rows = db.session.scalars(select(CollaboratorReview).where(CollaboratorReview.reviewee_id == g.reviewee.id)
                              .order_by(CollaboratorReview.year.desc(), CollaboratorReview.half.desc())).all()
    service.record_reviews_view(g.reviewee, actor=actor())
    db.session.commit()
    return rows


@blp.route("/users/<id:user_id>/reviews", methods=["POST"])
@access(reviewee_in_scope(Perm.SUPERVISE))
@blp.arguments(ReviewCreateSchema)
@blp.response(201, ReviewSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.half: review_exists (one per half-year) "
                  "or bad_period; errors.year: bad_period; errors.reviewed_on: bad_date")
def record_review(args, user_id: int):
    """Record the six-monthly review of a collaborator (Circular 07/2013)."""
    review = service.record_review(g.reviewee, actor=actor(), year=args["year"], half=args["half"],
                                   reviewed_on=args["reviewed_on"], rating=args["rating"], notes=args["notes"],
                                   actions=args["actions"])
    db.session.commit()
    return review
