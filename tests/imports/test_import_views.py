"""Upload, map, preview with each row's problems in Vietnamese, all-or-nothing import, rejected rows."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.extensions import db
from casework.imports import service as imports
from casework.imports.models import BatchStatus, ImportBatch, ImportMapping
from casework.people import service as people
from casework.people.models import IdType, Person, Sex
from tests.conftest import KH_WARD_A, unit
from tests.imports.conftest import BAD, GOOD, HEADERS, read_workbook, workbook_bytes

EXISTING = [7, "Hồ Thị Có Rồi", "Nữ", "02/02/1960", "056160000007", "", "Phường Nha Trang", ""]
REPEATED = [8, "Nguyễn Thị Tiếp", "Nữ", "04/03/1956", "056156000001", "", "Phường Nha Trang", ""]


def _upload(client, data: bytes, name: str = "danh-sach.xlsx"):
    return client.post("/imports/", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _batch_id(response) -> int:
    return int(response.headers["Location"].split("/")[2])


def _people(*names) -> int:
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.full_name.in_(names)))


def _register_existing(worker):
    people.create_person(people.PersonData(full_name="Hồ Thị Có Rồi", sex=Sex.FEMALE, birth_date=date(1960, 2, 2),
                                           id_type=IdType.CCCD, id_number="056160000007"),
                         actor=worker, unit=unit(KH_WARD_A), today=date(2026, 1, 1), allow_similar=True)
    db.session.commit()


def test_preview_shows_problems_next_to_the_cells_then_imports_only_valid_rows(app, client, login_as, import_dir):
    worker = login_as(Role.COLLABORATOR, KH_WARD_A)
    _register_existing(worker)
    response = _upload(client, workbook_bytes(GOOD + BAD + [EXISTING, REPEATED]))
    assert response.status_code == 302
    batch_id = _batch_id(response)

    page = client.get(f"/imports/{batch_id}/mapping").get_data(as_text=True)
    assert "Họ và tên" in page and 'selected value="1"' in page  # the name column was recognised

    mapping = {"full_name": "1", "sex": "2", "birth": "3", "id_number": "4", "phone": "5", "commune": "6",
               "address_detail": "7"}
    response = client.post(f"/imports/{batch_id}/mapping", data=mapping)
    assert response.status_code == 302
    preview = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert 'id="valid-count">3<' in preview
    assert 'id="problem-count">3<' in preview
    assert 'id="duplicate-count">2<' in preview
    assert "Số CCCD gồm đúng 12 chữ số." in preview
    assert "Không có xã, phường nào của tỉnh có tên hoặc mã này." in preview
    assert "Ngày này không tồn tại" in preview
    assert "Đã đăng ký: đã có người mang số CCCD này." in preview
    assert "Trùng với dòng 2 của tệp này." in preview
    assert _people("Nguyễn Thị Tiếp", "Trần Văn Nam", "Lê Thị Ngân") == 0  # the preview writes nobody

    response = client.post(f"/imports/{batch_id}/import")
    assert response.status_code == 302
    done = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert 'id="created-count">3<' in done
    assert _people("Nguyễn Thị Tiếp", "Trần Văn Nam", "Lê Thị Ngân") == 3
    assert _people("Phạm Văn Sai", "Võ Thị Lạc", "Đỗ Văn Ngày") == 0
    ngan = db.session.scalar(select(Person).where(Person.full_name == "Lê Thị Ngân"))
    assert ngan.birth_year == 2012 and ngan.home_commune.code == KH_WARD_A and ngan.org_unit.code == KH_WARD_A

    rejected = client.get(f"/imports/{batch_id}/rejected.xlsx")
    assert rejected.status_code == 200
    rows = read_workbook(rejected.data)
    assert rows[0] == ["Dòng", *HEADERS, "Lỗi"]
    assert [r[0] for r in rows[1:]] == [5, 6, 7, 8, 9]
    assert "CCCD" in rows[1][-1] and "Ngày sinh" in rows[3][-1]

    batch = db.session.get(ImportBatch, batch_id)
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "import_batches",
                                                                     AuditEvent.entity_id == batch_id)))
    assert {"import_upload", "import_mapping", "import_start", "import_done", "import_rejected_download"} <= actions
    assert batch.created_count == 3 and batch.created_by_id == worker.id and len(batch.file_sha256) == 64


def test_importing_the_same_file_twice_creates_nothing_new(app, client, login_as, import_dir):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    data = workbook_bytes(GOOD)
    for attempt in range(2):
        batch_id = _batch_id(_upload(client, data))
        client.post(f"/imports/{batch_id}/mapping", data={"full_name": "1", "sex": "2", "birth": "3",
                                                          "id_number": "4", "commune": "6"})
        page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
        if attempt == 1:
            assert 'id="valid-count">0<' in page and 'id="duplicate-count">3<' in page
            assert "Tệp này đã được nhập" in page
            assert "Nhập các dòng hợp lệ" not in page  # nothing to import, no button
        else:
            client.post(f"/imports/{batch_id}/import")
    assert _people("Nguyễn Thị Tiếp", "Trần Văn Nam", "Lê Thị Ngân") == 3


def test_the_mapping_is_remembered_for_the_unit(app, client, login_as, import_dir):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    headers = ["Tên người", "Năm", "Mã định danh"]
    batch_id = _batch_id(_upload(client, workbook_bytes([["Ông Một", 1950, ""]], headers)))
    client.post(f"/imports/{batch_id}/mapping", data={"full_name": "0", "birth": "1", "id_number": "2"})
    assert db.session.scalar(select(ImportMapping.mapping)) == {"full_name": "Tên người", "birth": "Năm",
                                                                "id_number": "Mã định danh"}
    second = _batch_id(_upload(client, workbook_bytes([["x", "Bà Hai", "", 1948]],
                                                      ["STT", "Tên người", "Mã định danh", "Năm"])))
    assert db.session.get(ImportBatch, second).mapping["full_name"] == 1
    assert db.session.get(ImportBatch, second).mapping["birth"] == 3


def test_a_csv_list_imports_too(app, client, login_as, import_dir):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    csv_text = "Họ và tên;Năm sinh;Xã/phường\nBùi Văn Csv;1970;Phường Nha Trang\n;1971;\n"
    batch_id = _batch_id(_upload(client, csv_text.encode("utf-8-sig"), "danh-sach.csv"))
    client.post(f"/imports/{batch_id}/mapping", data={"full_name": "0", "birth": "1", "commune": "2"})
    batch = db.session.get(ImportBatch, batch_id)
    assert (batch.valid_rows, batch.problem_rows) == (1, 1)
    client.post(f"/imports/{batch_id}/import")
    assert _people("Bùi Văn Csv") == 1


def test_a_file_that_is_not_a_list_is_refused_next_to_the_field(app, client, login_as, import_dir):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    response = _upload(client, b"%PDF-1.4 not a list", "danh-sach.pdf")
    assert response.status_code == 422
    assert "Chọn tệp Excel (.xlsx) hoặc tệp CSV (.csv)." in response.get_data(as_text=True)
    response = _upload(client, b"PK\x03\x04 broken", "hong.xlsx")
    assert response.status_code == 422


def test_the_import_is_all_or_nothing(app, client, login_as, import_dir, monkeypatch):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    batch_id = _batch_id(_upload(client, workbook_bytes(GOOD)))
    client.post(f"/imports/{batch_id}/mapping", data={"full_name": "1", "birth": "3", "commune": "6"})
    calls = {"n": 0}
    original = imports.audit.record

    def failing_record(action, **kwargs):
        calls["n"] += 1
        if action == "person_create" and calls["n"] > 1:
            raise RuntimeError("disk full")
        return original(action, **kwargs)

    monkeypatch.setattr(imports.audit, "record", failing_record)
    client.post(f"/imports/{batch_id}/import")
    monkeypatch.undo()
    assert db.session.get(ImportBatch, batch_id).status == BatchStatus.FAILED
    assert _people("Nguyễn Thị Tiếp", "Trần Văn Nam", "Lê Thị Ngân") == 0
    assert "chưa có dữ liệu nào được ghi" in client.get(f"/imports/{batch_id}").get_data(as_text=True)
