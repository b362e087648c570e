"""Case pages: lists, intake, the case file and every step recorded on it."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.auth.models import User
from casework.auth.permissions import (
    Perm,
    can_decide_approval,
    can_hold_case,
    can_view_case,
    can_work_case,
    has_permission,
    permission_required,
)
from casework.cases import attachments, forms, queries, service
from casework.cases.labels import ERRORS, NEEDS
from casework.cases.lists import APPROVAL_COLUMNS, CASE_COLUMNS, CASE_SELECTION, case_row_class
from casework.cases.models import (
    ApprovalRequest,
    AssessmentKind,
    Attachment,
    AttachmentKind,
    Case,
    CaseSource,
    CaseStatus,
    ClosureReason,
    NoteKind,
    PlanItem,
    PlanItemStatus,
    RiskLevel,
)
from casework.core.export import export_response, wants_export
from casework.core.fields import page_number, parse_version
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.orgunits.queries import unit_by_code
from casework.people.queries import get_visible_person, households_of
from casework.people.service import EditConflict
from casework.supervision.views import case_page_extras

bp = Blueprint("cases", __name__, url_prefix="/cases")


def _case_or_404(case_id: int) -> Case:
    case = queries.get_visible_case(current_user, case_id)
    if case is None or not can_view_case(current_user, case):
        abort(404)
    return case


def _workable_case(case_id: int) -> Case:
    case = _case_or_404(case_id)
    if not can_work_case(current_user, case):
        abort(403)
    return case


def _error(exc: service.CaseError, form=None) -> None:
    message = str(ERRORS.get(exc.code, exc.code))
    target = getattr(form, exc.field, None) if form is not None and exc.field else None
    if target is not None:
        target.errors = list(target.errors) + [message]
    else:
        flash(message, "error")


def _back(case: Case):
    return redirect(url_for("cases.detail", case_id=case.id))


@bp.route("/")
@permission_required(Perm.VIEW_CASES)
def index():
    form = forms.CaseFilterForm(request.args)
    can_work = has_permission(current_user, Perm.EDIT_CASES)
    can_reassign = has_permission(current_user, Perm.APPROVE_CASES)
    if can_reassign:
        from casework.supervision.queries import area_workers

        form.load_workers(area_workers(current_user))
    filters = form.to_filters(current_user)
    stmt = queries.case_list(current_user, filters)
    if wants_export():
        response = export_response("cases", _("Cases"), CASE_COLUMNS, db.session.scalars(stmt), actor=current_user,
                                   filters=asdict(filters))
        db.session.commit()
        return response
    page = page_number(request.args.get("page"))
    per_page = min(max(request.args.get("per_page", 25, type=int), 1), 100)
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    page_args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("cases/index.html", form=form, cases=pagination, page_args=page_args,
                           emergencies=queries.pending_emergencies(current_user), mine=filters.mine_only,
                           can_work=can_work, columns=CASE_COLUMNS, can_reassign=can_reassign,
                           row_class=case_row_class, selection=CASE_SELECTION)


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def create():
    person_id = request.args.get("person_id", 0, type=int)
    if not person_id:
        return redirect(url_for("people.search_page"))
    person = get_visible_person(current_user, person_id) if 0 < person_id < 2**31 else None
    if person is None:
        abort(404)
    form = forms.CaseForm()
    if form.validate_on_submit():
        household = next(iter(households_of(person)), None)
        try:
            case = service.open_case(
                person, actor=current_user, unit=current_user.home_unit, source=CaseSource(form.source.data),
                needs=list(form.needs.data or []), summary=form.summary.data,
                risk_level=RiskLevel(form.risk_level.data) if form.risk_level.data else None,
                emergency=form.emergency.data, household=household)
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Case %(number)s opened.", number=case.number), "success")
            return _back(case)
    return render_template("cases/form.html", form=form, person=person, case=None), 422 if form.errors else 200


@bp.route("/<id:case_id>")
@permission_required(Perm.VIEW_CASES)
def detail(case_id: int):
    case = _case_or_404(case_id)
    service.record_view(case, actor=current_user)
    can_work = can_work_case(current_user, case) and case.is_open
    data = queries.case_page_data(case)
    extras = case_page_extras(case, data)
    page = render_template(
        "cases/detail.html", case=case, can_work=can_work, next_steps=sorted(service.TRANSITIONS[case.status]),
        step_form=forms.StepForm(), note_form=_note_form(), plan_form=forms.PlanItemForm(),
        plan_status_form=forms.PlanStatusForm(), emergency_form=forms.EmergencyActionForm(),
        attachment_form=forms.AttachmentForm(), reopen_form=forms.ReopenForm(), decision_form=forms.DecisionForm(),
        can_decide=lambda req: can_decide_approval(current_user, req), can_reopen=can_work_case(current_user, case),
        **data, **extras,
    )
    # The audit row of this read commits once the page is rendered: committing first would expire
    # everything loaded and cost the page its queries again.
    db.session.commit()
    return page


def _note_form():
    form = forms.NoteForm()
    if not form.occurred_on.data:
        form.occurred_on.data = local_today()
    return form


@bp.route("/<id:case_id>/edit", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def edit(case_id: int):
    case = _workable_case(case_id)
    form = forms.CaseEditForm(obj=None if request.method == "POST" else case)
    if request.method == "GET":
        form.risk_level.data = case.risk_level.value if case.risk_level else ""
        form.needs.data = list(case.needs or [])
        form.version.data = str(case.version)
    conflict = False
    if form.validate_on_submit():
        try:
            service.update_case(case, actor=current_user, expected_version=parse_version(form.version.data),
                                summary=form.summary.data, needs=list(form.needs.data or []),
                                risk_level=RiskLevel(form.risk_level.data) if form.risk_level.data else None)
        except EditConflict:
            db.session.rollback()
            conflict = True
            case = _case_or_404(case_id)
            form.version.data = str(case.version)  # saving again now knowingly replaces the other change
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return _back(case)
    return render_template("cases/form.html", form=form, person=case.person, case=case, conflict=conflict), (
        409 if conflict else 422 if form.errors else 200)


@bp.route("/<id:case_id>/step", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def step(case_id: int):
    case = _workable_case(case_id)
    form = forms.StepForm()
    if not form.validate_on_submit() or form.to.data not in {s.value for s in CaseStatus}:
        abort(400)
    try:
        service.change_status(case, CaseStatus(form.to.data), actor=current_user,
                              expected_version=parse_version(form.version.data) if form.version.data else None)
    except EditConflict:
        db.session.rollback()
        flash(_("Someone else changed this case a moment ago. Look at it again before moving it on."), "error")
    except service.CaseError as exc:
        db.session.rollback()
        _error(exc)
    else:
        db.session.commit()
        flash(_("The case moved on."), "success")
    return _back(case)


@bp.route("/<id:case_id>/assessments/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def assess(case_id: int):
    case = _workable_case(case_id)
    form = forms.AssessmentForm()
    if request.method == "GET":
        form.assessed_on.data = local_today()
        form.kind.data = (AssessmentKind.INITIAL if case.status == CaseStatus.INTAKE else AssessmentKind.DETAILED).value
        for entry in form.ratings.entries:
            if entry.form.domain.data in (case.needs or []):
                entry.form.level.data = ""
    if form.validate_on_submit():
        ratings = [service.CriterionRating(domain=e.form.domain.data, level=RiskLevel(e.form.level.data),
                                           note=(e.form.note.data or "").strip() or None)
                   for e in form.ratings.entries if e.form.level.data]
        try:
            service.record_assessment(case, actor=current_user, kind=AssessmentKind(form.kind.data),
                                      assessed_on=form.assessed_on.data, ratings=ratings,
                                      summary=form.summary.data or "")
        except service.CaseError as exc:
            if exc.field == "ratings":
                form.ratings.errors = [str(ERRORS[exc.code])]
            else:
                _error(exc, form)
        else:
            db.session.commit()
            flash(_("Assessment saved."), "success")
            return _back(case)
    return render_template("cases/assessment_form.html", form=form, case=case, needs=NEEDS), (
        422 if form.errors else 200)


@bp.route("/<id:case_id>/plan", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def add_plan_item(case_id: int):
    case = _workable_case(case_id)
    form = forms.PlanItemForm()
    if form.validate_on_submit():
        try:
            service.add_plan_item(case, actor=current_user, goal=form.goal.data, service=form.service.data,
                                  responsible=form.responsible.data or "", due_on=form.due_on.data)
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Added to the plan."), "success")
            return _back(case)
    return _detail_with(case, plan_form=form)


@bp.route("/<id:case_id>/plan/<id:item_id>", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def plan_item_status(case_id: int, item_id: int):
    case = _workable_case(case_id)
    item = db.session.get(PlanItem, item_id)
    form = forms.PlanStatusForm()
    if item is None or item.case_id != case.id:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    try:
        service.set_plan_item_status(item, case, PlanItemStatus(form.status.data), actor=current_user)
    except service.CaseError as exc:
        _error(exc)
    else:
        db.session.commit()
    return _back(case)


@bp.route("/<id:case_id>/notes", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def add_note(case_id: int):
    case = _workable_case(case_id)
    form = forms.NoteForm()
    if form.validate_on_submit():
        try:
            service.add_note(case, actor=current_user, kind=NoteKind(form.kind.data),
                             occurred_on=form.occurred_on.data, body=form.body.data)
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Note added."), "success")
            return _back(case)
    return _detail_with(case, note_form=form)


def _detail_with(case: Case, **overrides):
    """Re-show the case page with one form holding its errors and what was typed."""
    data = queries.case_page_data(case)
    extras = case_page_extras(case, data, overrides.pop("supervision_form", None))
    context = {
        "case": case, "can_work": can_work_case(current_user, case) and case.is_open,
        "next_steps": sorted(service.TRANSITIONS[case.status]), "step_form": forms.StepForm(),
        "note_form": _note_form(), "plan_form": forms.PlanItemForm(), "plan_status_form": forms.PlanStatusForm(),
        "emergency_form": forms.EmergencyActionForm(), "attachment_form": forms.AttachmentForm(),
        "reopen_form": forms.ReopenForm(), "decision_form": forms.DecisionForm(),
        "can_decide": lambda req: can_decide_approval(current_user, req),
        "can_reopen": can_work_case(current_user, case), **data, **extras,
    }
    context.update(overrides)
    return render_template("cases/detail.html", **context), 422


@bp.route("/<id:case_id>/emergency", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def emergency_action(case_id: int):
    case = _workable_case(case_id)
    form = forms.EmergencyActionForm()
    if form.validate_on_submit():
        try:
            service.record_emergency_action(case, actor=current_user, note=form.note.data)
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Emergency action recorded."), "success")
            return _back(case)
    return _detail_with(case, emergency_form=form)


@bp.route("/<id:case_id>/attachments", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def upload(case_id: int):
    case = _workable_case(case_id)
    form = forms.AttachmentForm()
    if form.validate_on_submit():
        try:
            attachments.save_attachment(case, form.file.data, actor=current_user,
                                        kind=AttachmentKind(form.kind.data))
        except service.CaseError as exc:
            db.session.rollback()
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("File attached."), "success")
            return _back(case)
    return _detail_with(case, attachment_form=form)


@bp.route("/attachments/<id:attachment_id>")
@permission_required(Perm.VIEW_CASES)
def download(attachment_id: int):
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    _case_or_404(attachment.case_id)
    try:
        path, name, mimetype = attachments.open_attachment(attachment, actor=current_user)
    except FileNotFoundError:
        current_app.logger.error("attachment %s missing from storage", attachment.id)
        abort(404)
    db.session.commit()
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)


@bp.route("/<id:case_id>/close", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def request_closure(case_id: int):
    case = _workable_case(case_id)
    form = forms.ClosureRequestForm()
    if form.validate_on_submit():
        try:
            service.request_closure(case, actor=current_user, reason=ClosureReason(form.reason.data),
                                    note=form.note.data or "")
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Closure requested. A supervisor of the unit will approve or refuse it."), "success")
            return _back(case)
    return render_template("cases/request_form.html", form=form, case=case, kind="closure"), (
        422 if form.errors else 200)


@bp.route("/<id:case_id>/transfer", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def request_transfer(case_id: int):
    case = _workable_case(case_id)
    form = forms.TransferRequestForm()
    if form.validate_on_submit():
        target = unit_by_code(form.target_unit_code.data)
        if target is None:
            form.target_unit_code.errors.append(_("No unit has this code."))
        else:
            try:
                service.request_transfer(case, actor=current_user, target=target, note=form.note.data or "")
            except service.CaseError as exc:
                _error(exc, form)
            else:
                db.session.commit()
                flash(_("Transfer requested. A supervisor of the unit will approve or refuse it."), "success")
                return _back(case)
    return render_template("cases/request_form.html", form=form, case=case, kind="transfer"), (
        422 if form.errors else 200)


@bp.route("/approvals")
@permission_required(Perm.APPROVE_CASES)
def approvals():
    from casework.supervision.queries import OVERRIDE_COLUMNS, recent_consent_overrides

    requests = queries.approval_queue(current_user)
    if wants_export():
        if request.args.get("table") == "overrides":
            response = export_response("consent-overrides", _("Consent overrides to review"), OVERRIDE_COLUMNS,
                                       recent_consent_overrides(current_user), actor=current_user,
                                       filters={"table": "overrides"})
        else:
            response = export_response("approvals", _("Approvals"), APPROVAL_COLUMNS, requests, actor=current_user,
                                       filters={})
        db.session.commit()
        return response
    return render_template("cases/approvals.html", requests=requests, columns=APPROVAL_COLUMNS,
                           decision_form=forms.DecisionForm(), overrides=recent_consent_overrides(current_user),
                           override_columns=OVERRIDE_COLUMNS,
                           can_decide=lambda req: can_decide_approval(current_user, req))


@bp.route("/approvals/<id:request_id>", methods=["POST"])
@permission_required(Perm.APPROVE_CASES)
def decide(request_id: int):
    req = db.session.get(ApprovalRequest, request_id)
    if req is None or queries.get_visible_case(current_user, req.case_id) is None:
        abort(404)
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.decide(req, actor=current_user, approve=bool(form.approve.data), comment=form.comment.data or "")
    except service.CaseError as exc:
        db.session.rollback()
        _error(exc)
    else:
        db.session.commit()
        flash(_("Decision recorded."), "success")
    if request.form.get("from") == "queue":
        return redirect(url_for("cases.approvals"))
    return redirect(url_for("cases.detail", case_id=req.case_id))


@bp.route("/<id:case_id>/reopen", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def reopen(case_id: int):
    case = _case_or_404(case_id)
    if not can_work_case(current_user, case):
        abort(403)
    form = forms.ReopenForm()
    if form.validate_on_submit():
        try:
            service.reopen_case(case, actor=current_user, reason=form.reason.data)
        except service.CaseError as exc:
            _error(exc)
        else:
            db.session.commit()
            flash(_("Case reopened."), "success")
            return _back(case)
    return _detail_with(case, reopen_form=form)


@bp.route("/<id:case_id>/assign", methods=["GET", "POST"])
@permission_required(Perm.APPROVE_CASES)
def assign(case_id: int):
    case = _case_or_404(case_id)
    candidates = [u for u in db.session.scalars(
        select(User).join(User.home_unit).where(OrgUnit.path.startswith(current_user.home_unit.path,
                                                                         autoescape=True), User.active.is_(True))
        .order_by(User.full_name)) if can_hold_case(u, case.org_unit)]
    form = forms.AssignForm()
    form.worker.choices = [(str(u.id), f"{u.full_name} ({u.username})") for u in candidates]
    if form.validate_on_submit():
        worker = next(u for u in candidates if str(u.id) == form.worker.data)
        try:
            service.assign_case(case, worker, actor=current_user)
        except service.CaseError as exc:
            _error(exc, form)
        else:
            db.session.commit()
            flash(_("Case assigned to %(name)s.", name=worker.full_name), "success")
            return _back(case)
    return render_template("cases/assign.html", form=form, case=case), 422 if form.errors else 200
