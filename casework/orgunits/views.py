"""Browse the org-unit tree within one's scope; add and edit facilities."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from casework.auth.permissions import (
    Perm,
    can_add_facility,
    can_view_unit,
    has_permission,
    in_scope,
    permission_required,
    require_in_scope,
)
from casework.core.fields import page_number
from casework.extensions import db
from casework.orgunits import queries, service
from casework.orgunits.forms import FacilityEditForm, FacilityForm
from casework.orgunits.models import FacilityType, OrgUnit, UnitLevel

bp = Blueprint("orgunits", __name__, url_prefix="/units")

UNIT_ERRORS = {
    "code_taken": lambda: _("Another unit already uses this code."),
    "bad_parent": lambda: _("Facilities can only be added under a province or a commune."),
    "not_facility": lambda: _("Only facilities can be edited here."),
}


def _get_unit(unit_id: int) -> OrgUnit:
    return require_in_scope(current_user, db.session.get(OrgUnit, unit_id))


@bp.route("/")
@permission_required(Perm.VIEW_UNITS)
def tree():
    return redirect(url_for("orgunits.detail", unit_id=current_user.home_unit_id))


@bp.route("/<id:unit_id>")
@permission_required(Perm.VIEW_UNITS)
def detail(unit_id: int):
    unit = _get_unit(unit_id)
    q = request.args.get("q", "").strip()[:100]
    page = page_number(request.args.get("page"))
    trail = [(a, in_scope(current_user, a)) for a in queries.ancestors(unit)]
    return render_template(
        "orgunits/detail.html",
        unit=unit,
        trail=trail,
        children=queries.children_page(unit, q=q, page=page),
        q=q,
        can_add_facility=can_add_facility(current_user, unit),
        can_edit=unit.level == UnitLevel.FACILITY and has_permission(current_user, Perm.MANAGE_FACILITIES),
        can_add_user=has_permission(current_user, Perm.MANAGE_USERS),
    )


@bp.route("/<id:unit_id>/facilities/new", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_FACILITIES)
def add_facility(unit_id: int):
    parent = _get_unit(unit_id)
    if not can_add_facility(current_user, parent):
        abort(403)
    form = FacilityForm()
    if form.validate_on_submit():
        try:
            unit = service.add_facility(
                parent, actor=current_user, name=form.name.data,
                facility_type=FacilityType(form.facility_type.data), code=form.code.data,
                address=form.address.data, provides_sw_services=form.provides_sw_services.data,
            )
        except service.OrgUnitError as exc:
            getattr(form, exc.field).errors.append(UNIT_ERRORS[exc.message]())
        else:
            db.session.commit()
            flash(_("Facility %(name)s added.", name=unit.name), "success")
            return redirect(url_for("orgunits.detail", unit_id=unit.id))
    return render_template("orgunits/facility_form.html", form=form, parent=parent, unit=None), (
        422 if form.errors else 200)


@bp.route("/<id:unit_id>/edit", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_FACILITIES)
def edit_facility(unit_id: int):
    unit = _get_unit(unit_id)
    if unit.level != UnitLevel.FACILITY or not can_view_unit(current_user, unit):
        abort(403)
    form = FacilityEditForm(obj=unit)
    if form.validate_on_submit():
        service.update_facility(unit, actor=current_user, name=form.name.data, address=form.address.data,
                                provides_sw_services=form.provides_sw_services.data)
        db.session.commit()
        flash(_("Changes saved."), "success")
        return redirect(url_for("orgunits.detail", unit_id=unit.id))
    return render_template("orgunits/facility_form.html", form=form, parent=unit.parent, unit=unit), (
        422 if form.errors else 200)
