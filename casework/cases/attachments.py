"""Case attachments (consent scans, photos, documents): checked, stored outside static/, every read audited.

The type is sniffed from the bytes, never taken from the file name or the browser's Content-Type, and
only PDF, JPEG, PNG and WebP are kept. Files are stored under ATTACHMENT_DIR with a random name and no
extension, so nothing uploaded can be served or run by the web server directly.

Like the rest of the case services: these flush and audit, the caller commits.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO

import filetype
from filetype.types import archive as _archive_types
from filetype.types import image as _image_types
from flask import current_app
from werkzeug.datastructures import FileStorage

from casework.audit import service as audit
from casework.cases.models import Attachment, AttachmentKind, Case, CaseEvent
from casework.cases.service import CaseError, _require_open
from casework.db import utcnow
from casework.extensions import db

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # 10 MiB
MAX_NAME_LENGTH = 200  # Attachment.original_name is String(200)
_READ_CHUNK = 64 * 1024
_STORED_NAME = re.compile(r"[0-9a-f]{32}")

# The only types kept, matched on their magic bytes (filetype reads at most the first 8 KiB).
_MATCHERS = (_archive_types.Pdf(), _image_types.Jpeg(), _image_types.Png(), _image_types.Webp())

# Extensions a download name may end with for each type; the first is added when the name has none of them.
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}


def attachment_dir() -> Path:
    """The storage directory; refuses a configuration that would put uploads under static/."""
    directory = Path(current_app.config["ATTACHMENT_DIR"]).resolve()
    static = current_app.static_folder
    if static and directory.is_relative_to(Path(static).resolve()):
        raise RuntimeError("ATTACHMENT_DIR must not be inside the static folder")
    return directory


def attachment_path(stored_name: str) -> Path:
    """Where a stored attachment lives. Only our own random names are accepted (no path traversal)."""
    if not isinstance(stored_name, str) or not _STORED_NAME.fullmatch(stored_name):
        raise ValueError("invalid stored attachment name")
    return attachment_dir() / stored_name


def sniff_type(data: bytes) -> str | None:
    """The MIME type of data if it is one we keep (PDF, JPEG, PNG, WebP), judged by its bytes alone."""
    kind = filetype.match(data, matchers=_MATCHERS)
    return kind.mime if kind is not None else None


def clean_filename(filename: str | None) -> str:
    """The base name of an uploaded file, NFC-normalised, without control characters, at most 200 chars."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    # Drop control and format characters (e.g. U+202E, which can disguise "gpj.exe" as "exe.jpg").
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    if name in {"", ".", ".."}:
        return "attachment"
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and 0 < len(ext) <= 10:  # keep the extension when shortening
            name = stem[:MAX_NAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    """At most limit bytes from stream (reading limit + 1 tells the caller the file is too large)."""
    buf = bytearray()
    while len(buf) < limit:
        chunk = stream.read(min(_READ_CHUNK, limit - len(buf)))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def _new_stored_name(directory: Path) -> str:
    while True:
        name = secrets.token_hex(16)
        if not (directory / name).exists():
            return name


def _write_atomically(directory: Path, name: str, data: bytes) -> Path:
    """Write data to directory/name via a temp file in the same directory, fsync and os.replace."""
    final = directory / name
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(directory)
    return final


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_attachment(case: Case, upload: FileStorage, *, actor, kind: AttachmentKind) -> Attachment:
    """Check and store an uploaded file on an open case.

    CaseError codes (field "file"): too_large (over 10 MiB), empty, bad_type (not PDF/JPEG/PNG/WebP
    by its content); CaseError("case_closed") for a closed case. If recording it in the database
    fails, the stored file is removed again and the error re-raised.
    """
    _require_open(case)
    kind = AttachmentKind(kind)
    data = _read_limited(upload.stream, MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise CaseError("too_large", "file")
    if not data:
        raise CaseError("empty", "file")
    content_type = sniff_type(data)
    if content_type is None:
        raise CaseError("bad_type", "file")

    directory = attachment_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = _new_stored_name(directory)
    path = _write_atomically(directory, stored_name, data)
    try:
        attachment = Attachment(
            case_id=case.id, kind=kind, original_name=clean_filename(upload.filename), stored_name=stored_name,
            content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by_id=actor.id if actor else None,
        )
        db.session.add(attachment)
        db.session.flush()
        # As service._event does; _event itself cannot carry a "kind" detail (its own parameter name).
        db.session.add(CaseEvent(case_id=case.id, kind="attachment", actor_id=actor.id if actor else None,
                                 detail={"kind": kind.value}))
        case.last_activity_at = utcnow()
        audit.record("attachment_upload", actor=actor, entity=case, unit=case.org_unit,
                     changes={"attachment": attachment.id, "kind": kind.value, "size": len(data)})
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


def download_name(attachment: Attachment) -> str:
    """The original name, with an extension that matches the real type added if it has none."""
    name = attachment.original_name or "attachment"
    extensions = _EXTENSIONS.get(attachment.content_type, ())
    if extensions and not name.lower().endswith(extensions):
        name += extensions[0]
    return name


def open_attachment(attachment: Attachment, *, actor) -> tuple[Path, str, str]:
    """(path, download_name, mimetype) for flask.send_file(as_attachment=True); the download is audited.

    FileNotFoundError if the stored file is missing (nothing is audited then).
    """
    path = attachment_path(attachment.stored_name)
    if not path.is_file():
        raise FileNotFoundError(f"attachment {attachment.id} is missing from storage")
    case = db.session.get(Case, attachment.case_id)
    audit.record("attachment_download", actor=actor, entity=case, unit=case.org_unit if case else None,
                 changes={"attachment": attachment.id})
    return path, download_name(attachment), attachment.content_type
