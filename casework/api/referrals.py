"""/api/v1/partners, referrals, commitments, disbursements, totals; follow-ups and notifications.

The same services and permission checks as casework.referrals.views and casework.followups.views:
a role without the permission gets 403, an object outside the caller's scope 404, one in scope the
caller may not work 403. The services never commit; each endpoint commits. A step a service
refuses is a 422 with its code (errors.<field> or errors._schema).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select

from casework.api import require_api_user
from casework.api.common import access, actor, case_in_scope, permission, register_refusals, run_access_check
from casework.auth.permissions import Perm, can_view_case, can_work_case, has_permission, in_scope
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.core.formatting import local_today
from casework.extensions import db
from casework.followups import service as followups
from casework.followups.models import FollowUp
from casework.orgunits.queries import unit_by_code
from casework.people.schemas import ServiceErrorSchema
from casework.referrals import queries, service
from casework.referrals.models import (
    Commitment,
    Disbursement,
    DisbursementStatus,
    Frequency,
    Notification,
    Partner,
    Referral,
)
from casework.referrals.schemas import (
    AgendaSchema,
    CommitmentChangeResultSchema,
    CommitmentChangeSchema,
    CommitmentCreateSchema,
    CommitmentDetailSchema,
    DisbursementSchema,
    FollowUpCreateSchema,
    FollowUpDoneResultSchema,
    FollowUpDoneSchema,
    FollowUpSchema,
    NotificationListArgs,
    NotificationPageSchema,
    PartnerCreateSchema,
    PartnerListArgs,
    PartnerPageSchema,
    PartnerReportSchema,
    PartnerSchema,
    PartnerUpdateSchema,
    PaymentSchema,
    ReferralActionSchema,
    ReferralCreateSchema,
    ReferralSchema,
    TotalsArgs,
    UnitTotalsSchema,
)

blp = Blueprint("api_referrals", __name__, url_prefix="/api/v1",
                description="Partners, referrals (with the consent rule), commitments, disbursements and totals")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)

followups_blp = Blueprint("api_followups", __name__, url_prefix="/api/v1",
                          description="Your follow-ups (visits and calls due) and your notifications")
followups_blp.before_request(run_access_check)
followups_blp.before_request(require_api_user)
register_refusals(followups_blp)


# Access checks (those of the pages) -----------------------------------------------------------

def partner_in_scope(perm: Perm) -> Callable[..., None]:
    """403 without perm, 404 unless the partner is visible to the caller; it goes to g.partner."""

    def check(partner_id: int, **_url_args) -> None:
        permission(perm)()
        partner = queries.get_visible_partner(current_user, partner_id)
        if partner is None:
            abort(404)
        g.partner = partner

    return check


def _referral(referral_id: int, *, work: bool) -> Referral:
    """The pages' _referral_or_404: 404 unless the referral's case is visible, 403 unless the caller may see
    (and, to work it, work) the case."""
    referral = db.session.get(Referral, referral_id)
    if referral is None or get_visible_case(current_user, referral.case_id) is None:
        abort(404)
    if not can_view_case(current_user, referral.case) or (work and not can_work_case(current_user, referral.case)):
        abort(403)
    return referral


def referral_in_scope(perm: Perm, *, work: bool) -> Callable[..., None]:
    def check(referral_id: int, **_url_args) -> None:
        permission(perm)()
        g.referral = _referral(referral_id, work=work)

    return check


def referral_action_allowed(referral_id: int, **_url_args) -> None:
    """As the page: VIEW_CASES, then the action's own permission (APPROVE_CASES to override, EDIT_CASES for
    the others), then the referral's scope; only overriding does not need to work the case.

    The action is read from the JSON body here, before the body is validated, so that the permission is
    judged first whatever else is sent; an unknown or missing action is judged as a working step.
    """
    permission(Perm.VIEW_CASES)()
    body = request.get_json(silent=True)
    action = body.get("action") if isinstance(body, dict) else None
    if not has_permission(current_user, Perm.APPROVE_CASES if action == "override" else Perm.EDIT_CASES):
        abort(403)
    g.referral = _referral(referral_id, work=action != "override")


def _commitment(commitment_id: int, *, work: bool) -> Commitment:
    """The pages' _commitment_or_404: 404 unless its case is visible, 403 to work it unless the caller may."""
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or get_visible_case(current_user, commitment.case_id) is None:
        abort(404)
    if work and not can_work_case(current_user, commitment.case):
        abort(403)
    return commitment


def commitment_in_scope(perm: Perm, *, work: bool) -> Callable[..., None]:
    def check(commitment_id: int, **_url_args) -> None:
        permission(perm)()
        g.commitment = _commitment(commitment_id, work=work)

    return check


def disbursement_in_scope(perm: Perm) -> Callable[..., None]:
    """403 without perm, then the checks of its commitment (to work it); the instalment goes to g.disbursement."""

    def check(disbursement_id: int, **_url_args) -> None:
        permission(perm)()
        disbursement = db.session.get(Disbursement, disbursement_id)
        if disbursement is None:
            abort(404)
        _commitment(disbursement.commitment_id, work=True)
        g.disbursement = disbursement

    return check


def followup_in_scope(perm: Perm) -> Callable[..., None]:
    def check(followup_id: int, **_url_args) -> None:
        permission(perm)()
        followup = db.session.get(FollowUp, followup_id)
        if followup is None or get_visible_case(current_user, followup.case_id) is None:
            abort(404)
        if not can_work_case(current_user, followup.case):
            abort(403)
        g.followup = followup

    return check


# Partners -------------------------------------------------------------------------------------

@blp.route("/partners", methods=["GET"])
@access(permission(Perm.VIEW_CASES))
@blp.arguments(PartnerListArgs, location="query")
@blp.response(200, PartnerPageSchema)
def list_partners(args):
    """Partners kept by your unit, a unit below it or a unit above it, by name; q filters on the name."""
    stmt = queries.visible_partners(current_user).order_by(func.lower(Partner.name), Partner.id)
    q = args["q"].strip()
    if q:
        stmt = stmt.where(Partner.name.icontains(q, autoescape=True))
    pagination = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
    return {"items": pagination.items, "page": args["page"], "per_page": args["per_page"],
            "total": pagination.total}


@blp.route("/partners", methods=["POST"])
@access(permission(Perm.MANAGE_PARTNERS))
@blp.arguments(PartnerCreateSchema)
@blp.response(201, PartnerSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.name = name_required")
def create_partner(args):
    """Register a donor, benefactor or service provider, kept by your home unit."""
    data = service.PartnerData(**args)
    partner = service.create_partner(data, actor=actor(), unit=current_user.home_unit)
    db.session.commit()
    return partner


@blp.route("/partners/<id:partner_id>", methods=["GET"])
@access(partner_in_scope(Perm.VIEW_CASES))
@blp.response(200, PartnerSchema)
def get_partner(partner_id: int):
    """One partner you may see; 404 otherwise."""
    return g.partner


@blp.route("/partners/<id:partner_id>", methods=["PATCH"])
@access(partner_in_scope(Perm.MANAGE_PARTNERS))
@blp.arguments(PartnerUpdateSchema)
@blp.response(200, PartnerSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.name = name_required")
def update_partner(args, partner_id: int):
    """Change a partner; fields not sent keep their value."""
    found = g.partner
    current = {name: getattr(found, name) for name in (
        "name", "kind", "is_donor", "is_service_provider", "anonymous_to_family", "contact_name", "phone",
        "email", "address", "note")}
    current["funds"] = list(found.funds or [])
    service.update_partner(found, service.PartnerData(**{**current, **args}), actor=actor())
    db.session.commit()
    return found


@blp.route("/partners/<id:partner_id>/report", methods=["GET"])
@access(partner_in_scope(Perm.VIEW_CASES))
@blp.response(200, PartnerReportSchema)
def partner_report(partner_id: int):
    """What the partner funded, case by case: cases outside your scope show no number or id.

    The totals count payments for cases owned in your home unit's subtree.
    """
    found = g.partner
    totals = queries.totals_by_source(partner_id=found.id, unit=current_user.home_unit)
    return {"partner": found, "rows": queries.partner_report(current_user, found), "totals": totals}


# Referrals ------------------------------------------------------------------------------------

@blp.route("/cases/<id:case_id>/referrals", methods=["GET"])
@access(case_in_scope(Perm.VIEW_CASES, can_view_case))
@blp.response(200, ReferralSchema(many=True))
def list_referrals(case_id: int):
    """The case's referrals, newest first."""
    return db.session.scalars(select(Referral).where(Referral.case_id == g.case.id)
                              .order_by(Referral.id.desc())).all()


@blp.route("/cases/<id:case_id>/referrals", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@blp.arguments(ReferralCreateSchema)
@blp.response(201, ReferralSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.partner_id = not_found (not an active "
                  "partner you may see); errors._schema = case_closed")
def create_referral(args, case_id: int):
    """Refer the person to a partner; the referral starts as a draft, sent with the send action."""
    partner = db.session.scalar(queries.visible_partners(current_user).where(
        Partner.id == args.pop("partner_id"), Partner.active.is_(True)))
    if partner is None:
        raise CaseError("not_found", "partner_id")
    referral = service.create_referral(g.case, partner, actor=actor(), **args)
    db.session.commit()
    return referral


@blp.route("/referrals/<id:referral_id>", methods=["GET"])
@access(referral_in_scope(Perm.VIEW_CASES, work=False))
@blp.response(200, ReferralSchema)
def get_referral(referral_id: int):
    """One referral of a case in your scope."""
    return g.referral


@blp.route("/referrals/<id:referral_id>/actions", methods=["POST"])
@access(referral_action_allowed)
@blp.arguments(ReferralActionSchema)
@blp.response(200, ReferralSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema: consent_needed (personal data "
                  "without consent, legal basis or override), referral_not_draft, referral_not_sent, "
                  "referral_not_accepted, referral_not_cancellable, case_closed; errors.outcome = "
                  "outcome_required; errors.reason = reason_required")
def referral_action(args, referral_id: int):
    """Move a referral: send, accept, decline, complete (note = the outcome), cancel, or override the
    consent rule (supervisors; note = the reason, audited)."""
    found, action, note, today = g.referral, args["action"], args["note"], local_today()
    if action == "send":
        service.send_referral(found, actor=actor(), on=today)
    elif action in ("accept", "decline"):
        service.respond_to_referral(found, actor=actor(), accepted=action == "accept", on=today, note=note)
    elif action == "complete":
        service.complete_referral(found, actor=actor(), on=today, outcome=note)
    elif action == "cancel":
        service.cancel_referral(found, actor=actor())
    else:
        service.override_consent(found, actor=actor(), reason=note)
    db.session.commit()
    return found


# Commitments and disbursements ----------------------------------------------------------------

class _CommitmentDetail:
    """A commitment with its instalments and the total paid, for CommitmentDetailSchema."""

    def __init__(self, commitment: Commitment):
        self._commitment = commitment
        self.disbursements = db.session.scalars(
            select(Disbursement).where(Disbursement.commitment_id == commitment.id)
            .order_by(Disbursement.expected_on, Disbursement.id)).all()
        self.paid = sum(row.amount_paid or 0 for row in self.disbursements if row.status == DisbursementStatus.PAID)

    def __getattr__(self, name: str):
        return getattr(self._commitment, name)


def _detail(commitment: Commitment) -> _CommitmentDetail:
    return _CommitmentDetail(commitment)


@blp.route("/referrals/<id:referral_id>/commitments", methods=["POST"])
@access(referral_in_scope(Perm.EDIT_CASES, work=True))
@blp.arguments(CommitmentCreateSchema)
@blp.response(201, CommitmentDetailSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.amount = bad_amount; errors.end_on: "
                  "end_required, end_before_start, too_long; errors._schema: referral_not_accepted, case_closed")
def create_commitment(args, referral_id: int):
    """Record what the partner of an accepted referral promised; its instalments are scheduled at once.

    A monthly commitment pays on day_of_month of the months listed (all months when empty) from start_on
    to end_on; a one-off one pays once, on start_on.
    """
    found = g.referral
    if args["frequency"] != Frequency.MONTHLY:
        args["months"] = []
    commitment = service.create_commitment(found.case, found.partner, service.CommitmentData(**args),
                                           actor=actor(), referral=found)
    db.session.commit()
    return _detail(commitment)


@blp.route("/commitments/<id:commitment_id>", methods=["GET"])
@access(commitment_in_scope(Perm.VIEW_CASES, work=False))
@blp.response(200, CommitmentDetailSchema)
def get_commitment(commitment_id: int):
    """A commitment with its instalments by date, and the total paid."""
    return _detail(g.commitment)


@blp.route("/commitments/<id:commitment_id>/changes", methods=["POST"])
@access(commitment_in_scope(Perm.EDIT_CASES, work=True))
@blp.arguments(CommitmentChangeSchema)
@blp.response(200, CommitmentChangeResultSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.amount = bad_amount; errors._schema: "
                  "not_active (pause), not_paused (resume)")
def change_commitment(args, commitment_id: int):
    """Change the amount of the instalments due from from_date on, pause (cancels them) or resume."""
    found = g.commitment
    if args["action"] == "amount":
        if not args["amount"]:
            raise CaseError("bad_amount", "amount")
        count = service.change_amount(found, args["amount"], actor=actor(), from_date=args["from_date"])
    elif args["action"] == "pause":
        count = service.pause_commitment(found, actor=actor(), from_date=args["from_date"])
    else:
        count = service.resume_commitment(found, actor=actor(), from_date=args["from_date"])
    db.session.commit()
    return {"changed": count, "commitment": _detail(found)}


@blp.route("/disbursements/<id:disbursement_id>/payment", methods=["POST"])
@access(disbursement_in_scope(Perm.EDIT_CASES))
@blp.arguments(PaymentSchema)
@blp.response(200, DisbursementSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="errors.amount = bad_amount; errors.paid_on = "
                  "bad_date (in the future); errors._schema = disbursement_cancelled")
def record_payment(args, disbursement_id: int):
    """Record an instalment handed over (again to correct it). A receipt is uploaded as a case attachment."""
    found = g.disbursement
    service.record_payment(found, actor=actor(), paid_on=args["paid_on"], amount=args["amount"],
                           source=args["source"], note=args["note"])
    db.session.commit()
    return found


@blp.route("/totals", methods=["GET"])
@access(permission(Perm.VIEW_CASES))
@blp.arguments(TotalsArgs, location="query")
@blp.response(200, UnitTotalsSchema)
def totals(args):
    """Money paid by source for the cases owned in a unit's subtree (your home unit by default), between
    start (inclusive) and end (exclusive) payment dates; 404 for a unit outside your scope."""
    unit = current_user.home_unit if args["unit_code"] is None else unit_by_code(args["unit_code"])
    if unit is None or not in_scope(current_user, unit):
        abort(404)
    sums = queries.totals_by_source(unit=unit, start=args["start"], end=args["end"])
    return {"unit_code": unit.code, "start": args["start"], "end": args["end"], "state_budget": sums.state_budget,
            "socialised": sums.socialised, "total": sums.total}


# Follow-ups and notifications -----------------------------------------------------------------

@followups_blp.route("/followups", methods=["GET"])
@access(permission(Perm.EDIT_CASES))
@followups_blp.response(200, AgendaSchema)
def agenda():
    """Your open follow-ups on open cases: overdue, due today and due in the next 7 days."""
    today = local_today()
    mine = followups.agenda(current_user, today)
    return {"date": today, "overdue": mine.overdue, "today": mine.today, "next_7_days": mine.next_7_days}


@followups_blp.route("/cases/<id:case_id>/followups", methods=["POST"])
@access(case_in_scope(Perm.EDIT_CASES, can_work_case))
@followups_blp.arguments(FollowUpCreateSchema)
@followups_blp.response(201, FollowUpSchema)
@followups_blp.alt_response(422, schema=ServiceErrorSchema, description="errors.title = title_required; "
                            "errors.due_on = bad_date; errors.assignee = bad_assignee; errors._schema = case_closed")
def schedule_followup(args, case_id: int):
    """Plan a visit or call on an open case, for its worker (or you), once or every N months."""
    followup = followups.schedule_followup(g.case, actor=actor(), **args)
    db.session.commit()
    return followup


@followups_blp.route("/followups/<id:followup_id>/done", methods=["POST"])
@access(followup_in_scope(Perm.EDIT_CASES))
@followups_blp.arguments(FollowUpDoneSchema)
@followups_blp.response(200, FollowUpDoneResultSchema)
@followups_blp.alt_response(422, schema=ServiceErrorSchema, description="errors._schema: followup_not_open, "
                            "case_closed; errors.outcome = outcome_required")
def complete_followup(args, followup_id: int):
    """Record the outcome; a recurring follow-up plans its next one, returned as `next`."""
    following = followups.complete_followup(g.followup, actor=actor(), outcome=args["outcome"])
    db.session.commit()
    return {"followup": g.followup, "next": following}


@followups_blp.route("/notifications", methods=["GET"])
@followups_blp.arguments(NotificationListArgs, location="query")
@followups_blp.response(200, NotificationPageSchema)
def list_notifications(args):
    """Your notifications, newest first. Reading them here marks nothing as read."""
    stmt = select(Notification).where(Notification.user_id == current_user.id)
    if args["unread"] is not None:
        stmt = stmt.where(Notification.read_at.is_(None) if args["unread"] else Notification.read_at.is_not(None))
    stmt = stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
    pagination = db.paginate(stmt, page=args["page"], per_page=args["per_page"], error_out=False)
    return {"items": pagination.items, "page": args["page"], "per_page": args["per_page"],
            "total": pagination.total}
