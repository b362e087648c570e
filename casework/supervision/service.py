"""Supervisors' actions: reassign many cases at once, write supervision notes, record six-monthly reviews.

Services flush and audit; the caller commits.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from casework.audit import service as audit
from casework.auth.models import User
from casework.auth.permissions import (
    Perm,
    can_hold_case,
    can_review,
    can_write_supervision_note,
    has_permission,
    in_scope,
)
from casework.cases import service as cases
from casework.cases.models import Case, CaseNote, NoteKind
from casework.cases.service import CaseError
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.referrals.models import Notification
from casework.supervision.models import CollaboratorReview, ReviewRating

NOTIFIED_NUMBERS = 50  # a notification lists at most this many case numbers, then "and N more"


class BatchRefused(CaseError):
    """The whole batch is refused; refused holds the numbers of the cases that may not go to the worker."""

    def __init__(self, refused: list[str], reason: str):
        super().__init__("batch_refused", "worker")
        self.refused = refused
        self.reason = reason


def reassign_cases(selected: list[Case], worker: User, *, actor) -> int:
    """Give every selected case to worker, all or nothing, and tell the worker.

    Refused as a whole (BatchRefused, nothing changes) when the actor may not reassign, a case is
    closed or outside the actor's area, or the worker may not hold one of the cases.
    """
    if not selected:
        raise CaseError("nothing_selected", "case_ids")
    if not has_permission(actor, Perm.APPROVE_CASES):
        raise CaseError("not_allowed")
    closed = [c.number for c in selected if not c.is_open]
    if closed:
        raise BatchRefused(closed, "closed")
    outside = [c.number for c in selected if not in_scope(actor, c.org_unit)]
    if outside:
        raise BatchRefused(outside, "out_of_scope")
    cannot_hold = [c.number for c in selected if not can_hold_case(worker, c.org_unit)]
    if cannot_hold:
        raise BatchRefused(cannot_hold, "cannot_hold")
    moved = [case for case in selected if case.assigned_to_id != worker.id]
    for case in moved:
        cases.assign_case(case, worker, actor=actor)
    if moved:
        _notify_assignment(worker, moved, actor=actor)
    audit.record("case_bulk_assign", actor=actor, entity=worker, unit=actor.home_unit,
                 changes={"cases": len(moved), "selected": len(selected), "assigned_to": worker.id})
    db.session.flush()
    return len(moved)


def _notify_assignment(worker: User, moved: list[Case], *, actor) -> None:
    numbers = [c.number for c in moved]
    with force_locale(worker.locale or "vi"):
        title = _("%(name)s assigned %(n)s cases to you", name=actor.full_name, n=len(moved))
        body = ", ".join(numbers[:NOTIFIED_NUMBERS])
        if len(numbers) > NOTIFIED_NUMBERS:
            body += " " + _("and %(n)s more", n=len(numbers) - NOTIFIED_NUMBERS)
    db.session.add(Notification(user_id=worker.id, created_at=utcnow(), kind="assignment", title=title[:200],
                                body=body))


def add_supervision_note(case: Case, *, actor, occurred_on: date, body: str) -> CaseNote:
    """A supervisor's note on the case, read only by supervisors of the area and the assigned worker."""
    if not can_write_supervision_note(actor, case):
        raise CaseError("not_allowed")
    if not body.strip():
        raise CaseError("note_required", "body")
    if occurred_on is None or occurred_on > local_today() + timedelta(days=1):
        raise CaseError("bad_date", "occurred_on")
    note = CaseNote(case_id=case.id, kind=NoteKind.SUPERVISION, occurred_on=occurred_on, body=body.strip(),
                    author_id=actor.id)
    db.session.add(note)
    db.session.flush()
    cases._event(case, "supervision_note", actor=actor)
    # The note's text is sensitive: the audit row says a note was written, not what it says.
    audit.record("supervision_note_create", actor=actor, entity=case, unit=case.org_unit)
    return note


def record_review(reviewee: User, *, actor, year: int, half: int, reviewed_on: date, rating: ReviewRating,
                  notes: str, actions: str) -> CollaboratorReview:
    """The six-monthly review of a collaborator (Circular 07/2013): one per person and half-year."""
    if not can_review(actor, reviewee):
        raise CaseError("not_allowed")
    if half not in (1, 2):
        raise CaseError("bad_period", "half")
    today = local_today()
    if not 2013 <= year <= today.year:
        raise CaseError("bad_period", "year")
    if reviewed_on is None or reviewed_on > today + timedelta(days=1) or reviewed_on.year < year:
        raise CaseError("bad_date", "reviewed_on")
    existing = db.session.scalar(select(CollaboratorReview.id).where(
        CollaboratorReview.reviewee_id == reviewee.id, CollaboratorReview.year == year,
        CollaboratorReview.half == half))
    if existing is not None:
        raise CaseError("review_exists", "half")
    review = CollaboratorReview(reviewee_id=reviewee.id, reviewer_id=actor.id, org_unit_id=reviewee.home_unit_id,
                                year=year, half=half, reviewed_on=reviewed_on, rating=rating,
                                notes=notes.strip(), actions=actions.strip())
    db.session.add(review)
    db.session.flush()
    audit.record("collaborator_review_create", actor=actor, entity=review, unit=reviewee.home_unit,
                 changes={"reviewee": reviewee.id, "period": f"{year}-H{half}"})
    return review


def record_reviews_view(reviewee: User, *, actor) -> None:
    """Reading a person's reviews is audited like any read of personal data."""
    audit.record("collaborator_review_view", actor=actor, entity=reviewee, unit=reviewee.home_unit)
