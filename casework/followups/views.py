"""My follow-ups (due today, overdue, next 7 days), planning and completing them; notifications."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from casework.auth.permissions import Perm, can_work_case, permission_required
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.core.export import DATE, Column, export_response, wants_export
from casework.core.feedback import message_for, show_error
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.followups import service
from casework.followups.models import FollowUp
from casework.referrals.forms import FollowUpDoneForm, FollowUpForm
from casework.referrals.models import Notification

bp = Blueprint("followups", __name__)


AGENDA_COLUMNS = [
    Column(_l("Due"), lambda f: f.due_on, DATE),
    Column(_l("Case"), lambda f: f.case.number, link=lambda f: url_for("cases.detail", case_id=f.case_id)),
    Column(_l("Person"), lambda f: f.case.person.full_name),
    Column(_l("Follow-up"), lambda f: f.title, link=lambda f: url_for("followups.done", followup_id=f.id)),
]


@bp.route("/followups/")
@permission_required(Perm.EDIT_CASES)
def mine():
    work = service.agenda(current_user, local_today())
    sections = [(_l("Overdue"), work.overdue), (_l("Due today"), work.today),
                (_l("In the next 7 days"), work.next_7_days)]
    if wants_export():
        rows = [(label, f) for label, found in sections for f in found]
        columns = [Column(_l("When"), lambda r: str(r[0])),
                   *[Column(c.header, lambda r, c=c: c.value(r[1]), c.kind) for c in AGENDA_COLUMNS]]
        response = export_response("followups", _("My follow-ups"), columns, rows, actor=current_user, filters={})
        db.session.commit()
        return response
    return render_template("followups/agenda.html", sections=sections, columns=AGENDA_COLUMNS,
                           overdue_row=lambda row: "row-emergency")


@bp.route("/cases/<id:case_id>/followups/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def new(case_id: int):
    case = get_visible_case(current_user, case_id)
    if case is None:
        abort(404)
    if not can_work_case(current_user, case):
        abort(403)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            service.schedule_followup(case, actor=current_user, title=form.title.data, kind=form.kind.data,
                                      due_on=form.due_on.data, recurrence_months=form.recurrence_months.data)
        except CaseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("Follow-up planned."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("followups/form.html", form=form, case=case), 422 if form.errors else 200


@bp.route("/followups/<id:followup_id>/done", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def done(followup_id: int):
    followup = db.session.get(FollowUp, followup_id)
    if followup is None or get_visible_case(current_user, followup.case_id) is None:
        abort(404)
    if not can_work_case(current_user, followup.case):
        abort(403)
    form = FollowUpDoneForm()
    if form.validate_on_submit():
        try:
            following = service.complete_followup(followup, actor=current_user, outcome=form.outcome.data)
        except CaseError as exc:
            form.outcome.errors = list(form.outcome.errors) + [message_for(exc)]
        else:
            db.session.commit()
            flash(_("Follow-up done.") + (" " + _("The next one is planned for %(day)s.",
                                                  day=following.due_on.strftime("%d/%m/%Y")) if following else ""),
                  "success")
            return redirect(url_for("cases.detail", case_id=followup.case_id))
    return render_template("followups/done.html", form=form, followup=followup), 422 if form.errors else 200


@bp.route("/notifications/")
@login_required
def notifications():
    rows = db.session.scalars(select(Notification).where(Notification.user_id == current_user.id)
                              .order_by(Notification.created_at.desc()).limit(50)).all()
    unread = [n for n in rows if n.read_at is None]
    for note in unread:
        note.read_at = utcnow()
    db.session.commit()
    return render_template("followups/notifications.html", rows=rows, unread_ids={n.id for n in unread})
