"""Dashboard, exports, supervision notes and six-monthly reviews, through HTTP."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import Case, CaseNote, ClosureReason, NoteKind, RiskLevel
from casework.cases.service import CaseError
from casework.core.formatting import local_today
from casework.db import utcnow
from casework.extensions import db
from casework.followups import service as followups
from casework.supervision import service
from casework.supervision.models import CollaboratorReview, ReviewRating
from tests.conftest import KH_WARD_A, KH_WARD_B
from tests.supervision.conftest import html_tables


def _workbook_rows(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _as_screen(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def test_the_case_list_export_equals_the_list_on_screen_for_the_same_filters(
        app, client, login, worker, colleague, supervisor, open_case):
    made = [open_case(risk_level=RiskLevel.HIGH) for _ in range(4)] + [open_case(risk_level=RiskLevel.LOW)]
    cases.assign_case(made[0], colleague, actor=supervisor)
    db.session.commit()
    login(supervisor)
    query = "/cases/?scope=unit&risk=high"
    screen = html_tables(client.get(query).data.decode())[0]
    rows = _workbook_rows(client.get(query + "&format=xlsx"))
    # A supervisor's list starts with the checkboxes for reassignment; the other columns are the file's.
    assert screen["head"][0] == "Chọn"
    screen = {"head": screen["head"][1:], "rows": [row[1:] for row in screen["rows"]]}
    assert rows[0] == screen["head"]
    assert len(rows) - 1 == len(screen["rows"]) == 4
    for from_file, on_screen in zip(rows[1:], screen["rows"], strict=True):
        assert [_as_screen(v) for v in from_file] == on_screen
    opened = rows[0].index("Ngày mở")
    assert isinstance(rows[1][opened], type(rows[1][opened])) and hasattr(rows[1][opened], "year")  # a real date
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export")
                              .order_by(AuditEvent.id.desc()))
    assert event.actor_id == supervisor.id
    assert event.changes["list"] == "cases" and event.changes["rows"] == 4
    assert event.changes["filters"] == {"risk": "high"}
    assert "Trần Thị Bích" not in str(event.changes)


def test_the_export_has_every_matching_row_not_only_the_first_page(app, client, login, supervisor, open_case):
    for _ in range(30):
        open_case()
    db.session.commit()
    login(supervisor)
    screen = html_tables(client.get("/cases/?scope=unit").data.decode())[0]
    assert len(screen["rows"]) == 25
    assert len(_workbook_rows(client.get("/cases/?scope=unit&format=xlsx"))) == 31


def test_dashboard_shows_caseload_emergency_clock_overdue_followup_and_quiet_cases(
        app, client, login, worker, colleague, supervisor, open_case):
    today = local_today()
    first = open_case(risk_level=RiskLevel.HIGH)
    open_case(emergency=True)
    quiet = open_case()
    followups.schedule_followup(first, actor=worker, title="Thăm nhà tháng 3", kind="home_visit",
                                due_on=today - timedelta(days=5))
    db.session.execute(update(Case).where(Case.id == quiet.id)
                       .values(last_activity_at=utcnow() - timedelta(days=45)))
    db.session.commit()
    login(supervisor)
    html = client.get("/supervision/").data.decode()
    tables = html_tables(html)
    caseload = next(t for t in tables if t["head"][:2] == ["Người phụ trách", "Hồ sơ đang mở"])
    assert [worker.full_name, "3"] == caseload["rows"][0][:2]
    emergencies = next(t for t in tables if "Đồng hồ" in t["head"])
    assert "còn 11 giờ" in emergencies["rows"][0][-1] or "còn 12 giờ" in emergencies["rows"][0][-1]
    overdue = next(t for t in tables if "Số ngày trễ" in t["head"])
    assert overdue["rows"][0][1] == "5" and "Thăm nhà tháng 3" in overdue["rows"][0]
    inactive = next(t for t in tables if "Số ngày không có hoạt động" in t["head"])
    assert inactive["rows"][0][0] == quiet.number and inactive["rows"][0][-1] == "45"
    due = next(t for t in tables if "Lần đánh giá gần nhất" in t["head"])
    assert {worker.full_name, colleague.full_name} <= {row[0] for row in due["rows"]}
    rows = _workbook_rows(client.get("/supervision/?table=followups&format=xlsx"))
    assert rows[1][1] == 5 and rows[1][0].date() == today - timedelta(days=5)  # numbers and dates, not text


def test_an_unknown_dashboard_table_is_not_found(app, client, login, supervisor):
    login(supervisor)
    assert client.get("/supervision/?table=nope&format=xlsx").status_code == 404


def test_the_approvals_queue_exports_and_lists_consent_overrides(app, client, login, worker, supervisor, open_case):
    case = open_case()
    cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note="Đã xong")
    db.session.commit()
    login(supervisor)
    rows = _workbook_rows(client.get("/cases/approvals?format=xlsx"))
    assert len(rows) == 2 and case.number in rows[1]


def test_supervision_notes_are_read_by_supervisors_and_the_assigned_worker_only(
        app, client, login, worker, colleague, supervisor, open_case):
    case = open_case()
    db.session.commit()
    login(supervisor)
    response = client.post(f"/supervision/cases/{case.id}/notes",
                           data={"supervision-occurred_on": local_today().strftime("%d/%m/%Y"),
                                 "supervision-body": "Cần thăm lại gia đình trong tuần."})
    assert response.status_code == 302
    note = db.session.scalar(select(CaseNote).where(CaseNote.case_id == case.id))
    assert note.kind == NoteKind.SUPERVISION and note.author_id == supervisor.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "supervision_note_create",
                                                      AuditEvent.entity_id == case.id)).changes is None
    assert "Cần thăm lại gia đình" in client.get(f"/cases/{case.id}").data.decode()
    client.post("/logout")
    login(worker)
    assert "Cần thăm lại gia đình" in client.get(f"/cases/{case.id}").data.decode()
    client.post("/logout")
    login(colleague)
    assert "Cần thăm lại gia đình" not in client.get(f"/cases/{case.id}").data.decode()


def test_an_empty_supervision_note_is_refused_next_to_the_field(app, client, login, supervisor, open_case):
    case = open_case()
    db.session.commit()
    login(supervisor)
    response = client.post(f"/supervision/cases/{case.id}/notes", data={"supervision-occurred_on": "31/02/2026",
                                                                         "supervision-body": ""})
    assert response.status_code == 422
    html = response.data.decode()
    assert 'value="31/02/2026"' in html and "field-error" in html


def test_a_worker_cannot_write_a_supervision_note_through_the_normal_note(app, worker, open_case):
    case = open_case()
    with pytest.raises(CaseError) as refused:
        cases.add_note(case, actor=worker, kind=NoteKind.SUPERVISION, occurred_on=local_today(), body="x")
    assert refused.value.code == "supervision_note_kind"


def test_a_six_monthly_review_is_recorded_once_per_half_year_and_leaves_the_due_list(
        app, client, login, worker, supervisor):
    login(supervisor)
    today = local_today()
    half = "1" if today.month <= 6 else "2"
    form = {"year": str(today.year), "half": half, "reviewed_on": today.strftime("%d/%m/%Y"), "rating": "good",
            "notes": "Nắm chắc địa bàn.", "actions": "Học lớp kỹ năng tham vấn."}
    assert client.get(f"/supervision/reviews/{worker.id}").status_code == 200
    assert client.post(f"/supervision/reviews/{worker.id}", data=form).status_code == 302
    review = db.session.scalar(select(CollaboratorReview).where(CollaboratorReview.reviewee_id == worker.id))
    assert review.rating == ReviewRating.GOOD and review.reviewer_id == supervisor.id
    again = client.post(f"/supervision/reviews/{worker.id}", data=form)
    assert again.status_code == 422 and "đã có đánh giá" in again.data.decode()
    html = client.get("/supervision/").data.decode()
    due = next(t for t in html_tables(html) if "Lần đánh giá gần nhất" in t["head"])
    assert worker.full_name not in {row[0] for row in due["rows"]}
    rows = _workbook_rows(client.get(f"/supervision/reviews/{worker.id}?format=xlsx"))
    assert rows[1][1].date() == today and rows[1][5] == "Học lớp kỹ năng tham vấn."
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "collaborator_review_view"))


def test_reviews_refuse_a_future_half_year_and_a_supervisor_as_reviewee(app, worker, supervisor, make_user):
    today = local_today()
    with pytest.raises(CaseError):
        service.record_review(worker, actor=supervisor, year=today.year + 1, half=1, reviewed_on=today,
                              rating=ReviewRating.GOOD, notes="", actions="")
    other = make_user(Role.SUPERVISOR, KH_WARD_A)
    with pytest.raises(CaseError):
        service.record_review(other, actor=supervisor, year=today.year, half=1, reviewed_on=today,
                              rating=ReviewRating.GOOD, notes="", actions="")
    assert date(2013, 1, 1) < today and KH_WARD_B


@pytest.mark.parametrize("url", ["/supervision/cases/{case}/notes", "/cases/{case}/notes"])
def test_a_blank_date_typed_as_a_space_is_refused_next_to_the_field(app, client, login, supervisor, open_case, url):
    """Found by the form fuzzer: InputRequired lets " " through, the date field then holds nothing."""
    case = open_case()
    db.session.commit()
    login(supervisor)
    prefix = "supervision-" if url.startswith("/supervision") else ""
    data = {f"{prefix}occurred_on": " ", f"{prefix}body": "Ghi chép", "kind": "phone"}
    response = client.post(url.format(case=case.id), data=data)
    assert response.status_code == 422 and "field-error" in response.data.decode()
