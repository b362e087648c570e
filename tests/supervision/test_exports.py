"""Every list on screen exports to Excel with the same columns and rows as the screen, for the same filters."""

import io
from datetime import datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.core.formatting import local_today
from casework.extensions import db
from casework.followups import service as followups
from casework.referrals import service as referrals
from casework.referrals.models import PartnerKind
from tests.conftest import KH_WARD_A, unit
from tests.supervision.conftest import html_tables


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%d/%m/%Y")
    return str(value)


def assert_export_matches_screen(client, url: str, table: int = 0, expected_rows: int | None = None):
    screen = html_tables(client.get(url).data.decode())[table]
    response = client.get(url + ("&" if "?" in url else "?") + "format=xlsx")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    rows = [list(r) for r in load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)]
    assert rows[0] == screen["head"]
    assert [[_cell(v) for v in row] for row in rows[1:]] == screen["rows"]
    if expected_rows is not None:
        assert len(rows) - 1 == expected_rows
    return rows


def test_the_audit_log_export_equals_the_filtered_log(app, client, login_as, make_user, login):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    for _ in range(3):
        login(worker, "wrong-password")
    login_as(Role.ADMIN, "VN")
    rows = assert_export_matches_screen(client, f"/audit/?action=login_failed&username={worker.username}",
                                        expected_rows=3)
    assert isinstance(rows[1][0], datetime)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id.desc()))
    assert event.changes == {"list": "audit", "rows": 3,
                             "filters": {"action": "login_failed", "username": worker.username}}


def test_the_partners_export_equals_the_searched_list(app, client, login_as):
    user = login_as(Role.SUPERVISOR, "56")
    for name in ("Quỹ Học bổng Vừ A Dính", "Quỹ Bảo trợ trẻ em", "Công ty Yến sào"):
        referrals.create_partner(referrals.PartnerData(name=name, kind=PartnerKind.CHARITY, funds=["scholarship"]),
                                 actor=user, unit=unit("56"))
    db.session.commit()
    assert_export_matches_screen(client, "/partners/?q=Qu%E1%BB%B9", expected_rows=2)


def test_my_follow_ups_export_every_section(app, client, login, make_user, open_case, worker):
    case = open_case()
    today = local_today()
    for days, title in ((-3, "Gọi điện"), (0, "Thăm nhà"), (4, "Họp gia đình")):
        followups.schedule_followup(case, actor=worker, title=title, kind="phone", due_on=today + timedelta(days=days))
    db.session.commit()
    login(worker)
    html = client.get("/followups/").data.decode()
    on_screen = [row for table in html_tables(html) for row in table["rows"]]
    rows = [list(r) for r in load_workbook(io.BytesIO(client.get("/followups/?format=xlsx").data))
            .active.iter_rows(values_only=True)]
    assert [[_cell(v) for v in row[1:]] for row in rows[1:]] == on_screen
    assert [row[0] for row in rows[1:]] == ["Quá hạn", "Đến hạn hôm nay", "Trong 7 ngày tới"]


def test_the_consent_overrides_for_review_export(app, client, login, supervisor, open_case, worker):
    case = open_case()
    partner = referrals.create_partner(referrals.PartnerData(name="Quỹ Khẩn cấp", kind=PartnerKind.CHARITY),
                                       actor=worker, unit=unit(KH_WARD_A))
    referral = referrals.create_referral(case, partner, actor=worker, service="shelter", reason="Trẻ gặp nguy hiểm")
    referrals.override_consent(referral, actor=supervisor, reason="Trẻ đang gặp nguy hiểm, không liên lạc được")
    db.session.commit()
    login(supervisor)
    rows = assert_export_matches_screen(client, "/cases/approvals?table=overrides", table=0, expected_rows=1)
    assert rows[1][-1] == "Trẻ đang gặp nguy hiểm, không liên lạc được" and rows[1][3] == supervisor.full_name
