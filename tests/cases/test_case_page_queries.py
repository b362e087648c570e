"""The case page loads everything it shows in a bounded number of SQL statements, however full the case is."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event as sa_event

from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import AssessmentKind, NoteKind, RiskLevel
from casework.core.formatting import local_today
from casework.extensions import db
from casework.followups import service as followups
from tests.conftest import KH_WARD_A

# The fixed part: the user, the case with its person and categories, the audit row of the read, the sizes
# of the sections, and the unread-notification count of the menu; then one per non-empty section, here
# assessments, plan, notes, timeline and follow-ups. (A server on SQLite adds its BEGIN; the savepoints
# of the test's own transaction are not counted.)
MOST_STATEMENTS = 10


def _statements_for(client, url: str) -> tuple[list[str], str]:
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            statements.append(" ".join(statement.split())[:80])

    engine = db.session.get_bind().engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return statements, response.data.decode()


def _fill(case, worker, n: int, start: int = 0) -> None:
    today = local_today()
    for i in range(start, start + n):
        cases.add_note(case, actor=worker, kind=NoteKind.HOME_VISIT, occurred_on=today, body=f"Thăm nhà lần {i + 1}")
        cases.record_assessment(case, actor=worker, kind=AssessmentKind.REVIEW, assessed_on=today, summary="",
                                ratings=[cases.CriterionRating("income", RiskLevel.MEDIUM),
                                         cases.CriterionRating("education", RiskLevel.HIGH)])
        cases.add_plan_item(case, actor=worker, goal=f"Mục tiêu {i + 1}", service="scholarship",
                            responsible="Cộng tác viên", due_on=today + timedelta(days=30))
        followups.schedule_followup(case, actor=worker, title=f"Theo dõi {i + 1}", kind="home_visit",
                                    due_on=today + timedelta(days=30 * (i + 1)))
    db.session.commit()


def test_the_case_page_uses_the_same_few_statements_for_a_full_case(client, login_as, open_case):
    worker = login_as(Role.COLLABORATOR, KH_WARD_A)
    case = open_case(assigned_to=worker)
    _fill(case, worker, 2)
    few, html = _statements_for(client, f"/cases/{case.id}")
    assert "Thăm nhà lần 2" in html and "Theo dõi 2" in html
    _fill(case, worker, 10, start=2)
    many, html = _statements_for(client, f"/cases/{case.id}")
    assert "Thăm nhà lần 12" in html and "Mục tiêu 12" in html and "Theo dõi 12" in html
    assert len(many) == len(few), (few, many)
    assert len(many) <= MOST_STATEMENTS, many


def test_an_empty_section_costs_no_statement(client, login_as, open_case):
    worker = login_as(Role.COLLABORATOR, KH_WARD_A)
    case = open_case(assigned_to=worker)
    bare, _ = _statements_for(client, f"/cases/{case.id}")
    _fill(case, worker, 1)
    full, _ = _statements_for(client, f"/cases/{case.id}")
    assert len(bare) < len(full) <= MOST_STATEMENTS, full
