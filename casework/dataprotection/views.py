"""A person's data-protection page: requests with deadlines, export, restriction, de-identification."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.auth.permissions import Perm, can_handle_data_requests, permission_required
from casework.core.formatting import local_today
from casework.dataprotection import labels, service
from casework.dataprotection.forms import CloseRequestForm, DataRequestForm, DeidentifyForm, RestrictForm
from casework.dataprotection.models import DataRequest, RequestKind, RequestStatus
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people import queries
from casework.people import service as people
from casework.people.models import Person

bp = Blueprint("dataprotection", __name__)


def _person(person_id: int) -> Person:
    person = queries.get_visible_person(current_user, person_id)
    if person is None:
        abort(404)
    if not can_handle_data_requests(current_user, person):
        abort(403)
    return person


def _error(form, exc: service.DataRequestError) -> None:
    message = str(labels.ERRORS.get(exc.code, exc.code))
    target = getattr(form, exc.field, None) if form is not None and exc.field else None
    if target is not None:
        target.errors = list(target.errors) + [message]
    else:
        flash(message, "error")


@bp.route("/data-requests/")
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def overview():
    """Open requests in the user's scope, the nearest deadline first."""
    open_requests = db.session.scalars(
        select(DataRequest).join(Person).join(OrgUnit, Person.org_unit_id == OrgUnit.id)
        .where(DataRequest.status == RequestStatus.OPEN,
               OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True))
        .order_by(DataRequest.due_on).limit(200)).all()
    return render_template("dataprotection/overview.html", requests=open_requests, today=local_today(),
                           kind_labels=labels.KIND)


@bp.route("/people/<id:person_id>/data-protection", methods=["GET", "POST"])
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def requests(person_id: int):
    person = _person(person_id)
    form = DataRequestForm()
    if not form.is_submitted():
        form.received_on.data = local_today()
    if form.validate_on_submit():
        try:
            service.record_request(person, actor=current_user, kind=RequestKind(form.kind.data),
                                   received_on=form.received_on.data, today=local_today(),
                                   requested_by=form.requested_by.data or "", notes=form.notes.data or "")
        except service.DataRequestError as exc:
            db.session.rollback()
            _error(form, exc)
        else:
            db.session.commit()
            flash(_("Request recorded. Answer it before the deadline shown."), "success")
            return redirect(url_for("dataprotection.requests", person_id=person.id))
    people.record_view(person, actor=current_user)
    db.session.commit()
    return _page(person, form=form), 422 if form.errors else 200


def _page(person: Person, **forms):
    forms.setdefault("form", DataRequestForm())
    return render_template("dataprotection/person.html", person=person, requests=service.requests_of(person),
                           today=local_today(), kind_labels=labels.KIND, status_labels=labels.STATUS,
                           close_form=CloseRequestForm(), restrict_form=RestrictForm(),
                           deidentify_form=forms.pop("deidentify_form", DeidentifyForm()), **forms)


@bp.route("/data-requests/<id:request_id>/close", methods=["POST"])
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def close_request(request_id: int):
    request_row = db.session.get(DataRequest, request_id)
    if request_row is None:
        abort(404)
    person = _person(request_row.person_id)
    form = CloseRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.close_request(request_row, actor=current_user, status=RequestStatus(form.status.data),
                              outcome=form.outcome.data or "", on=local_today())
    except service.DataRequestError as exc:
        db.session.rollback()
        _error(None, exc)
    else:
        db.session.commit()
        flash(_("Request closed."), "success")
    return redirect(url_for("dataprotection.requests", person_id=person.id))


@bp.route("/people/<id:person_id>/export")
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def export(person_id: int):
    """A printable page of everything held about the person (audited as an export)."""
    person = _person(person_id)
    data = service.export_person(person, actor=current_user)
    db.session.commit()
    return render_template("dataprotection/export.html", person=person, data=data)


@bp.route("/people/<id:person_id>/export.json")
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def export_json(person_id: int):
    person = _person(person_id)
    data = service.export_person(person, actor=current_user)
    db.session.commit()
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="du-lieu-ca-nhan-{person.id}.json"',
                             "Cache-Control": "no-store"})


@bp.route("/people/<id:person_id>/restrict", methods=["POST"])
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def restrict(person_id: int):
    person = _person(person_id)
    form = RestrictForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if form.action.data == "restrict":
            service.restrict(person, actor=current_user)
            message = _("Processing restricted: the record can no longer be changed or shared with partners.")
        else:
            service.lift_restriction(person, actor=current_user)
            message = _("Restriction lifted.")
    except service.DataRequestError as exc:
        db.session.rollback()
        _error(None, exc)
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("dataprotection.requests", person_id=person.id))


@bp.route("/people/<id:person_id>/deidentify", methods=["POST"])
@permission_required(Perm.HANDLE_DATA_REQUESTS)
def deidentify(person_id: int):
    person = _person(person_id)
    form = DeidentifyForm()
    if form.validate_on_submit():
        try:
            service.deidentify(person, actor=current_user, reason=form.reason.data)
        except service.DataRequestError as exc:
            db.session.rollback()
            _error(None, exc)
        else:
            db.session.commit()
            flash(_("The person has been de-identified. The figures that count them are unchanged."), "success")
            return redirect(url_for("dataprotection.requests", person_id=person.id))
    return _page(person, deidentify_form=form), 422
