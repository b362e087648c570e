"""The supervisor's workspace: dashboard, bulk reassignment, supervision notes, collaborator reviews."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from casework.auth.models import User
from casework.auth.permissions import (
    Perm,
    can_hold_case,
    can_read_supervision_notes,
    can_review,
    can_write_supervision_note,
    has_permission,
    permission_required,
)
from casework.cases import queries as case_queries
from casework.cases.forms import CaseFilterForm
from casework.cases.lists import APPROVAL_COLUMNS, case_row_class
from casework.cases.models import Case, NoteKind
from casework.cases.service import CaseError
from casework.core.export import Column, export_response, wants_export
from casework.core.feedback import message_for, show_error
from casework.core.fields import parse_id
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.supervision import forms, queries, service
from casework.supervision.models import CollaboratorReview, ReviewRating

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

MAX_BATCH = 5000  # far above any real area's caseload; refuses absurd posts instead of silently cutting


def _dashboard_tables(today, now) -> dict[str, tuple[str, list[Column], list]]:
    """The dashboard's tables in page order; emergencies nobody has acted on come first (DESIGN §5)."""
    return {
        "emergencies": (_("Emergencies and their 12-hour clock"), queries.EMERGENCY_COLUMNS,
                        queries.emergencies(current_user)),
        "caseload": (_("Caseload per worker"), queries.CASELOAD_COLUMNS, queries.caseload(current_user)),
        "followups": (_("Overdue follow-ups"), queries.followup_columns(today),
                      queries.overdue_followups(current_user, today)),
        "inactive": (_("Cases with no activity for %(n)s days", n=queries.INACTIVE_DAYS),
                     queries.inactive_columns(now), queries.inactive_cases(current_user, now)),
        "approvals": (_("Waiting for a decision"), APPROVAL_COLUMNS, case_queries.approval_queue(current_user)),
        "reviews": (_("Due for a six-monthly review"), queries.REVIEW_DUE_COLUMNS,
                    queries.reviews_due(current_user, today)),
    }


@bp.route("/")
@permission_required(Perm.SUPERVISE)
def dashboard():
    today, now = local_today(), utcnow()
    tables = _dashboard_tables(today, now)
    if wants_export():
        name = request.args.get("table", "")
        if name not in tables:
            abort(404)
        title, columns, rows = tables[name]
        response = export_response(f"dashboard-{name}", title, columns, rows, actor=current_user,
                                   filters={"table": name})
        db.session.commit()
        return response
    year, half = queries.period_of(today)
    return render_template("supervision/dashboard.html", tables=tables, emergency_row=case_row_class,
                           period=queries.period_label(year, half))


@bp.route("/reassign", methods=["POST"])
@permission_required(Perm.APPROVE_CASES)
def reassign():
    """Step 1 (from the case list): the selected cases, a worker to choose. Step 2 (confirm): reassign."""
    selected, error = _selected_cases()
    if error:
        flash(error, "error")
        return redirect(url_for("cases.index", **_filter_args()))
    candidates = _candidates(selected)
    form = forms.ReassignForm()
    form.worker.choices = [(str(u.id), f"{u.full_name} ({u.username})") for u in candidates]
    if request.form.get("confirm") and form.validate_on_submit():
        worker = next(u for u in candidates if str(u.id) == form.worker.data)
        try:
            moved = service.reassign_cases(selected, worker, actor=current_user)
        except service.BatchRefused as exc:
            db.session.rollback()
            form.worker.errors = list(form.worker.errors) + [_refusal_text(exc)]
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(n)s of %(total)s selected cases reassigned to %(name)s (the others were already theirs).",
                    n=moved, total=len(selected), name=worker.full_name) if moved != len(selected) else
                  _("All %(n)s selected cases reassigned to %(name)s.", n=moved, name=worker.full_name), "success")
            return redirect(url_for("cases.index", **_filter_args()))
    return render_template("supervision/reassign.html", form=form, cases=selected, candidates=candidates,
                           filter_args=_filter_args()), 422 if form.worker.errors else 200


def _filter_args() -> dict:
    """The case list's filters, carried through the reassignment (hidden filter_* fields)."""
    return {key.removeprefix("filter_"): value for key, value in request.form.items()
            if key.startswith("filter_") and key != "filter_page"}


def _selected_cases() -> tuple[list[Case], str | None]:
    """The ticked cases, or every case matching the list's filters; an error text if none or unknown."""
    if request.form.get("all_matching"):
        form = CaseFilterForm(_filter_args_multidict())
        form.load_workers(queries.area_workers(current_user))
        filters = form.to_filters(current_user)
        selected = list(db.session.scalars(case_queries.case_list(current_user, filters)))
    else:
        raw = request.form.getlist("case_ids")
        ids = {parse_id(value) for value in raw}
        if None in ids or len(ids) > MAX_BATCH:
            return [], _("The selection could not be read. Tick the cases again.")
        selected = list(db.session.scalars(case_queries.visible_cases(current_user).where(Case.id.in_(ids))
                                           .order_by(Case.number))) if ids else []
        if len(selected) != len(ids):
            return [], _("Some selected cases are not in your area any more. Tick the cases again.")
    if not selected:
        return [], message_for(CaseError("nothing_selected"))
    if len(selected) > MAX_BATCH:
        return [], _("More than %(n)s cases: narrow the filters.", n=MAX_BATCH)
    return selected, None


def _filter_args_multidict():
    from werkzeug.datastructures import MultiDict

    return MultiDict(_filter_args())


def _candidates(selected: list[Case]) -> list[User]:
    """Active workers of the supervisor's area who may hold every selected case."""
    units = {case.org_unit_id: case.org_unit for case in selected}.values()
    return [u for u in queries.area_workers(current_user) if all(can_hold_case(u, unit) for unit in units)]


def _refusal_text(exc: service.BatchRefused) -> str:
    reasons = {"closed": _("closed"), "out_of_scope": _("outside your area"),
               "cannot_hold": _("outside the area this worker may hold")}
    shown = ", ".join(exc.refused[:20]) + (" …" if len(exc.refused) > 20 else "")
    return _("Nothing was reassigned: %(n)s cases are %(reason)s (%(numbers)s).", n=len(exc.refused),
             reason=reasons.get(exc.reason, exc.reason), numbers=shown)


# Supervision notes ---------------------------------------------------------------------------------

def case_page_extras(case: Case, data: dict, supervision_form=None) -> dict:
    """What the case page adds for supervision: its notes filtered, the note form, the assign link."""
    if not can_read_supervision_notes(current_user, case):
        data["notes"] = [n for n in data["notes"] if n.kind != NoteKind.SUPERVISION]
    if supervision_form is None:
        supervision_form = forms.SupervisionNoteForm(prefix=forms.SUPERVISION_PREFIX)
        supervision_form.occurred_on.data = local_today()
    return {"supervision_form": supervision_form,
            "can_write_supervision": can_write_supervision_note(current_user, case) and case.is_open,
            "can_assign": has_permission(current_user, Perm.APPROVE_CASES) and case.is_open}


@bp.route("/cases/<id:case_id>/notes", methods=["POST"])
@permission_required(Perm.SUPERVISE)
def add_note(case_id: int):
    from casework.cases.views import _detail_with

    case = case_queries.get_visible_case(current_user, case_id)
    if case is None:
        abort(404)
    form = forms.SupervisionNoteForm(prefix=forms.SUPERVISION_PREFIX)
    if form.validate_on_submit():
        try:
            service.add_supervision_note(case, actor=current_user, occurred_on=form.occurred_on.data,
                                         body=form.body.data)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Supervision note added."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return _detail_with(case, supervision_form=form)


# Six-monthly reviews ---------------------------------------------------------------------------

@bp.route("/reviews/<id:user_id>", methods=["GET", "POST"])
@permission_required(Perm.SUPERVISE)
def reviews(user_id: int):
    worker = db.session.scalar(select(User).join(User.home_unit).where(
        User.id == user_id, OrgUnit.path.startswith(current_user.home_unit.path, autoescape=True)))
    if worker is None:
        abort(404)
    if not can_review(current_user, worker):
        abort(403)
    rows = db.session.scalars(select(CollaboratorReview).where(CollaboratorReview.reviewee_id == worker.id)
                              .order_by(CollaboratorReview.year.desc(), CollaboratorReview.half.desc())).all()
    service.record_reviews_view(worker, actor=current_user)
    if wants_export():
        response = export_response("reviews", _("Reviews"), queries.REVIEW_COLUMNS, rows, actor=current_user,
                                   filters={"user": worker.id}, unit=worker.home_unit)
        db.session.commit()
        return response
    form = forms.ReviewForm()
    if request.method == "GET":
        year, half = queries.period_of(local_today())
        form.year.data, form.half.data, form.reviewed_on.data = year, str(half), local_today()
    if form.validate_on_submit():
        try:
            service.record_review(worker, actor=current_user, year=form.year.data, half=int(form.half.data),
                                  reviewed_on=form.reviewed_on.data, rating=ReviewRating(form.rating.data),
                                  notes=form.notes.data or "", actions=form.actions.data or "")
        except CaseError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Review saved."), "success")
            return redirect(url_for("supervision.reviews", user_id=worker.id))
    else:
        db.session.commit()  # the audited read
    return render_template("supervision/reviews.html", worker=worker, rows=rows, form=form,
                           columns=queries.REVIEW_COLUMNS), 422 if form.errors else 200
