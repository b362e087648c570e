"""The social-work workforce of a unit: list, add and edit staff, record trainings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.auth.permissions import Perm, can_manage_staff, permission_required, require_in_scope
from casework.core.fields import page_number
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.workforce import forms, service
from casework.workforce.labels import ERRORS, POSITION, QUALIFICATION
from casework.workforce.models import PositionType, Qualification, StaffMember

bp = Blueprint("workforce", __name__, url_prefix="/workforce")


def _unit_or_404(unit_id: int) -> OrgUnit:
    unit = require_in_scope(current_user, db.session.get(OrgUnit, unit_id))
    if not can_manage_staff(current_user, unit):
        abort(403)
    return unit


def _staff_or_404(staff_id: int) -> StaffMember:
    staff = db.session.get(StaffMember, staff_id)
    require_in_scope(current_user, staff.org_unit if staff else None)
    if not can_manage_staff(current_user, staff.org_unit):
        abort(403)
    return staff


def _data(form: forms.StaffForm) -> service.StaffData:
    return service.StaffData(full_name=form.full_name.data or "", position=PositionType(form.position.data),
                             qualification=Qualification(form.qualification.data),
                             monthly_allowance=form.monthly_allowance.data or 0,
                             contract_start=form.contract_start.data, contract_end=form.contract_end.data,
                             note=form.note.data)


def _show(form, exc: service.WorkforceError) -> None:
    getattr(form, exc.field).errors = list(getattr(form, exc.field).errors) + [str(ERRORS[exc.code])]


@bp.app_template_filter("position_label")
def position_label(value) -> str:
    return str(POSITION.get(value, value))


@bp.app_template_filter("qualification_label")
def qualification_label(value) -> str:
    return str(QUALIFICATION.get(value, value))


@bp.route("/units/<id:unit_id>")
@permission_required(Perm.MANAGE_STAFF)
def staff_list(unit_id: int):
    """Staff of the unit and every unit below it."""
    unit = _unit_or_404(unit_id)
    stmt = (select(StaffMember).join(StaffMember.org_unit)
            .where(OrgUnit.path.startswith(unit.path, autoescape=True))
            .order_by(OrgUnit.name, StaffMember.full_name, StaffMember.id))
    pagination = db.paginate(stmt, page=page_number(request.args.get("page")), per_page=50, error_out=False)
    return render_template("workforce/list.html", unit=unit, pagination=pagination, today=local_today())


@bp.route("/units/<id:unit_id>/new", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_STAFF)
def new_staff(unit_id: int):
    unit = _unit_or_404(unit_id)
    form = forms.StaffForm()
    if form.validate_on_submit():
        try:
            staff = service.add_staff(unit, _data(form), actor=current_user)
        except service.WorkforceError as exc:
            _show(form, exc)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("workforce.edit_staff", staff_id=staff.id))
    return render_template("workforce/form.html", unit=unit, form=form, staff=None, training_form=None)


@bp.route("/staff/<id:staff_id>", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_STAFF)
def edit_staff(staff_id: int):
    staff = _staff_or_404(staff_id)
    form = forms.StaffForm(obj=staff if request.method == "GET" else None)
    if request.method == "GET":
        form.position.data, form.qualification.data = staff.position.value, staff.qualification.value
    if form.validate_on_submit():
        try:
            service.update_staff(staff, _data(form), actor=current_user)
        except service.WorkforceError as exc:
            _show(form, exc)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("workforce.edit_staff", staff_id=staff.id))
    return render_template("workforce/form.html", unit=staff.org_unit, form=form, staff=staff,
                           training_form=forms.TrainingForm(prefix="tr"))


@bp.route("/staff/<id:staff_id>/trainings", methods=["POST"])
@permission_required(Perm.MANAGE_STAFF)
def add_training(staff_id: int):
    staff = _staff_or_404(staff_id)
    training_form = forms.TrainingForm(prefix="tr")
    if training_form.validate_on_submit():
        try:
            service.add_training(staff, actor=current_user, course=training_form.course.data,
                                 held_on=training_form.held_on.data, hours=training_form.hours.data)
        except service.WorkforceError as exc:
            _show(training_form, exc)
        else:
            db.session.commit()
            flash(_("Training recorded."), "success")
            return redirect(url_for("workforce.edit_staff", staff_id=staff.id))
    return render_template("workforce/form.html", unit=staff.org_unit, form=forms.StaffForm(obj=staff),
                           staff=staff, training_form=training_form), 422
