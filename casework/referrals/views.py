"""Partners, referrals, commitments and disbursements."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.auth.permissions import (
    Perm,
    can_view_case,
    can_work_case,
    has_permission,
    in_scope,
    permission_required,
)
from casework.cases import attachments
from casework.cases.models import AttachmentKind
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.core.export import export_response, wants_export
from casework.core.feedback import message_for, show_error
from casework.core.formatting import local_today
from casework.extensions import db
from casework.referrals import forms, queries, service
from casework.referrals.lists import PARTNER_COLUMNS
from casework.referrals.models import (
    Commitment,
    CommitmentKind,
    Disbursement,
    DisbursementStatus,
    Frequency,
    FundingSource,
    PartnerKind,
    Referral,
)

bp = Blueprint("referrals", __name__)


def _partner_or_404(partner_id: int):
    partner = queries.get_visible_partner(current_user, partner_id)
    if partner is None:
        abort(404)
    return partner


def _referral_or_404(referral_id: int, *, work: bool) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None or get_visible_case(current_user, referral.case_id) is None:
        abort(404)
    if not can_view_case(current_user, referral.case) or (work and not can_work_case(current_user, referral.case)):
        abort(403)
    return referral


def _commitment_or_404(commitment_id: int, *, work: bool) -> Commitment:
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or get_visible_case(current_user, commitment.case_id) is None:
        abort(404)
    if work and not can_work_case(current_user, commitment.case):
        abort(403)
    return commitment


# Partners -------------------------------------------------------------------------------------

@bp.route("/partners/")
@permission_required(Perm.VIEW_CASES)
def partners():
    q = request.args.get("q", "").strip()[:100]
    stmt = queries.visible_partners(current_user).order_by(db.func.lower(queries.Partner.name))
    if q:
        stmt = stmt.where(queries.Partner.name.icontains(q, autoescape=True))
    if wants_export():
        response = export_response("partners", _("Partners"), PARTNER_COLUMNS, db.session.scalars(stmt),
                                   actor=current_user, filters={"q": q})
        db.session.commit()
        return response
    return render_template("referrals/partners.html", partners=db.session.scalars(stmt.limit(500)).all(), q=q,
                           can_manage=has_permission(current_user, Perm.MANAGE_PARTNERS), columns=PARTNER_COLUMNS)


def _partner_data(form: forms.PartnerForm) -> service.PartnerData:
    return service.PartnerData(
        name=form.name.data or "", kind=PartnerKind(form.kind.data), is_donor=form.is_donor.data,
        is_service_provider=form.is_service_provider.data, anonymous_to_family=form.anonymous_to_family.data,
        contact_name=form.contact_name.data, phone=form.phone.data, email=form.email.data,
        address=form.address.data, funds=list(form.funds.data or []), note=form.note.data)


@bp.route("/partners/new", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_PARTNERS)
def new_partner():
    form = forms.PartnerForm()
    if form.validate_on_submit():
        try:
            partner = service.create_partner(_partner_data(form), actor=current_user, unit=current_user.home_unit)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Partner %(name)s saved.", name=partner.name), "success")
            back_to_case = request.args.get("case_id", type=int)
            if back_to_case:
                return redirect(url_for("referrals.new_referral", case_id=back_to_case))
            return redirect(url_for("referrals.partner", partner_id=partner.id))
    return render_template("referrals/partner_form.html", form=form, partner=None), 422 if form.errors else 200


@bp.route("/partners/<id:partner_id>")
@permission_required(Perm.VIEW_CASES)
def partner(partner_id: int):
    found = _partner_or_404(partner_id)
    return render_template("referrals/partner.html", partner=found,
                           rows=queries.partner_report(current_user, found),
                           totals=queries.totals_by_source(partner_id=found.id, unit=current_user.home_unit),
                           can_manage=has_permission(current_user, Perm.MANAGE_PARTNERS))


@bp.route("/partners/<id:partner_id>/edit", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_PARTNERS)
def edit_partner(partner_id: int):
    found = _partner_or_404(partner_id)
    if not in_scope(current_user, found.org_unit):
        abort(403)  # a province's partner is read by its communes but changed only by the province
    form = forms.PartnerForm(obj=None if request.method == "POST" else found)
    if request.method == "GET":
        form.kind.data = found.kind.value
        form.funds.data = list(found.funds or [])
    if form.validate_on_submit():
        try:
            service.update_partner(found, _partner_data(form), actor=current_user)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("referrals.partner", partner_id=found.id))
    return render_template("referrals/partner_form.html", form=form, partner=found), 422 if form.errors else 200


# Referrals ------------------------------------------------------------------------------------

@bp.route("/cases/<id:case_id>/referrals/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def new_referral(case_id: int):
    case = get_visible_case(current_user, case_id)
    if case is None:
        abort(404)
    if not can_work_case(current_user, case):
        abort(403)
    form = forms.ReferralForm()
    options = db.session.scalars(queries.visible_partners(current_user).where(queries.Partner.active.is_(True))
                                 .order_by(queries.Partner.name)).all()
    form.partner_id.choices = [(str(p.id), p.name) for p in options]
    if form.validate_on_submit():
        chosen = next(p for p in options if str(p.id) == form.partner_id.data)
        try:
            referral = service.create_referral(case, chosen, actor=current_user, service=form.service.data,
                                               reason=form.reason.data,
                                               shares_personal_data=form.shares_personal_data.data,
                                               legal_basis=form.legal_basis.data)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Referral saved as a draft. Send it when ready."), "success")
            return redirect(url_for("referrals.referral", referral_id=referral.id))
    return render_template("referrals/referral_form.html", form=form, case=case, has_partners=bool(options)), (
        422 if form.errors else 200)


@bp.route("/referrals/<id:referral_id>")
@permission_required(Perm.VIEW_CASES)
def referral(referral_id: int):
    found = _referral_or_404(referral_id, work=False)
    commitments = db.session.scalars(select(Commitment).where(Commitment.referral_id == found.id)).all()
    return render_template("referrals/referral.html", referral=found, commitments=commitments,
                           action_form=forms.ReferralActionForm(), today=local_today(),
                           may_share=service.may_share(found, local_today()),
                           can_work=can_work_case(current_user, found.case) and found.case.is_open,
                           can_override=has_permission(current_user, Perm.APPROVE_CASES))


_ACTIONS = {"send", "accept", "decline", "complete", "cancel", "override"}


@bp.route("/referrals/<id:referral_id>/<action>", methods=["POST"])
@permission_required(Perm.VIEW_CASES)
def referral_action(referral_id: int, action: str):
    if action not in _ACTIONS:
        abort(404)
    if not has_permission(current_user, Perm.APPROVE_CASES if action == "override" else Perm.EDIT_CASES):
        abort(403)
    found = _referral_or_404(referral_id, work=action != "override")
    form = forms.ReferralActionForm()
    if not form.validate_on_submit():
        abort(400)
    note, today = form.note.data or "", local_today()
    try:
        if action == "send":
            service.send_referral(found, actor=current_user, on=today)
        elif action in ("accept", "decline"):
            service.respond_to_referral(found, actor=current_user, accepted=action == "accept", on=today, note=note)
        elif action == "complete":
            service.complete_referral(found, actor=current_user, on=today, outcome=note)
        elif action == "cancel":
            service.cancel_referral(found, actor=current_user)
        else:
            service.override_consent(found, actor=current_user, reason=note)
    except CaseError as exc:
        db.session.rollback()
        flash(message_for(exc), "error")
    else:
        db.session.commit()
        flash(_("Referral updated."), "success")
    return redirect(url_for("referrals.referral", referral_id=found.id))


# Commitments and disbursements ----------------------------------------------------------------

@bp.route("/referrals/<id:referral_id>/commitments/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def new_commitment(referral_id: int):
    found = _referral_or_404(referral_id, work=True)
    form = forms.CommitmentForm()
    if form.validate_on_submit():
        data = service.CommitmentData(
            kind=CommitmentKind(form.kind.data), amount=form.amount.data, source=FundingSource(form.source.data),
            frequency=Frequency(form.frequency.data), start_on=form.start_on.data, end_on=form.end_on.data,
            months=[int(m) for m in form.months.data or []] if form.frequency.data == "monthly" else [],
            day_of_month=form.day_of_month.data or 5, description=form.description.data or "")
        try:
            commitment = service.create_commitment(found.case, found.partner, data, actor=current_user,
                                                   referral=found)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Commitment saved with its schedule."), "success")
            return redirect(url_for("referrals.commitment", commitment_id=commitment.id))
    return render_template("referrals/commitment_form.html", form=form, referral=found), 422 if form.errors else 200


@bp.route("/commitments/<id:commitment_id>")
@permission_required(Perm.VIEW_CASES)
def commitment(commitment_id: int):
    return _commitment_page(_commitment_or_404(commitment_id, work=False))


def _commitment_page(found: Commitment, *, pay_form=None, change_form=None, status: int = 200):
    rows = db.session.scalars(select(Disbursement).where(Disbursement.commitment_id == found.id)
                              .order_by(Disbursement.expected_on)).all()
    today = local_today()
    pay_form = pay_form or _pay_form(found, rows)
    if pay_form.disbursement_id.choices is None:
        _pay_choices(pay_form, rows)
    return render_template(
        "referrals/commitment.html", commitment=found, rows=rows, today=today,
        missed={d.id for d in rows if service.is_missed(d, today)},
        paid=sum(d.amount_paid or 0 for d in rows if d.status == DisbursementStatus.PAID),
        pay_form=pay_form, change_form=change_form or forms.CommitmentChangeForm(),
        can_work=can_work_case(current_user, found.case) and found.case.is_open), status


def _pay_choices(form: forms.PaymentForm, rows) -> None:
    form.disbursement_id.choices = [
        (str(d.id), f"{d.expected_on.strftime('%d/%m/%Y')}" + (" ✓" if d.status == DisbursementStatus.PAID else ""))
        for d in rows if d.status != DisbursementStatus.CANCELLED]


def _pay_form(found: Commitment, rows) -> forms.PaymentForm:
    form = forms.PaymentForm()
    _pay_choices(form, rows)
    next_due = next((d for d in rows if d.status == DisbursementStatus.EXPECTED), None)
    form.disbursement_id.data = str(next_due.id) if next_due else None
    form.paid_on.data = local_today()
    form.amount.data = next_due.amount_expected if next_due else found.amount
    form.source.data = found.source.value
    return form


@bp.route("/commitments/<id:commitment_id>/change", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def change_commitment(commitment_id: int):
    found = _commitment_or_404(commitment_id, work=True)
    form = forms.CommitmentChangeForm()
    if form.validate_on_submit():
        try:
            if form.action.data == "amount":
                if not form.amount.data:
                    raise CaseError("bad_amount", "amount")
                count = service.change_amount(found, form.amount.data, actor=current_user,
                                              from_date=form.from_date.data)
            elif form.action.data == "pause":
                count = service.pause_commitment(found, actor=current_user, from_date=form.from_date.data)
            else:
                count = service.resume_commitment(found, actor=current_user, from_date=form.from_date.data)
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Done: %(n)s instalments changed.", n=count), "success")
            return redirect(url_for("referrals.commitment", commitment_id=found.id))
    return _commitment_page(found, change_form=form, status=422)


@bp.route("/commitments/<id:commitment_id>/pay", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def pay(commitment_id: int):
    found = _commitment_or_404(commitment_id, work=True)
    rows = db.session.scalars(select(Disbursement).where(Disbursement.commitment_id == found.id)
                              .order_by(Disbursement.expected_on)).all()
    form = forms.PaymentForm()
    _pay_choices(form, rows)
    if form.validate_on_submit():
        row = next(d for d in rows if str(d.id) == form.disbursement_id.data)
        try:
            service.check_payment(row, paid_on=form.paid_on.data, amount=form.amount.data)
            receipt_id = None
            if form.receipt.data:
                receipt_id = attachments.save_attachment(found.case, form.receipt.data, actor=current_user,
                                                         kind=AttachmentKind.DOCUMENT).id
            service.record_payment(row, actor=current_user, paid_on=form.paid_on.data, amount=form.amount.data,
                                   source=FundingSource(form.source.data), note=form.note.data or "",
                                   receipt_attachment_id=receipt_id)
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Payment recorded."), "success")
            return redirect(url_for("referrals.commitment", commitment_id=found.id))
    return _commitment_page(found, pay_form=form, status=422)
