"""The dashboard, drill-down, exports, targets and the 2025 reorganisation, as users meet them."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource
from casework.core.formatting import local_today
from casework.extensions import db
from casework.indicators import service, targets
from casework.indicators.models import IndicatorTarget
from casework.indicators.periods import Period
from casework.orgunits import service as units
from casework.orgunits.models import UnitLevel
from casework.people import service as people
from casework.people.models import Sex
from tests.conftest import HN, KH, KH_WARD_A, KH_WARD_B, unit

YEAR = str(local_today().year)


def _case(worker, name: str, unit_code: str = KH_WARD_A, **kwargs):
    who = people.create_person(people.PersonData(full_name=name, sex=Sex.FEMALE), actor=worker, unit=unit(unit_code),
                               today=local_today(), allow_similar=True)
    made = cases.open_case(who, actor=worker, unit=unit(unit_code), source=CaseSource.COMMUNE, needs=[], summary="",
                           **kwargs)
    db.session.commit()
    return made


def _figures(unit_code: str, period: str = YEAR) -> dict:
    return {f.indicator.code: f for f in service.compute(unit(unit_code), Period.parse(period),
                                                           today=local_today())}


def test_a_province_figure_sums_its_communes_and_a_commune_only_its_own(app, make_user):
    worker_a, worker_b = make_user(Role.COLLABORATOR, KH_WARD_A), make_user(Role.COLLABORATOR, KH_WARD_B)
    _case(worker_a, "Nguyễn Thị Một", emergency=True)
    _case(worker_b, "Trần Văn Hai", KH_WARD_B)
    assert _figures(KH)["CW-NEW"].value == 2
    assert _figures(KH)["CW-EMERGENCY"].value == 1
    assert _figures(KH_WARD_B)["CW-NEW"].value == 1
    assert _figures(HN)["CW-NEW"].value == 0


def test_a_merged_province_counts_its_former_parts(app, make_user):
    """Ninh Thuận merged into Khánh Hòa on 1/7/2025: its former commune's cases count in Khánh Hòa,
    and the % of communes counts the former commune before the merger and not after."""
    former_province = units.add_former_unit(unit(KH), actor=None, code="58-OLD", name="Tỉnh Ninh Thuận (cũ)",
                                            level=UnitLevel.PROVINCE, kind="tỉnh")
    former_commune = units.add_former_unit(former_province, actor=None, code="22771-OLD", name="Phường Phủ Hà (cũ)",
                                           level=UnitLevel.COMMUNE, kind="phường")
    db.session.commit()
    assert unit(KH).contains(former_commune)
    worker = make_user(Role.COLLABORATOR, KH)
    _case(worker, "Lê Thị Cũ", "22771-OLD")
    assert _figures(KH)["CW-NEW"].value == 1
    assert _figures("58-OLD")["CW-NEW"].value == 1
    before = _figures(KH, "2025-03")["QD112-6"].denominator
    after = _figures(KH, "2025-09")["QD112-6"].denominator
    assert before == 1  # only the former commune existed on 31/3/2025 (the new ones date from 1/7/2025)
    assert after == 65  # Khánh Hòa's 65 communes and wards after the merger


def test_targets_come_from_the_nearest_unit_then_the_national_default(app, make_user):
    manager = make_user(Role.PROVINCIAL_MANAGER, KH)
    targets.load_reference_data()
    assert targets.load_reference_data() == {"targets": 0, "base_salaries": 0}  # idempotent
    assert _figures(KH, "2025")["QD112-1"].target == 60
    assert _figures(KH, "2026")["QD112-1"].target == 90  # the 2030 target governs 2026-2030
    targets.set_target(unit(KH), actor=manager, code="QD112-1", year=2025, value=70)  # a provincial plan
    db.session.commit()
    assert _figures(KH_WARD_A, "2025")["QD112-1"].target == 70
    assert _figures(HN, "2025")["QD112-1"].target == 60
    assert db.session.scalar(select(func.count()).select_from(IndicatorTarget)
                             .where(IndicatorTarget.org_unit_id.is_(None))) == 7


def test_supervisor_reads_the_dashboard_and_drills_into_a_figure(app, client, make_user, login):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    opened = _case(worker, "Phạm Thị Drill", emergency=True)
    supervisor = make_user(Role.SUPERVISOR, KH)
    login(supervisor)
    page = client.get(f"/indicators/?unit={KH}&period={YEAR}").get_data(as_text=True)
    assert "Quyết định 112/QĐ-TTg" in page and "Trường hợp bảo vệ khẩn cấp" in page
    drill_url = f"/indicators/CW-EMERGENCY/records?unit={KH}&amp;period={YEAR}"
    assert drill_url in page
    records = client.get(drill_url.replace("&amp;", "&")).get_data(as_text=True)
    assert opened.number in records
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "indicator_drilldown", AuditEvent.actor_id == supervisor.id)) == 1


def test_a_collaborator_sees_only_their_commune(app, client, make_user, login):
    login(make_user(Role.COLLABORATOR, KH_WARD_A))
    assert client.get(f"/indicators/?unit={KH_WARD_A}").status_code == 200
    assert client.get(f"/indicators/?unit={KH}").status_code == 404
    assert client.get(f"/indicators/CW-NEW/records?unit={KH}").status_code == 404


def test_an_administrator_sees_figures_but_not_the_case_records_behind_them(app, client, make_user, login):
    login(make_user(Role.ADMIN, KH))
    page = client.get(f"/indicators/?unit={KH}").get_data(as_text=True)
    assert "/indicators/CW-NEW/records" not in page
    assert "/indicators/QD112-3/records" in page  # units are not personal data
    assert client.get(f"/indicators/CW-NEW/records?unit={KH}").status_code == 403


def test_a_bad_period_says_so_and_shows_the_current_year(app, client, make_user, login):
    login(make_user(Role.SUPERVISOR, KH))
    page = client.get(f"/indicators/?unit={KH}&period=2026-13").get_data(as_text=True)
    assert "2026-Q3" in page and f"Năm {YEAR}" in page


def test_exports_hold_the_screen_numbers_and_no_personal_data(app, client, make_user, login):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    _case(worker, "Hoàng Thị Riêng Tư")
    _case(worker, "Đỗ Văn Bí Mật", emergency=True)
    login(make_user(Role.PROVINCIAL_MANAGER, KH))
    response = client.get(f"/indicators/export.xlsx?unit={KH}&period={YEAR}")
    assert response.headers["Content-Disposition"].endswith(f'chi-so-{KH}-{YEAR}.xlsx"')
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    assert "Tỉnh Khánh Hòa" in sheet["B2"].value
    values = {row[0]: row[3] for row in sheet.iter_rows(min_row=8, values_only=True) if row[0]}
    assert values["CW-NEW"] == 2 and values["CW-EMERGENCY"] == 1
    text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "Riêng Tư" not in text and "Bí Mật" not in text
    assert any(ws.title.startswith("CW-NEW") for ws in book.worksheets)  # the disaggregation sheets
    rows = list(csv.reader(io.StringIO(client.get(f"/indicators/export.csv?unit={KH}&period={YEAR}")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert any(r[3] == "CW-NEW" and r[6] == "2" for r in rows[1:])
    assert "Riêng Tư" not in str(rows)


def test_a_manager_sets_a_provincial_target(app, client, make_user, login):
    login(make_user(Role.PROVINCIAL_MANAGER, KH))
    url = f"/indicators/units/{unit(KH).id}/targets"
    bad = client.post(url, data={"t-indicator": "QD112-1", "t-year": "1999", "t-value": "70", "t-submit": "1"})
    assert bad.status_code == 200 and "1999" in bad.get_data(as_text=True)
    good = client.post(url, data={"t-indicator": "QD112-1", "t-year": "2025", "t-value": "70", "t-submit": "1"})
    assert good.status_code == 302
    assert _figures(KH, "2025")["QD112-1"].target == 70
    client.post(url, data={"b-indicator": "QD112-4", "b-year": "2020", "b-value": "4", "b-submit": "1"})
    assert _figures(KH, "2025")["QD112-4"].denominator == 4


def test_workforce_feeds_the_staffing_indicators(app, client, make_user, login):
    targets.load_reference_data()
    db.session.commit()
    login(make_user(Role.SUPERVISOR, KH))
    response = client.post(f"/workforce/units/{unit(KH_WARD_A).id}/new", data={
        "full_name": "Võ Thị Cộng Tác", "position": "collaborator", "qualification": "vocational",
        "monthly_allowance": "2340000", "contract_start": "01/01/2025", "contract_end": ""})
    assert response.status_code == 302
    staff_url = response.headers["Location"]
    figures = _figures(KH)
    assert figures["QD112-6"].numerator == 1 and figures["QD112-1"].numerator == 1
    assert figures["QD112-2"].numerator == 0 and figures["QD112-2"].denominator == 1
    training = client.post(staff_url + "/trainings", data={
        "tr-course": "Tập huấn quản lý trường hợp", "tr-held_on": "14/10/2025", "tr-hours": "24"})
    assert training.status_code == 302
    assert _figures(KH)["QD112-2"].value == 100.0
    wrong = client.post(f"/workforce/units/{unit(KH_WARD_A).id}/new", data={
        "full_name": "Sai Ngày", "position": "collaborator", "qualification": "none", "monthly_allowance": "0",
        "contract_start": "01/06/2025", "contract_end": "01/01/2025"})
    assert wrong.status_code == 200
    assert "Ngày kết thúc trước ngày bắt đầu." in wrong.get_data(as_text=True)
    assert 'value="Sai Ngày"' in wrong.get_data(as_text=True)  # the input is kept


def test_the_dashboard_runs_a_fixed_number_of_queries_whatever_the_data(app, make_user):
    """Set-based: adding cases in more communes adds no query (no N+1 over communes)."""
    from sqlalchemy import event

    counted = []

    def count(*_args):
        counted.append(1)

    worker = make_user(Role.COLLABORATOR, KH)
    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        _figures(KH)
        first = len(counted)
        for code in (KH_WARD_A, KH_WARD_B):
            _case(worker, f"Người {code}", code)
        counted.clear()
        _figures(KH)
        assert len(counted) == first <= 19  # one query per source (the hospital adds three), none per unit
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_random_query_strings_never_break_the_indicator_pages(app, client, make_user, login):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    login(make_user(Role.SUPERVISOR, KH))
    values = st.one_of(st.text(max_size=20).map(lambda t: t.replace("\x00", "")),
                       st.sampled_from(["2026", "2026-Q5", "2026-00", "1999", "9999", "56", "VN", "01", "-1"]))

    @given(unit_code=values, period=values, page=values,
           path=st.sampled_from(["/indicators/", "/indicators/CW-NEW/records", "/indicators/QD112-1/records",
                                 "/indicators/export.csv", "/indicators/NOPE/records"]))
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def fetch(unit_code, period, page, path):
        response = client.get(path, query_string={"unit": unit_code, "period": period, "page": page})
        assert response.status_code in (200, 404), (path, unit_code, period, page, response.status_code)

    fetch()


def test_the_api_gives_the_same_figures_as_the_dashboard(app, make_user):
    from casework.auth import service as accounts

    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    _case(worker, "Nguyễn Thị Api", emergency=True)
    manager = make_user(Role.PROVINCIAL_MANAGER, KH)
    _, token = accounts.issue_api_token(manager, "report", actor=manager)
    db.session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    body = api.get(f"/api/v1/indicators?unit={KH}&period={YEAR}", headers=headers).get_json()
    figures = {f["code"]: f for f in body["figures"]}
    assert body["unit_code"] == KH and figures["CW-EMERGENCY"]["value"] == 1
    assert figures["CW-NEW"]["value"] == _figures(KH)["CW-NEW"].value
    assert api.get(f"/api/v1/indicators?unit={HN}", headers=headers).status_code == 404
    assert api.get("/api/v1/indicators?period=2026-13", headers=headers).status_code == 422


def test_hospital_work_counts_in_the_province_and_drills_down_to_the_appeal(app, client, login, make_user):
    """A hospital team's support, appeal, donation, hand-over and activity show as figures of the province;
    a supervisor drills from the donations figure to the appeal; a collaborator may not."""
    from casework.hospital import service as hospital
    from casework.hospital.models import ActivityKind, DonationKind, SupportKind, SupportSource

    nurse = make_user(Role.HOSPITAL_SOCIAL_WORKER, "T-HOSP")
    patient = people.create_person(people.PersonData(full_name="Hồ Văn Bệnh", sex=Sex.MALE), actor=nurse,
                                   unit=unit("T-HOSP"), today=local_today())
    stay = cases.open_case(patient, actor=nurse, unit=unit("T-HOSP"), source=CaseSource.HOSPITAL, needs=[],
                           summary="")
    today = local_today()
    admission = hospital.record_admission(stay, actor=nurse, department="Khoa Ngoại", admitted_on=today,
                                          hardship=hospital.Hardship(no_bhyt=True))
    hospital.record_support(admission, hospital.SupportData(kind=SupportKind.TRANSPORT_HOME, given_on=today,
                                                            source=SupportSource.HOSPITAL_FUND, amount=400_000),
                            actor=nurse)
    appeal = hospital.open_appeal(admission, actor=nurse, title="Giúp anh Bệnh mổ tim", purpose="",
                                  target_amount=20_000_000, opened_on=today)
    hospital.record_donation(appeal, actor=nurse, received_on=today, kind=DonationKind.CASH, amount=3_000_000,
                             donor_name="Nhà hảo tâm")
    hospital.record_handover(appeal, actor=nurse, handed_on=today, amount=2_000_000, receipt_number="BN-01",
                             handed_over_by="Tổ CTXH", received_by="Vợ anh Bệnh")
    hospital.record_activity(actor=nurse, unit=unit("T-HOSP"), kind=ActivityKind.COMMUNICATION, held_on=today,
                             title="Truyền thông về BHYT", participants=40, notes="")
    db.session.commit()

    figures = _figures(KH)
    assert figures["CW-HOSP-PATIENTS"].value == 1
    assert figures["CW-HOSP-SUPPORT"].value == 400_000
    assert figures["CW-HOSP-SUPPORT"].breakdowns["source"] == {"hospital_fund": 400_000}
    assert (figures["CW-APPEALS"].value, figures["CW-APPEAL-DONATIONS"].value,
            figures["CW-APPEAL-HANDOVERS"].value) == (1, 3_000_000, 2_000_000)
    assert figures["CW-HOSP-ACTIVITIES"].breakdowns["kind"] == {"communication": 1}
    assert _figures(HN)["CW-APPEAL-DONATIONS"].value == 0

    login(make_user(Role.SUPERVISOR, KH))
    page = client.get(f"/indicators/?unit={KH}&period={YEAR}").get_data(as_text=True)
    assert "Nhà hảo tâm ủng hộ qua các cuộc vận động" in page and "3.000.000 ₫" in page
    drill = client.get(f"/indicators/CW-APPEAL-DONATIONS/records?unit={KH}&period={YEAR}").get_data(as_text=True)
    assert "Giúp anh Bệnh mổ tim" in drill and "20.000.000 ₫" in drill
    client.post("/logout")
    login(make_user(Role.COLLABORATOR, KH_WARD_A))
    assert client.get(f"/indicators/CW-APPEAL-DONATIONS/records?unit={KH_WARD_A}&period={YEAR}").status_code == 403
