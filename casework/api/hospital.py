"""/api/v1/hospital: admissions, supports, appeals with donations and hand-overs, discharge, team activities.

The same services and permission checks as casework.hospital.views: a role without the permission gets 403,
a record outside the caller's scope 404. Records are kept by the hospital that made them, so the team still
reaches them after the discharge hand-off has moved the case to the home commune. A step the service refuses
is a 422 with its code (errors.<field> or errors._schema).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint, abort

from casework.api import require_api_user
from casework.api.common import access, actor, permission, register_refusals, run_access_check
from casework.auth.models import User
from casework.auth.permissions import Perm, can_admit, can_work_hospital_record
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.extensions import db
from casework.hospital import queries, service
from casework.hospital.models import Admission, Appeal
from casework.hospital.schemas import (
    ActivityCreateSchema,
    ActivityListArgs,
    ActivityPageSchema,
    ActivitySchema,
    AdmissionCreateSchema,
    AdmissionDetailSchema,
    AdmissionListArgs,
    AdmissionPageSchema,
    AppealCreateSchema,
    AppealListArgs,
    AppealPageSchema,
    AppealSchema,
    DischargeResultSchema,
    DischargeSchema,
    DonationCreateSchema,
    DonationSchema,
    HandoverCreateSchema,
    HandoverSchema,
    SupportCreateSchema,
    SupportSchema,
    appeal_out,
)
from casework.people.schemas import ServiceErrorSchema
from casework.referrals.models import Partner
from casework.referrals.queries import visible_partners

blp = Blueprint("api_hospital", __name__, url_prefix="/api/v1/hospital",
                description="Hospital social work: admissions with the hardship assessment, supports, appeals to "
                            "benefactors, discharge hand-off to the home commune, team activities")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


def admission_in_scope(perm: Perm) -> Callable[..., None]:
    """403 without perm, 404 outside the caller's scope; the admission goes to g.admission."""

    def check(admission_id: int, **_url_args) -> None:
        permission(perm)()
        found = queries.get_admission(current_user, admission_id)
        if found is None:
            abort(404)
        if perm == Perm.HOSPITAL_WORK and not can_work_hospital_record(current_user, found.org_unit):
            abort(403)
        g.admission = found

    return check


def appeal_in_scope(perm: Perm) -> Callable[..., None]:
    def check(appeal_id: int, **_url_args) -> None:
        permission(perm)()
        found = queries.get_appeal(current_user, appeal_id)
        if found is None:
            abort(404)
        if perm == Perm.HOSPITAL_WORK and not can_work_hospital_record(current_user, found.admission.org_unit):
            abort(403)
        g.appeal = found

    return check


def _partner(partner_id: int | None) -> Partner | None:
    if partner_id is None:
        return None
    partner = db.session.scalar(visible_partners(current_user).where(Partner.id == partner_id,
                                                                     Partner.active.is_(True)))
    if partner is None:
        raise CaseError("not_found", "partner_id")
    return partner


def _page(stmt, args: dict) -> dict:
    pagination = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
    return {"items": pagination.items, "page": args["page"], "per_page": args["per_page"],
            "total": pagination.total}


# Admissions -----------------------------------------------------------------------------------

@blp.route("/admissions", methods=["GET"])
@access(permission(Perm.VIEW_HOSPITAL))
@blp.arguments(AdmissionListArgs, location="query")
@blp.response(200, AdmissionPageSchema)
def list_admissions(args):
    """Stays recorded by the hospitals in your scope, newest first."""
    stmt = queries.visible_admissions(current_user)
    if args["in_hospital"] is not None:
        stmt = stmt.where(Admission.discharged_on.is_(None) if args["in_hospital"]
                          else Admission.discharged_on.is_not(None))
    return _page(stmt.order_by(Admission.admitted_on.desc(), Admission.id.desc()), args)


@blp.route("/admissions", methods=["POST"])
@access(permission(Perm.HOSPITAL_WORK))
@blp.arguments(AdmissionCreateSchema)
@blp.response(201, AdmissionDetailSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.case_id = not_found; errors._schema = "
                  "already_admitted, case_closed; errors.admitted_on = bad_date")
def create_admission(args):
    """Record a stay on an open case of your hospital, with the hardship assessment."""
    case = get_visible_case(current_user, args.pop("case_id"))
    if case is None:
        raise CaseError("not_found", "case_id")
    if not can_admit(current_user, case):
        abort(403)
    hardship = service.Hardship(poverty=args.pop("poverty"), note=args.pop("assessment_note"),
                                **{k: args.pop(k) for k in ("no_bhyt", "no_relatives", "unidentified",
                                                            "violence_victim", "accident_victim")})
    admission = service.record_admission(case, actor=actor(), hardship=hardship, **args)
    db.session.commit()
    return admission


@blp.route("/admissions/<id:admission_id>", methods=["GET"])
@access(admission_in_scope(Perm.VIEW_HOSPITAL))
@blp.response(200, AdmissionDetailSchema)
def get_admission(admission_id: int):
    """One stay with its supports and appeals (and their balances)."""
    service.record_view(g.admission, actor=actor())
    db.session.commit()
    return g.admission


@blp.route("/admissions/<id:admission_id>/supports", methods=["POST"])
@access(admission_in_scope(Perm.HOSPITAL_WORK))
@blp.arguments(SupportCreateSchema)
@blp.response(201, SupportSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.amount = bad_amount (cash needs one); "
                  "errors.sponsor_name = sponsor_required (socialised source); errors.partner_id = not_found")
def add_support(args, admission_id: int):
    """Record a support given to the patient, with its source."""
    data = service.SupportData(partner=_partner(args.pop("partner_id")), **args)
    support = service.record_support(g.admission, data, actor=actor())
    db.session.commit()
    return support


@blp.route("/admissions/<id:admission_id>/discharge", methods=["POST"])
@access(admission_in_scope(Perm.HOSPITAL_WORK))
@blp.arguments(DischargeSchema)
@blp.response(200, DischargeResultSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema = already_discharged; errors.hand_off"
                  " = no_home_commune; errors.assignee_id = bad_assignee; errors.discharged_on = before_admission")
def discharge(args, admission_id: int):
    """Record the discharge; with hand_off the case moves to the patient's home commune at once (no approval:
    the destination is the patient's address, not a choice) and the commune's collaborators are notified."""
    assignee = None
    if args["assignee_id"] is not None:
        assignee = db.session.get(User, args["assignee_id"])
        if assignee is None:
            raise CaseError("bad_assignee", "assignee_id")
    try:
        notes = service.discharge(g.admission, actor=actor(), discharged_on=args["discharged_on"],
                                  hand_off=args["hand_off"], assignee=assignee, note=args["note"])
    except CaseError as exc:
        if exc.field == "assignee":
            exc.field = "assignee_id"
        raise
    db.session.commit()
    return {"admission": g.admission, "notified": len(notes)}


@blp.route("/admissions/<id:admission_id>/appeals", methods=["POST"])
@access(admission_in_scope(Perm.HOSPITAL_WORK))
@blp.arguments(AppealCreateSchema)
@blp.response(201, AppealSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.title = title_required; errors.opened_on = "
                  "bad_date, before_admission")
def open_appeal(args, admission_id: int):
    """Launch an appeal to benefactors for the patient."""
    appeal = service.open_appeal(g.admission, actor=actor(), **args)
    db.session.commit()
    return {**appeal_out(appeal, service.money_of(appeal)), "donations": [], "handovers": []}


# Appeals --------------------------------------------------------------------------------------

def _appeal_detail(appeal: Appeal) -> dict:
    return {**appeal_out(appeal, service.money_of(appeal)), **queries.appeal_page_data(appeal)}


@blp.route("/appeals", methods=["GET"])
@access(permission(Perm.VIEW_HOSPITAL))
@blp.arguments(AppealListArgs, location="query")
@blp.response(200, AppealPageSchema)
def list_appeals(args):
    """Appeals of the hospitals in your scope, with their balances, newest first."""
    stmt = queries.visible_appeals(current_user)
    if args["status"] is not None:
        stmt = stmt.where(Appeal.status == args["status"])
    page = _page(stmt.order_by(Appeal.opened_on.desc(), Appeal.id.desc()), args)
    money = service.appeal_money([a.id for a in page["items"]])
    page["items"] = [appeal_out(a, money[a.id]) for a in page["items"]]
    return page


@blp.route("/appeals/<id:appeal_id>", methods=["GET"])
@access(appeal_in_scope(Perm.VIEW_HOSPITAL))
@blp.response(200, AppealSchema)
def get_appeal(appeal_id: int):
    """One appeal with its donations, hand-overs and balance."""
    service.record_view(g.appeal.admission, actor=actor())
    db.session.commit()
    return _appeal_detail(g.appeal)


@blp.route("/appeals/<id:appeal_id>/donations", methods=["POST"])
@access(appeal_in_scope(Perm.HOSPITAL_WORK))
@blp.arguments(DonationCreateSchema)
@blp.response(201, DonationSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema = appeal_closed; errors.donor_name = "
                  "donor_required; errors.description = description_required (in kind); errors.partner_id = "
                  "not_found")
def add_donation(args, appeal_id: int):
    """Record a donation as it comes in (socialised resources)."""
    donation = service.record_donation(g.appeal, actor=actor(), partner=_partner(args.pop("partner_id")), **args)
    db.session.commit()
    return donation


@blp.route("/appeals/<id:appeal_id>/handovers", methods=["POST"])
@access(appeal_in_scope(Perm.HOSPITAL_WORK))
@blp.arguments(HandoverCreateSchema)
@blp.response(201, HandoverSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.amount = over_balance")
def add_handover(args, appeal_id: int):
    """Record cash handed to the patient against a receipt; never more than the balance."""
    handover = service.record_handover(g.appeal, actor=actor(), **args)
    db.session.commit()
    return handover


@blp.route("/appeals/<id:appeal_id>/close", methods=["POST"])
@access(appeal_in_scope(Perm.HOSPITAL_WORK))
@blp.response(200, AppealSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema = balance_left, appeal_closed")
def close_appeal(appeal_id: int):
    """Close the appeal once the whole balance is handed over."""
    service.close_appeal(g.appeal, actor=actor())
    db.session.commit()
    return _appeal_detail(g.appeal)


# Team activities ------------------------------------------------------------------------------

@blp.route("/activities", methods=["GET"])
@access(permission(Perm.VIEW_HOSPITAL))
@blp.arguments(ActivityListArgs, location="query")
@blp.response(200, ActivityPageSchema)
def list_activities(args):
    """Team activities of the units in your scope, newest first; filter by kind and dates."""
    filters = queries.ActivityFilters(kind=args["kind"].value if args["kind"] else "", date_from=args["date_from"],
                                      date_to=args["date_to"])
    return _page(queries.activity_list(current_user, filters), args)


@blp.route("/activities", methods=["POST"])
@access(permission(Perm.HOSPITAL_WORK))
@blp.arguments(ActivityCreateSchema)
@blp.response(201, ActivitySchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.held_on = bad_date")
def create_activity(args):
    """Record a communication session, training or charity event of your team."""
    activity = service.record_activity(actor=actor(), unit=current_user.home_unit, **args)
    db.session.commit()
    return activity

