"""The case workflow, deadlines, approvals and optimistic locking, at the service level."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.cases import service as cases
from casework.cases.models import (
    ApprovalStatus,
    AssessmentKind,
    CaseEvent,
    CaseStatus,
    ClosureReason,
    PlanItemStatus,
    RiskLevel,
)
from casework.cases.numbering import prefix_for
from casework.core.formatting import local_today
from casework.core.workdays import add_working_days
from casework.extensions import db
from casework.people.service import EditConflict
from tests.conftest import HN, KH, KH_WARD_A, KH_WARD_B, unit

RATING = [cases.CriterionRating("education", RiskLevel.HIGH), cases.CriterionRating("income", RiskLevel.MEDIUM)]


def test_case_numbers_run_per_province_and_year(open_case):
    first, second = open_case(), open_case()
    year = local_today().year
    assert first.number.startswith(f"KH-{year}-")
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_province_prefixes_are_unambiguous(app):
    assert prefix_for(unit(KH_WARD_A)) == "KH"
    assert prefix_for(unit(HN)) == "HN"
    assert prefix_for(unit("48")) == "DNA" and prefix_for(unit("75")) == "DNI"


def test_an_emergency_gets_a_12_hour_clock(open_case):
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    case = open_case(emergency=True, now=now)
    assert case.emergency_deadline == now + timedelta(hours=12)
    assert case.emergency_pending


def test_a_childs_support_plan_is_due_in_five_working_days(open_case, child, person):
    case = open_case(who=child)
    assert case.plan_due_on == add_working_days(local_today(), 5)
    assert open_case().plan_due_on is None  # an adult
    assert add_working_days(date(2026, 11, 27), 5) == date(2026, 12, 4)  # Friday + 5 working days


def test_the_workflow_refuses_illegal_steps_with_a_reason(open_case, worker):
    case = open_case()
    with pytest.raises(cases.CaseError) as info:
        cases.change_status(case, CaseStatus.IN_PROGRESS, actor=worker)
    assert info.value.code == "illegal_step"
    cases.change_status(case, CaseStatus.ASSESSMENT, actor=worker)
    with pytest.raises(cases.CaseError) as info:
        cases.change_status(case, CaseStatus.PLANNING, actor=worker)
    assert info.value.code == "needs_assessment"


def test_the_whole_path_from_intake_to_closure(open_case, worker, supervisor):
    case = open_case()
    cases.record_assessment(case, actor=worker, kind=AssessmentKind.INITIAL, assessed_on=local_today(),
                            ratings=RATING, summary="")
    assert (case.status, case.risk_level) == (CaseStatus.ASSESSMENT, RiskLevel.HIGH)
    item = cases.add_plan_item(case, actor=worker, goal="Học bổng cho cháu", service="scholarship",
                               responsible="CTV", due_on=None)
    assert case.status == CaseStatus.PLANNING
    cases.change_status(case, CaseStatus.IN_PROGRESS, actor=worker)
    cases.change_status(case, CaseStatus.REVIEW, actor=worker)
    cases.change_status(case, CaseStatus.PLANNING, actor=worker)  # review may loop back
    cases.change_status(case, CaseStatus.IN_PROGRESS, actor=worker)
    request = cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note="")
    assert case.is_open
    cases.decide(request, actor=supervisor, approve=True, comment="")
    db.session.commit()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, ClosureReason.GOALS_MET)
    assert item.status == PlanItemStatus.CANCELLED
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)
                               .order_by(CaseEvent.id)).all()
    assert kinds[0] == "opened" and kinds[-1] == "closure_approved"
    with pytest.raises(cases.CaseError, match="case_closed"):
        cases.add_note(case, actor=worker, kind=cases.NoteKind.PHONE, occurred_on=local_today(), body="x")


def test_nobody_approves_their_own_request(open_case, supervisor, make_user):
    case = open_case()
    request = cases.request_closure(case, actor=supervisor, reason=ClosureReason.OTHER, note="")
    with pytest.raises(cases.CaseError, match="self_approval"):
        cases.decide(request, actor=supervisor, approve=True, comment="")
    from casework.auth.models import Role

    other_province = make_user(Role.SUPERVISOR, HN)
    with pytest.raises(cases.CaseError, match="not_allowed"):
        cases.decide(request, actor=other_province, approve=True, comment="")
    assert request.status == ApprovalStatus.PENDING


def test_a_refusal_needs_a_comment_and_keeps_the_case_open(open_case, worker, supervisor):
    case = open_case()
    request = cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note="")
    with pytest.raises(cases.CaseError, match="comment_required"):
        cases.decide(request, actor=supervisor, approve=False, comment=" ")
    cases.decide(request, actor=supervisor, approve=False, comment="Chưa đạt mục tiêu")
    assert case.is_open and request.status == ApprovalStatus.REFUSED


def test_an_approved_transfer_moves_the_case(open_case, worker, supervisor, make_user):
    from casework.auth.models import Role
    from casework.cases.queries import visible_cases

    case = open_case()
    request = cases.request_transfer(case, actor=worker, target=unit(KH_WARD_B), note="Chuyển nơi ở")
    cases.decide(request, actor=supervisor, approve=True, comment="")
    db.session.commit()
    assert case.org_unit.code == KH_WARD_B
    assert case.assigned_to_id is None  # the old commune's worker cannot hold it any more
    neighbour = make_user(Role.COLLABORATOR, KH_WARD_B)
    assert db.session.scalar(visible_cases(neighbour).where(cases.Case.id == case.id)) is not None
    assert db.session.scalar(visible_cases(worker).where(cases.Case.id == case.id)) is None


def test_reopening_is_logged(open_case, worker, supervisor):
    case = open_case()
    cases.decide(cases.request_closure(case, actor=worker, reason=ClosureReason.LOST_CONTACT, note=""),
                 actor=supervisor, approve=True, comment="")
    cases.reopen_case(case, actor=worker, reason="Gia đình quay lại")
    db.session.commit()
    assert case.status == CaseStatus.REVIEW
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "case_reopen",
                                                         AuditEvent.entity_id == case.id))


def test_an_emergency_action_stops_the_flag(open_case, worker):
    case = open_case(emergency=True)
    with pytest.raises(cases.CaseError, match="note_required"):
        cases.record_emergency_action(case, actor=worker, note="")
    cases.record_emergency_action(case, actor=worker, note="Đưa trẻ về trung tâm")
    assert not case.emergency_pending


def test_a_stale_version_is_a_conflict_and_changes_nothing(open_case, worker):
    case = open_case()
    seen = case.version
    cases.update_case(case, actor=worker, expected_version=seen, summary="Bản thứ nhất", needs=["income"],
                      risk_level=None)
    db.session.commit()
    with pytest.raises(EditConflict):
        cases.update_case(case, actor=worker, expected_version=seen, summary="Bản thứ hai", needs=[],
                          risk_level=None)
    db.session.rollback()
    assert case.summary == "Bản thứ nhất"


def test_assigning_only_to_workers_who_may_hold_the_case(open_case, supervisor, make_user):
    from casework.auth.models import Role

    case = open_case()
    with pytest.raises(cases.CaseError, match="bad_assignee"):
        cases.assign_case(case, make_user(Role.COLLABORATOR, KH_WARD_B), actor=supervisor)
    cases.assign_case(case, make_user(Role.COLLABORATOR, KH_WARD_A), actor=supervisor)
    with pytest.raises(cases.CaseError, match="bad_assignee"):
        cases.assign_case(case, make_user(Role.ADMIN, KH), actor=supervisor)
