"""Upload a beneficiary list, map its columns, preview the problems, import, download the rejected rows."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from casework.audit import service as audit
from casework.auth.permissions import Perm, in_scope, permission_required
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.imports import labels, service
from casework.imports.forms import MappingForm, StartImportForm, UploadForm
from casework.imports.models import BatchStatus, ImportBatch
from casework.orgunits.models import OrgUnit

bp = Blueprint("imports", __name__, url_prefix="/imports")
BUSY = (BatchStatus.CHECKING, BatchStatus.IMPORTING)


def _batch_or_404(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not in_scope(current_user, batch.org_unit):
        abort(404)
    return batch


@bp.route("/", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def index():
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = service.upload(upload.read(), upload.filename or "", actor=current_user,
                                   unit=current_user.home_unit)
        except service.ImportError_ as exc:
            db.session.rollback()
            form.file.errors = [str(labels.ERRORS[exc.code])]
        else:
            db.session.commit()
            return redirect(url_for("imports.mapping", batch_id=batch.id))
    batches = db.session.scalars(
        select(ImportBatch).join(OrgUnit, ImportBatch.org_unit_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True))
        .order_by(ImportBatch.id.desc()).limit(20)).all()
    return render_template("imports/index.html", form=form, batches=batches,
                           status_labels=labels.STATUS_LABELS), 422 if form.errors else 200


@bp.route("/<id:batch_id>/mapping", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def mapping(batch_id: int):
    batch = _batch_or_404(batch_id)
    if batch.status in BUSY:
        return redirect(url_for("imports.batch", batch_id=batch.id))
    form = MappingForm.for_headers(batch.headers)()
    if not form.is_submitted():
        for name in service.FIELDS:
            index = batch.mapping.get(name)
            getattr(form, name).data = "" if index is None else str(index)
    if form.validate_on_submit():
        chosen = {name: int(getattr(form, name).data) if getattr(form, name).data else None
                  for name in service.FIELDS}
        try:
            service.set_mapping(batch, chosen, actor=current_user)
        except service.ImportError_ as exc:
            db.session.rollback()
            form.full_name.errors = [str(labels.ERRORS[exc.code])]
        else:
            db.session.commit()
            service.launch("preview", batch.id, actor_id=current_user.id, today=local_today())
            return redirect(url_for("imports.batch", batch_id=batch.id))
    return render_template("imports/mapping.html", batch=batch, form=form,
                           fields=list(service.FIELDS)), 422 if form.errors else 200


@bp.route("/<id:batch_id>")
@permission_required(Perm.EDIT_CASES)
def batch(batch_id: int):
    batch = _batch_or_404(batch_id)
    if batch.status == BatchStatus.UPLOADED:
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    return render_template(
        "imports/batch.html", batch=batch, status_labels=labels.STATUS_LABELS, field_labels=labels.FIELD_LABELS,
        problem_message=labels.problem_message, error=labels.ERRORS.get(batch.error or "", batch.error),
        earlier=service.earlier_import(batch), start_form=StartImportForm(), busy=batch.status in BUSY,
        interrupted=service.interrupted(batch, utcnow()),
        columns=[name for name in service.FIELDS if batch.mapping.get(name) is not None],
        rows_with_cells=[r for r in batch.preview if "cells" in r])


@bp.route("/<id:batch_id>/status")
@permission_required(Perm.EDIT_CASES)
def status(batch_id: int):
    """Polled by static/js/import-progress.js while a job runs."""
    batch = _batch_or_404(batch_id)
    return jsonify(status=batch.status.value, progress=batch.progress, total=batch.total_rows,
                   label=str(labels.STATUS_LABELS[batch.status]))


@bp.route("/<id:batch_id>/import", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def start(batch_id: int):
    batch = _batch_or_404(batch_id)
    if not StartImportForm().validate_on_submit():
        abort(400)
    try:
        service.start_import(batch, actor=current_user)
    except service.ImportError_ as exc:
        db.session.rollback()
        flash(str(labels.ERRORS[exc.code]), "error")
    else:
        db.session.commit()
        service.launch("import", batch.id, actor_id=current_user.id, today=local_today())
    return redirect(url_for("imports.batch", batch_id=batch.id))


@bp.route("/<id:batch_id>/rejected.xlsx")
@permission_required(Perm.EDIT_CASES)
def rejected(batch_id: int):
    """The rows that were not (or would not be) imported, with the reason beside each."""
    batch = _batch_or_404(batch_id)
    if batch.status not in (BatchStatus.PREVIEWED, BatchStatus.DONE):
        abort(404)
    path = service.write_rejected_file(batch, labels.problem_message)
    audit.record("import_rejected_download", actor=current_user, entity=batch, unit=batch.org_unit,
                 changes={"rows": len(batch.preview)})
    db.session.commit()
    return send_file(io.BytesIO(path.read_bytes()), as_attachment=True, download_name=f"dong-bi-loai-{batch.id}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
