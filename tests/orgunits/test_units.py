"""Administrative units: loading, browsing within scope, facilities."""

from sqlalchemy import func, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel
from tests.conftest import HN, KH, KH_WARD_A, unit


def _count(level):
    return db.session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == level))


def test_all_provinces_and_communes_are_loaded_with_their_data_version(database, app):
    report = database["load_report"]
    assert (report.provinces_added, report.communes_added) == (34, 3321)
    assert _count(UnitLevel.PROVINCE) == 34
    assert _count(UnitLevel.COMMUNE) == 3321
    kh = unit(KH)
    assert (kh.name, kh.kind, kh.data_source, kh.data_version) == (
        "Tỉnh Khánh Hòa", "tỉnh", "vietnam-provinces", "2025.10.1")
    ward = unit(KH_WARD_A)
    assert (ward.name, ward.kind, ward.parent_id) == ("Phường Nha Trang", "phường", kh.id)
    assert ward.path == f"{kh.path}{ward.id}/"


def test_load_admin_units_a_second_time_adds_nothing(app):
    result = app.test_cli_runner().invoke(args=["casework", "load-admin-units"])
    assert result.exit_code == 0, result.output
    assert "added 0 provinces and 0 communes/wards" in result.output
    assert "Now 34 provinces, 3321 communes/wards" in result.output
    assert _count(UnitLevel.PROVINCE) == 34 and _count(UnitLevel.COMMUNE) == 3321


def test_a_collaborator_browses_only_their_commune(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    response = client.get("/units/", follow_redirects=True)
    html = response.data.decode()
    assert "<h1>Phường Nha Trang</h1>" in html
    assert "Trường Tiểu học Thử nghiệm" in html  # a facility under the commune
    # The province above is named in the breadcrumb but is not a link.
    assert f'href="/units/{unit(KH).id}"' not in html
    assert client.get(f"/units/{unit(KH).id}").status_code == 404


def test_a_supervisor_finds_a_commune_by_name_without_diacritics(client, login_as):
    login_as(Role.SUPERVISOR, KH)
    html = client.get(f"/units/{unit(KH).id}?q=nam nha trang").data.decode()
    assert "Phường Nam Nha Trang" in html
    assert "Phường Bắc Nha Trang" not in html
    html = client.get(f"/units/{unit(KH).id}?q=BAC NHA").data.decode()
    assert "Phường Bắc Nha Trang" in html


def test_the_province_list_pages_its_communes(client, login_as):
    login_as(Role.SUPERVISOR, KH)
    html = client.get(f"/units/{unit(KH).id}").data.decode()
    assert "Trang 1 / 2" in html
    assert "Trang sau" in html


def test_an_admin_adds_a_facility_under_a_commune(client, login_as):
    login_as(Role.ADMIN, "VN")
    ward = unit(KH_WARD_A)
    response = client.post(f"/units/{ward.id}/facilities/new", data={
        "name": "Trung tâm Bảo trợ Xã hội Nha Trang", "facility_type": "social_protection_centre",
        "code": "", "address": "12 Trần Phú", "provides_sw_services": "y"}, follow_redirects=True)
    html = response.data.decode()
    assert "Đã thêm cơ sở Trung tâm Bảo trợ Xã hội Nha Trang." in html
    facility = db.session.scalar(select(OrgUnit).where(OrgUnit.name == "Trung tâm Bảo trợ Xã hội Nha Trang"))
    assert facility.parent_id == ward.id and facility.level == UnitLevel.FACILITY
    assert facility.code.startswith("CS-") and facility.provides_sw_services
    assert facility.path.startswith(ward.path)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "org_unit_create",
                                                       AuditEvent.entity_id == facility.id))
    assert event.changes["parent"] == ward.code


def test_facility_form_errors_keep_what_was_typed(client, login_as):
    login_as(Role.ADMIN, "VN")
    response = client.post(f"/units/{unit(KH).id}/facilities/new", data={
        "name": "", "facility_type": "hospital", "code": "T-HOSP", "address": "Số 1 đường Yersin"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="name-error"' in html and "Vui lòng điền thông tin này." in html
    assert 'value="Số 1 đường Yersin"' in html
    response = client.post(f"/units/{unit(KH).id}/facilities/new", data={
        "name": "Bệnh viện mới", "facility_type": "hospital", "code": "T-HOSP"})
    html = response.data.decode()
    assert 'id="code-error"' in html and "Mã này đã được một đơn vị khác sử dụng." in html
    assert 'value="Bệnh viện mới"' in html


def test_facilities_only_go_under_a_province_or_commune(client, login_as):
    login_as(Role.ADMIN, "VN")
    assert client.get(f"/units/{unit('T-HOSP').id}/facilities/new").status_code == 403


def test_a_provincial_manager_edits_a_facility_of_their_province(client, login_as):
    login_as(Role.PROVINCIAL_MANAGER, KH)
    hosp = unit("T-HOSP")
    response = client.post(f"/units/{hosp.id}/edit", data={"name": "Bệnh viện Thử nghiệm (mới)",
                                                           "address": "", "provides_sw_services": ""},
                           follow_redirects=True)
    assert "Đã lưu thay đổi." in response.data.decode()
    db.session.expire_all()
    assert unit("T-HOSP").name == "Bệnh viện Thử nghiệm (mới)"
    assert unit("T-HOSP").provides_sw_services is False
    assert client.get(f"/units/{unit('T-HN-HOSP').id}/edit").status_code == 404


def test_a_commune_cannot_be_edited_as_a_facility(client, login_as):
    login_as(Role.ADMIN, "VN")
    assert client.get(f"/units/{unit(HN).id}/edit").status_code == 403
