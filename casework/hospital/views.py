"""The hospital social-work team's pages: workspace, admissions, supports, appeals, discharge, activities."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from casework.auth.permissions import (
    Perm,
    can_admit,
    can_view_case,
    can_view_hospital_record,
    can_work_hospital_record,
    has_permission,
    permission_required,
)
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.core.feedback import show_error
from casework.core.fields import page_number, parse_id
from casework.core.formatting import local_today
from casework.extensions import db
from casework.hospital import forms, queries, service
from casework.hospital.models import ActivityKind, AppealStatus, DonationKind, SupportKind, SupportSource
from casework.people.models import PovertyStatus
from casework.referrals.models import Partner
from casework.referrals.queries import visible_partners

bp = Blueprint("hospital", __name__, url_prefix="/hospital")


def _admission_or_404(admission_id: int, *, work: bool = False):
    admission = queries.get_admission(current_user, admission_id)
    if admission is None:
        abort(404)
    if work and not can_work_hospital_record(current_user, admission.org_unit):
        abort(403)
    return admission


def _appeal_or_404(appeal_id: int, *, work: bool = False):
    appeal = queries.get_appeal(current_user, appeal_id)
    if appeal is None:
        abort(404)
    if work and not can_work_hospital_record(current_user, appeal.admission.org_unit):
        abort(403)
    return appeal


def _partners() -> list[Partner]:
    stmt = visible_partners(current_user).where(Partner.active.is_(True), Partner.is_donor.is_(True))
    return list(db.session.scalars(stmt.order_by(db.func.lower(Partner.name)).limit(500)))


def _partner(form_value: str | None) -> Partner | None:
    """The chosen partner if the user may see it; CaseError next to the field otherwise."""
    partner_id = parse_id(form_value)
    if partner_id is None:
        return None
    partner = db.session.scalar(visible_partners(current_user).where(Partner.id == partner_id,
                                                                     Partner.active.is_(True)))
    if partner is None:
        raise CaseError("not_found", "partner_id")
    return partner


@bp.route("/")
@permission_required(Perm.VIEW_HOSPITAL)
def workspace():
    data = queries.workspace(current_user, local_today())
    money = service.appeal_money([a.id for a in data["appeals"]])
    return render_template("hospital/workspace.html", money=money, month=local_today(),
                           can_work=has_permission(current_user, Perm.HOSPITAL_WORK), **data)


# Admissions -----------------------------------------------------------------------------------

@bp.route("/cases/<id:case_id>/admit", methods=["GET", "POST"])
@permission_required(Perm.HOSPITAL_WORK)
def new_admission(case_id: int):
    case = get_visible_case(current_user, case_id)
    if case is None or not can_view_case(current_user, case):
        abort(404)
    if not can_admit(current_user, case):
        abort(403)
    form = forms.AdmissionForm()
    if request.method == "GET":
        form.admitted_on.data = local_today()
        form.poverty.data = case.person.poverty_status.value
        form.no_bhyt.data = not case.person.bhyt_number
    if form.validate_on_submit():
        hardship = service.Hardship(
            poverty=PovertyStatus(form.poverty.data), no_bhyt=form.no_bhyt.data, no_relatives=form.no_relatives.data,
            unidentified=form.unidentified.data, violence_victim=form.violence_victim.data,
            accident_victim=form.accident_victim.data, note=form.assessment_note.data or "")
        try:
            admission = service.record_admission(case, actor=current_user, department=form.department.data,
                                                 admitted_on=form.admitted_on.data, hardship=hardship)
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Admission recorded."), "success")
            return redirect(url_for("hospital.admission", admission_id=admission.id))
    return render_template("hospital/admission_form.html", form=form, case=case), 422 if form.errors else 200


def _render_admission(admission, status: int = 200, **given):
    can_work = can_work_hospital_record(current_user, admission.org_unit)
    partners = _partners() if can_work else []
    commune = service.home_commune_of(admission)
    recipients = service.handoff_recipients(commune) if commune is not None and can_work else []
    support_form = given.get("support_form") or forms.SupportForm(partners=partners,
                                                                  formdata=None, given_on=local_today())
    appeal_form = given.get("appeal_form") or forms.AppealForm(formdata=None, opened_on=local_today())
    discharge_form = given.get("discharge_form") or forms.DischargeForm(
        recipients=recipients, formdata=None, discharged_on=local_today(),
        assignee=str(recipients[0].id) if len(recipients) == 1 else "")
    data = queries.admission_page_data(admission)
    return render_template(
        "hospital/admission.html", admission=admission, can_work=can_work, commune=commune,
        case_visible=can_view_case(current_user, admission.case), support_form=support_form,
        appeal_form=appeal_form, discharge_form=discharge_form,
        money=service.appeal_money([a.id for a in data["appeals"]]), **data), status


@bp.route("/admissions/<id:admission_id>")
@permission_required(Perm.VIEW_HOSPITAL)
def admission(admission_id: int):
    found = _admission_or_404(admission_id)
    service.record_view(found, actor=current_user)
    db.session.commit()
    return _render_admission(found)


@bp.route("/admissions/<id:admission_id>/supports", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def add_support(admission_id: int):
    found = _admission_or_404(admission_id, work=True)
    form = forms.SupportForm(partners=_partners())
    if form.validate_on_submit():
        try:
            data = service.SupportData(
                kind=SupportKind(form.kind.data), given_on=form.given_on.data, source=SupportSource(form.source.data),
                amount=form.amount.data, description=form.description.data or "",
                partner=_partner(form.partner_id.data), sponsor_name=form.sponsor_name.data)
            service.record_support(found, data, actor=current_user)
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Support recorded."), "success")
            return redirect(url_for("hospital.admission", admission_id=found.id) + "#supports")
    return _render_admission(found, 422, support_form=form)


@bp.route("/admissions/<id:admission_id>/appeals", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def new_appeal(admission_id: int):
    found = _admission_or_404(admission_id, work=True)
    form = forms.AppealForm()
    if form.validate_on_submit():
        try:
            appeal = service.open_appeal(found, actor=current_user, title=form.title.data,
                                         purpose=form.purpose.data or "", target_amount=form.target_amount.data,
                                         opened_on=form.opened_on.data)
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Appeal launched."), "success")
            return redirect(url_for("hospital.appeal", appeal_id=appeal.id))
    return _render_admission(found, 422, appeal_form=form)


@bp.route("/admissions/<id:admission_id>/discharge", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def discharge(admission_id: int):
    found = _admission_or_404(admission_id, work=True)
    commune = service.home_commune_of(found)
    recipients = service.handoff_recipients(commune) if commune is not None else []
    form = forms.DischargeForm(recipients=recipients)
    if form.validate_on_submit():
        assignee_id = parse_id(form.assignee.data)
        assignee = next((u for u in recipients if u.id == assignee_id), None)
        try:
            notes = service.discharge(found, actor=current_user, discharged_on=form.discharged_on.data,
                                      hand_off=form.hand_off.data, assignee=assignee, note=form.note.data or "")
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            if found.handed_off_to_id:
                flash(_("Discharge recorded. The case now belongs to %(commune)s; %(n)s collaborators were told.",
                        commune=found.handed_off_to.name, n=len(notes)), "success")
            else:
                flash(_("Discharge recorded."), "success")
            return redirect(url_for("hospital.admission", admission_id=found.id))
    return _render_admission(found, 422, discharge_form=form)


# Appeals --------------------------------------------------------------------------------------

def _render_appeal(appeal, status: int = 200, **given):
    can_work = can_work_hospital_record(current_user, appeal.admission.org_unit)
    partners = _partners() if can_work else []
    donation_form = given.get("donation_form") or forms.DonationForm(partners=partners, formdata=None,
                                                                     received_on=local_today())
    handover_form = given.get("handover_form") or forms.HandoverForm(
        formdata=None, prefix="handover", handed_on=local_today(), handed_over_by=current_user.full_name)
    return render_template(
        "hospital/appeal.html", appeal=appeal, can_work=can_work, money=service.money_of(appeal),
        donation_form=donation_form, handover_form=handover_form, close_form=forms.CloseAppealForm(),
        is_open=appeal.status == AppealStatus.OPEN, **queries.appeal_page_data(appeal)), status


@bp.route("/appeals/<id:appeal_id>")
@permission_required(Perm.VIEW_HOSPITAL)
def appeal(appeal_id: int):
    found = _appeal_or_404(appeal_id)
    service.record_view(found.admission, actor=current_user)
    db.session.commit()
    return _render_appeal(found)


@bp.route("/appeals/<id:appeal_id>/donations", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def add_donation(appeal_id: int):
    found = _appeal_or_404(appeal_id, work=True)
    form = forms.DonationForm(partners=_partners())
    if form.validate_on_submit():
        try:
            service.record_donation(found, actor=current_user, received_on=form.received_on.data,
                                    kind=DonationKind(form.kind.data), amount=form.amount.data,
                                    partner=_partner(form.partner_id.data), donor_name=form.donor_name.data,
                                    description=form.description.data or "",
                                    receipt_number=form.receipt_number.data or "")
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Donation recorded."), "success")
            return redirect(url_for("hospital.appeal", appeal_id=found.id))
    return _render_appeal(found, 422, donation_form=form)


@bp.route("/appeals/<id:appeal_id>/handovers", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def add_handover(appeal_id: int):
    found = _appeal_or_404(appeal_id, work=True)
    form = forms.HandoverForm(prefix="handover")
    if form.validate_on_submit():
        try:
            service.record_handover(found, actor=current_user, handed_on=form.handed_on.data, amount=form.amount.data,
                                    receipt_number=form.receipt_number.data, handed_over_by=form.handed_over_by.data,
                                    received_by=form.received_by.data, note=form.note.data or "")
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Hand-over recorded."), "success")
            return redirect(url_for("hospital.appeal", appeal_id=found.id))
    return _render_appeal(found, 422, handover_form=form)


@bp.route("/appeals/<id:appeal_id>/close", methods=["POST"])
@permission_required(Perm.HOSPITAL_WORK)
def close_appeal(appeal_id: int):
    found = _appeal_or_404(appeal_id, work=True)
    form = forms.CloseAppealForm()
    if form.validate_on_submit():
        try:
            service.close_appeal(found, actor=current_user)
        except CaseError as exc:
            db.session.rollback()
            show_error(None, exc)
        else:
            db.session.commit()
            flash(_("Appeal closed."), "success")
    return redirect(url_for("hospital.appeal", appeal_id=found.id))


# Team activities ------------------------------------------------------------------------------

@bp.route("/activities/")
@permission_required(Perm.VIEW_HOSPITAL)
def activities():
    form = forms.ActivityFilterForm(request.args)
    form.validate()
    filters = queries.ActivityFilters(kind=form.kind.data or "", date_from=form.date_from.data,
                                      date_to=form.date_to.data)
    pagination = db.paginate(queries.activity_list(current_user, filters),
                             page=page_number(request.args.get("page")), per_page=50, error_out=False)
    page_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("hospital/activities.html", form=form, activities=pagination, page_args=page_args,
                           can_work=has_permission(current_user, Perm.HOSPITAL_WORK))


@bp.route("/activities/new", methods=["GET", "POST"])
@permission_required(Perm.HOSPITAL_WORK)
def new_activity():
    form = forms.ActivityForm()
    if request.method == "GET":
        form.held_on.data = local_today()
    if form.validate_on_submit():
        try:
            service.record_activity(actor=current_user, unit=current_user.home_unit, kind=ActivityKind(form.kind.data),
                                    held_on=form.held_on.data, title=form.title.data,
                                    participants=form.participants.data, notes=form.notes.data or "")
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Activity saved."), "success")
            return redirect(url_for("hospital.activities"))
    return render_template("hospital/activity_form.html", form=form), 422 if form.errors else 200


@bp.app_context_processor
def _hospital_helpers():
    """For the case page: whether the hospital team may record a stay on this case."""
    return {"can_admit": lambda case: current_user.is_authenticated and can_admit(current_user, case),
            "can_see_admission": lambda admission: current_user.is_authenticated
            and can_view_hospital_record(current_user, admission.org_unit)}



def _label_filter(mapping):
    from casework.cases.labels import label

    return lambda key: label(mapping, key)


@bp.record_once
def _register_filters(state):
    from casework.hospital import labels

    for name, mapping in (("hardship", labels.HARDSHIP), ("support_kind", labels.SUPPORT_KIND),
                          ("support_source", labels.SUPPORT_SOURCE), ("appeal_status", labels.APPEAL_STATUS),
                          ("donation_kind", labels.DONATION_KIND), ("activity_kind", labels.ACTIVITY_KIND)):
        state.app.jinja_env.filters[f"{name}_label"] = _label_filter(mapping)
