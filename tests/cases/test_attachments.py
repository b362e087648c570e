"""Case attachments: content sniffing, size limits, storage outside static/, audit of uploads and downloads."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
import zlib
from pathlib import Path

import flask
import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import attachments
from casework.cases.attachments import (
    MAX_ATTACHMENT_BYTES,
    attachment_path,
    clean_filename,
    open_attachment,
    save_attachment,
)
from casework.cases.models import Attachment, AttachmentKind, CaseEvent, CaseSource, CaseStatus
from casework.cases.service import CaseError, open_case
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people.service import PersonData, create_person
from tests.conftest import KH_WARD_A, unit

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _png() -> bytes:
    """A valid 1x1 red PNG."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    idat = zlib.compress(b"\x00\xff\x00\x00")  # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PNG = _png()


def upload(data: bytes, filename: str = "file.bin", content_type: str = "application/octet-stream") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)


@pytest.fixture
def store(app, tmp_path):
    directory = tmp_path / "attachments"
    app.config["ATTACHMENT_DIR"] = str(directory)
    return directory


@pytest.fixture
def worker(make_user):
    return make_user(Role.COLLABORATOR, KH_WARD_A)


@pytest.fixture
def case(app, worker):
    ward = unit(KH_WARD_A)
    person = create_person(PersonData(full_name="Nguyễn Thị Lan"), actor=worker, unit=ward, today=local_today())
    case = open_case(person, actor=worker, unit=ward, source=CaseSource.COMMUNE, needs=["education"],
                     summary="Cần hỗ trợ học tập")
    db.session.commit()
    return case


def _audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []


@pytest.mark.parametrize(("data", "filename", "client_type", "kind", "mime"), [
    (PNG, "ảnh hộ gia đình.png", "image/png", AttachmentKind.PHOTO, "image/png"),
    # The client's Content-Type is ignored: the bytes decide.
    (PDF, "biên bản đồng ý.pdf", "application/octet-stream", AttachmentKind.CONSENT_SCAN, "application/pdf"),
], ids=["png", "pdf"])
def test_upload_is_stored_under_a_random_name_with_hash_and_audit(app, store, case, worker, data, filename,
                                                                   client_type, kind, mime):
    attachment = save_attachment(case, upload(data, filename, client_type), actor=worker, kind=kind)
    db.session.commit()

    assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)
    stored = store / attachment.stored_name
    assert stored.read_bytes() == data
    assert _files(store) == [stored]  # no temp file left, no extension
    assert (stored.stat().st_mode & 0o077) == 0  # readable by the app's user only
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.content_type == mime
    assert attachment.original_name == filename
    assert attachment.kind == kind
    assert attachment.case_id == case.id
    assert attachment.uploaded_by_id == worker.id

    [row] = _audits("attachment_upload")
    assert row.actor_id == worker.id
    assert (row.entity_type, row.entity_id, row.org_unit_id) == ("cases", case.id, case.org_unit_id)
    assert row.changes == {"attachment": attachment.id, "kind": kind.value, "size": len(data)}
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                      CaseEvent.kind == "attachment"))
    assert event.actor_id == worker.id
    assert event.detail == {"kind": kind.value}


def test_stored_file_is_not_under_static(app, store, case, worker):
    attachment = save_attachment(case, upload(PNG, "x.png"), actor=worker, kind=AttachmentKind.PHOTO)
    db.session.commit()
    static = Path(app.static_folder).resolve()
    path = attachment_path(attachment.stored_name)
    assert not path.resolve().is_relative_to(static)
    assert not any(p.name == attachment.stored_name for p in static.rglob("*"))
    assert app.test_client().get(f"/static/{attachment.stored_name}").status_code == 404


def test_attachment_dir_inside_static_is_refused(app, case, worker):
    app.config["ATTACHMENT_DIR"] = str(Path(app.static_folder) / "uploads")
    with pytest.raises(RuntimeError):
        save_attachment(case, upload(PNG, "x.png"), actor=worker, kind=AttachmentKind.PHOTO)
    assert not (Path(app.static_folder) / "uploads").exists()


def test_oversize_file_is_refused(app, store, case, worker):
    data = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES + 1 - 9)
    assert len(data) == MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(CaseError) as exc:
        save_attachment(case, upload(data, "big.pdf", "application/pdf"), actor=worker,
                        kind=AttachmentKind.DOCUMENT)
    assert (exc.value.code, exc.value.field) == ("too_large", "file")
    assert _files(store) == []
    assert _audits("attachment_upload") == []


def test_file_of_exactly_the_limit_is_accepted(app, store, case, worker):
    data = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES - 9)
    attachment = save_attachment(case, upload(data, "max.pdf"), actor=worker, kind=AttachmentKind.DOCUMENT)
    assert attachment.size == MAX_ATTACHMENT_BYTES


@pytest.mark.parametrize(("data", "filename", "client_type"), [
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "consent.pdf", "application/pdf"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, "photo.jpg", "image/jpeg"),  # a Windows .exe
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.png", "image/png"),  # an image, but not one we keep
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", "image/png"),
    (b"PK\x03\x04" + b"\x00" * 40, "scan.pdf", "application/pdf"),  # a zip (or .docx)
], ids=["html-as-pdf", "exe-as-jpg", "gif", "svg", "zip-as-pdf"])
def test_content_that_is_not_pdf_or_image_is_refused_whatever_its_name(app, store, case, worker, data, filename,
                                                                        client_type):
    with pytest.raises(CaseError) as exc:
        save_attachment(case, upload(data, filename, client_type), actor=worker, kind=AttachmentKind.DOCUMENT)
    assert (exc.value.code, exc.value.field) == ("bad_type", "file")
    assert _files(store) == []


def test_jpeg_and_webp_are_recognised_by_their_bytes(app, store, case, worker):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"
    webp = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    a = save_attachment(case, upload(jpeg, "a.bin"), actor=worker, kind=AttachmentKind.PHOTO)
    b = save_attachment(case, upload(webp, "b"), actor=worker, kind=AttachmentKind.PHOTO)
    assert (a.content_type, b.content_type) == ("image/jpeg", "image/webp")
    assert a.stored_name != b.stored_name


def test_empty_file_is_refused(app, store, case, worker):
    with pytest.raises(CaseError) as exc:
        save_attachment(case, upload(b"", "empty.pdf", "application/pdf"), actor=worker,
                        kind=AttachmentKind.DOCUMENT)
    assert (exc.value.code, exc.value.field) == ("empty", "file")
    assert _files(store) == []


def test_closed_case_takes_no_attachments(app, store, case, worker):
    case.status = CaseStatus.CLOSED
    db.session.flush()
    with pytest.raises(CaseError) as exc:
        save_attachment(case, upload(PNG, "x.png"), actor=worker, kind=AttachmentKind.PHOTO)
    assert exc.value.code == "case_closed"
    assert _files(store) == []


@pytest.mark.parametrize(("given", "kept"), [
    ("C:\\Users\\lan\\Desktop\\scan.pdf", "scan.pdf"),
    ("../../etc/passwd", "passwd"),
    ("/home/lan/ảnh.png", "ảnh.png"),
    (unicodedata.normalize("NFD", "Biên bản.pdf"), "Biên bản.pdf"),  # macOS sends decomposed names
    ("photo\u202egnp.exe", "photognp.exe"),  # right-to-left override removed
    ("line\r\nbreak.pdf", "linebreak.pdf"),
    ("", "attachment"),
    (None, "attachment"),
    ("..", "attachment"),
    ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
    ("b" * 300, "b" * 200),
])
def test_original_name_is_reduced_to_a_clean_basename(given, kept):
    name = clean_filename(given)
    assert name == kept
    assert len(name) <= 200
    assert unicodedata.is_normalized("NFC", name)


def test_long_name_is_stored_truncated(app, store, case, worker):
    attachment = save_attachment(case, upload(PDF, "x" * 250 + ".pdf"), actor=worker, kind=AttachmentKind.DOCUMENT)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Attachment, attachment.id).original_name == "x" * 196 + ".pdf"


def test_open_attachment_returns_what_send_file_needs_and_audits_every_download(app, store, case, worker,
                                                                               make_user):
    attachment = save_attachment(case, upload(PDF, "biên bản.pdf"), actor=worker, kind=AttachmentKind.CONSENT_SCAN)
    db.session.commit()
    other = make_user(Role.COLLABORATOR, KH_WARD_A)

    path, name, mimetype = open_attachment(attachment, actor=worker)
    open_attachment(attachment, actor=other)
    db.session.commit()

    assert path == store.resolve() / attachment.stored_name
    assert (name, mimetype) == ("biên bản.pdf", "application/pdf")
    rows = _audits("attachment_download")
    assert [r.actor_id for r in rows] == [worker.id, other.id]
    assert all((r.entity_type, r.entity_id, r.org_unit_id) == ("cases", case.id, case.org_unit_id) for r in rows)
    assert rows[0].changes == {"attachment": attachment.id}

    with app.test_request_context():
        response = flask.send_file(path, as_attachment=True, download_name=name, mimetype=mimetype)
        response.direct_passthrough = False
        try:
            assert response.get_data() == PDF
        finally:
            response.close()
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_download_name_gets_the_real_extension(app, store, case, worker):
    attachment = save_attachment(case, upload(PNG, "scan.pdf"), actor=worker, kind=AttachmentKind.PHOTO)
    assert open_attachment(attachment, actor=worker)[1:] == ("scan.pdf.png", "image/png")


def test_missing_stored_file_raises_file_not_found(app, store, case, worker):
    attachment = save_attachment(case, upload(PNG, "x.png"), actor=worker, kind=AttachmentKind.PHOTO)
    db.session.commit()
    (store / attachment.stored_name).unlink()
    with pytest.raises(FileNotFoundError):
        open_attachment(attachment, actor=worker)
    assert _audits("attachment_download") == []


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "..", "", "/etc/passwd", "0" * 31, "0" * 33, "A" * 32, "0" * 31 + "/",
    "../" + "0" * 29, "0" * 32 + "\n", "0" * 16 + "/../" + "0" * 12, None,
])
def test_attachment_path_refuses_anything_but_our_names(app, store, name):
    with pytest.raises(ValueError):
        attachment_path(name)


def test_attachment_path_accepts_a_token(app, store):
    assert attachment_path("0123456789abcdef" * 2) == store.resolve() / ("0123456789abcdef" * 2)


@pytest.mark.parametrize("failing", ["flush", "audit"])
def test_failed_database_write_removes_the_stored_file(app, store, case, worker, monkeypatch, failing):
    written = []
    real_write = attachments._write_atomically

    def spy(directory, name, data):
        path = real_write(directory, name, data)
        written.append(path)
        assert path.exists()
        return path

    def boom(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(attachments, "_write_atomically", spy)
    if failing == "flush":
        monkeypatch.setattr(db.session, "flush", boom)
    else:
        monkeypatch.setattr(attachments.audit, "record", boom)

    with pytest.raises(RuntimeError, match="database is down"):
        save_attachment(case, upload(PNG, "x.png"), actor=worker, kind=AttachmentKind.PHOTO)
    assert len(written) == 1
    assert not written[0].exists()
    assert _files(store) == []
    monkeypatch.undo()
    db.session.rollback()
