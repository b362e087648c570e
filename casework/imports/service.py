"""Importing a beneficiary list: upload, column mapping, checking every row, then one all-or-nothing write.

Each row goes through the same validation as the person form (people.service.validate_person_data and
people.validators); only turning spreadsheet cells into typed values happens here. A row is the same
person as an existing one when its CCCD matches, or, without a CCCD, when the folded name, birth year
and commune match (people.queries.possible_duplicates): such rows are skipped, so importing the same
file twice creates nothing new.

Checking reads only and reports progress; the write is one short transaction (bulk insert), so other
users wait on the SQLite write lock for about a second, not for the whole file.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import select, update

from casework.audit import service as audit
from casework.core.text import fold, normalise
from casework.db import utcnow
from casework.extensions import db
from casework.imports.models import BatchStatus, ImportBatch, ImportMapping
from casework.imports.reader import UnreadableFile, kind_of, read_rows
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.orgunits.queries import ancestors
from casework.people import service as people
from casework.people import validators
from casework.people.codes import CATEGORIES
from casework.people.models import BirthPrecision, IdType, Person, PovertyStatus, Sex

log = logging.getLogger(__name__)

# The fields a column can be mapped to, with header words that suggest them (folded, no marks).
FIELDS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ten", "full name", "name"),
    "sex": ("gioi tinh", "gioi", "sex", "gender"),
    "birth": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "birth", "dob", "date of birth"),
    "id_number": ("cccd", "so cccd", "so dinh danh", "cmnd", "can cuoc", "id number"),
    "bhyt_number": ("bhyt", "so the bhyt", "the bhyt", "bao hiem y te"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "phone"),
    "commune": ("xa phuong", "xa", "phuong", "ma xa", "commune", "ward"),
    "address_detail": ("dia chi", "thon to", "thon", "address"),
    "poverty_status": ("ho ngheo", "ngheo", "ho ngheo can ngheo", "poverty"),
    "categories": ("dien doi tuong", "doi tuong", "ma doi tuong", "categories"),
}
PREVIEW_CELLS = 100  # rows whose cell values are kept for the preview table
PROGRESS_EVERY = 250


class ImportError_(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def import_dir() -> Path:
    path = Path(current_app.config["IMPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_path(batch: ImportBatch) -> Path:
    return import_dir() / batch.stored_name


def rejected_path(batch: ImportBatch) -> Path:
    return import_dir() / f"{batch.stored_name}.rejected.xlsx"


# Upload and mapping -------------------------------------------------------------------------------

def _header_key(header: str) -> str:
    """"Xã/phường" -> "xa phuong": folded, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header)).split())


def guess_mapping(headers: list[str], remembered: dict | None = None) -> dict[str, int | None]:
    """Column index for each field: the unit's remembered header names first, then header words."""
    folded = [_header_key(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for name, words in FIELDS.items():
        index = None
        wanted = (remembered or {}).get(name)
        if wanted and _header_key(wanted) in folded:
            index = folded.index(_header_key(wanted))
        if index is None:
            index = next((i for i, h in enumerate(folded) if h in words), None)
        mapping[name] = index
    return mapping


def upload(data: bytes, filename: str, *, actor, unit: OrgUnit) -> ImportBatch:
    """Store an uploaded .xlsx or .csv and read its header row."""
    kind = kind_of(filename)
    if kind is None:
        raise ImportError_("file_type")
    stored = secrets.token_hex(16) + "." + kind
    path = import_dir() / stored
    path.write_bytes(data)
    try:
        headers, rows = read_rows(path, kind)
        total = sum(1 for _ in rows)
    except UnreadableFile as exc:
        path.unlink(missing_ok=True)
        raise ImportError_("file_unreadable") from exc
    if not any(headers):
        path.unlink(missing_ok=True)
        raise ImportError_("file_unreadable")
    remembered = db.session.scalar(select(ImportMapping).where(ImportMapping.org_unit_id == unit.id))
    batch = ImportBatch(org_unit_id=unit.id, created_by_id=actor.id if actor else None,
                        original_name=(filename or "")[-200:], stored_name=stored,
                        file_sha256=hashlib.sha256(data).hexdigest(), headers=headers,
                        mapping=guess_mapping(headers, remembered.mapping if remembered else None),
                        total_rows=total)
    db.session.add(batch)
    db.session.flush()
    audit.record("import_upload", actor=actor, entity=batch, unit=unit,
                 changes={"file_sha256": batch.file_sha256, "columns": len(headers)})
    return batch


def earlier_import(batch: ImportBatch) -> ImportBatch | None:
    """The same file, already imported by this unit."""
    return db.session.scalar(select(ImportBatch).where(
        ImportBatch.file_sha256 == batch.file_sha256, ImportBatch.org_unit_id == batch.org_unit_id,
        ImportBatch.id != batch.id, ImportBatch.status == BatchStatus.DONE).order_by(ImportBatch.id.desc()).limit(1))


def set_mapping(batch: ImportBatch, mapping: dict[str, int | None], *, actor) -> None:
    """Choose the columns; remembered for the unit's next file (by header name)."""
    if batch.status not in (BatchStatus.UPLOADED, BatchStatus.PREVIEWED, BatchStatus.FAILED):
        raise ImportError_("busy")
    width = len(batch.headers)
    clean = {name: (index if isinstance(index, int) and 0 <= index < width else None) for name, index in
             ((name, mapping.get(name)) for name in FIELDS)}
    if clean["full_name"] is None:
        raise ImportError_("name_column")
    batch.mapping = clean
    batch.status = BatchStatus.CHECKING
    batch.progress = 0
    remembered = db.session.scalar(select(ImportMapping).where(ImportMapping.org_unit_id == batch.org_unit_id))
    if remembered is None:
        remembered = ImportMapping(org_unit_id=batch.org_unit_id)
        db.session.add(remembered)
    remembered.mapping = {name: batch.headers[index] for name, index in clean.items() if index is not None}
    audit.record("import_mapping", actor=actor, entity=batch, unit=batch.org_unit,
                 changes={"mapped": sorted(n for n, i in clean.items() if i is not None)})


# Checking rows ------------------------------------------------------------------------------------

@dataclass
class RowResult:
    number: int
    values: list
    cells: dict[str, str]
    problems: dict[str, str] = field(default_factory=dict)
    data: people.PersonData | None = None
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.duplicate


class CommuneFinder:
    """Commune/ward by code or by name (with or without "Xã"/"Phường"), within the importing unit's province."""

    PREFIXES = ("xa ", "phuong ", "dac khu ", "thi tran ")

    def __init__(self, unit: OrgUnit):
        province = unit if unit.level == UnitLevel.PROVINCE else next(
            (u for u in ancestors(unit) if u.level == UnitLevel.PROVINCE), None)
        stmt = select(OrgUnit).where(OrgUnit.level == UnitLevel.COMMUNE)
        if province is not None:
            stmt = stmt.where(OrgUnit.path.startswith(province.path, autoescape=True))
        self.by_code: dict[str, OrgUnit] = {}
        self.by_name: dict[str, OrgUnit | None] = {}
        for commune in db.session.scalars(stmt):
            self.by_code[commune.code] = commune
            for key in {commune.search_name, self._bare(commune.search_name)}:
                # a name two communes share is ambiguous: the code must be used
                self.by_name[key] = None if key in self.by_name else commune

    def _bare(self, name: str) -> str:
        for prefix in self.PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
        return name

    def find(self, text: str) -> OrgUnit | None:
        text = text.strip()
        if text.isdigit():
            return self.by_code.get(text) or self.by_code.get(text.zfill(5))
        key = fold(text)
        return self.by_name.get(key) or self.by_name.get(self._bare(key))


_SEX = {"nam": Sex.MALE, "nu": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE,
        "khac": Sex.OTHER, "other": Sex.OTHER}
_POVERTY = {"ngheo": PovertyStatus.POOR, "ho ngheo": PovertyStatus.POOR, "poor": PovertyStatus.POOR,
            "can ngheo": PovertyStatus.NEAR_POOR, "ho can ngheo": PovertyStatus.NEAR_POOR,
            "near poor": PovertyStatus.NEAR_POOR, "near-poor": PovertyStatus.NEAR_POOR,
            "khong": PovertyStatus.NONE, "none": PovertyStatus.NONE}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_birth(value) -> tuple[date | None, BirthPrecision]:
    """A date cell, dd/mm/yyyy text, or a year alone. ValueError('date_impossible'|'date_unreadable')."""
    if value is None or value == "":
        return None, BirthPrecision.DAY
    if isinstance(value, datetime):
        return value.date(), BirthPrecision.DAY
    if isinstance(value, date):
        return value, BirthPrecision.DAY
    text = _text(value).replace("-", "/").replace(".", "/")
    if text.isdigit() and len(text) == 4:
        return date(int(text), 1, 1), BirthPrecision.YEAR
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        if len(parts[0]) == 4:  # yyyy/mm/dd
            parts = [parts[2], parts[1], parts[0]]
        day, month, year = (int(p) for p in parts)
        if year < 100 or len(parts[2]) != 4:
            raise ValueError("date_unreadable")
        try:
            return date(year, month, day), BirthPrecision.DAY
        except ValueError:
            raise ValueError("date_impossible") from None
    raise ValueError("date_unreadable")


def _choice(cells: dict, problems: dict, key: str, table: dict, default, code: str):
    if not cells.get(key):
        return default
    value = table.get(fold(cells[key]))
    if value is None:
        problems[key] = code
        return default
    return value


def _parse_birth_cell(values: list, mapping: dict, problems: dict, today: date) -> tuple[date | None, BirthPrecision]:
    if mapping.get("birth") is None:
        return None, BirthPrecision.DAY
    try:
        birth, precision = parse_birth(values[mapping["birth"]])
        validators.check_birth_date(birth, today)
    except validators.IdentifierError as exc:
        problems["birth"] = exc.code
    except ValueError as exc:
        problems["birth"] = str(exc)
    else:
        return birth, precision
    return None, BirthPrecision.DAY


def _parse_id(cells: dict, problems: dict, birth: date | None, sex: Sex) -> tuple[str, IdType | None]:
    id_number = validators.digits_only(cells.get("id_number", ""))
    if not id_number:
        return "", None
    id_type = IdType.CMND if len(id_number) == 9 else IdType.CCCD
    try:
        id_number = validators.clean_id_number(id_type, id_number)
    except validators.IdentifierError as exc:
        problems["id_number"] = exc.code
    else:
        if id_type == IdType.CCCD and not validators.cccd_matches_person(id_number, birth.year if birth else None,
                                                                         sex):
            problems["id_number"] = "cccd_mismatch"
    return id_number, id_type


def _parse_row(number: int, values: list, mapping: dict, communes: CommuneFinder, today: date) -> RowResult:
    cells = {name: _text(values[index]) for name, index in mapping.items() if index is not None}
    row = RowResult(number=number, values=values, cells=cells)
    problems = row.problems
    name = normalise(cells.get("full_name"))
    if len(name) < 2:
        problems["full_name"] = "name_required"
    sex = _choice(cells, problems, "sex", _SEX, Sex.UNKNOWN, "sex_unknown")
    birth, precision = _parse_birth_cell(values, mapping, problems, today)
    id_number, id_type = _parse_id(cells, problems, birth, sex)
    _check_rest(cells, problems)
    commune = None
    if cells.get("commune"):
        commune = communes.find(cells["commune"])
        if commune is None:
            problems["commune"] = "commune_unknown"
    poverty = _choice(cells, problems, "poverty_status", _POVERTY, PovertyStatus.UNKNOWN, "poverty_unknown")
    categories = [c.strip().upper() for c in cells.get("categories", "").replace(";", ",").split(",") if c.strip()]
    if any(c not in CATEGORIES for c in categories):
        problems["categories"] = "category_unknown"
    if problems:
        return row
    data = people.PersonData(full_name=name, sex=sex, birth_date=birth, birth_precision=precision, id_type=id_type,
                             id_number=id_number or None, bhyt_number=cells.get("bhyt_number") or None,
                             phone=cells.get("phone") or None, home_commune=commune,
                             address_detail=cells.get("address_detail") or None, poverty_status=poverty,
                             categories=categories)
    try:
        row.data = people.validate_person_data(data, today=today, check_taken=False)
    except people.PersonError as exc:
        if exc.code == "id_taken":
            row.duplicate = True
            problems["id_number"] = "duplicate_existing"
        else:
            problems[_FORM_FIELD.get(exc.field, exc.field) if exc.field in FIELDS or exc.field in _FORM_FIELD
                     else "full_name"] = exc.code
    return row


_FORM_FIELD = {"birth_date": "birth"}


def _check_rest(cells: dict, problems: dict) -> None:
    for key, cleaner in (("bhyt_number", validators.clean_bhyt), ("phone", validators.clean_phone)):
        try:
            cleaner(cells.get(key))
        except validators.IdentifierError as exc:
            problems[key] = exc.code


def _identity(data: people.PersonData) -> tuple:
    if data.id_number:
        return ("id", data.id_number)
    return ("name", fold(data.full_name), data.birth_date.year if data.birth_date else None,
            data.home_commune.id if data.home_commune else None)


def check_rows(batch: ImportBatch, *, today: date, progress: Callable[[int, int], None] | None = None
               ) -> list[RowResult]:
    """Parse and validate every row, and find rows that are people already registered or repeated in the file.

    Rows are parsed first without touching the database; the registered CCCDs and the registered
    name/year/commune matches are then looked up for all rows at once, in chunks.
    """
    path = file_path(batch)
    headers, rows = read_rows(path, kind_of(batch.stored_name))
    communes = CommuneFinder(batch.org_unit)
    mapping = dict(batch.mapping)
    results: list[RowResult] = []
    seen: dict[tuple, int] = {}
    first_seen: list[tuple[RowResult, tuple]] = []
    for count, (number, values) in enumerate(rows, start=1):
        row = _parse_row(number, values, mapping, communes, today)
        if row.data is not None:
            key = _identity(row.data)
            if key in seen:
                row.duplicate = True
                row.problems["id_number" if key[0] == "id" else "full_name"] = f"duplicate_in_file:{seen[key]}"
            else:
                seen[key] = number
                first_seen.append((row, key))
        results.append(row)
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, 0)
    _mark_registered(first_seen)
    return results


_CHUNK = 500


def _mark_registered(rows: list[tuple[RowResult, tuple]]) -> None:
    """Flag the rows whose person is registered already: the same CCCD, or the same folded name, birth
    year and commune (the rule of people.queries.possible_duplicates)."""
    ids = [key[1] for _row, key in rows if key[0] == "id"]
    taken: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        taken.update(db.session.scalars(select(Person.id_number).where(Person.id_number.in_(chunk))))
    names = sorted({key[1] for _row, key in rows if key[0] == "name"})
    known: dict[str, list[tuple]] = {}
    for start in range(0, len(names), _CHUNK):
        for name, year, commune_id in db.session.execute(
                select(Person.search_name, Person.birth_year, Person.home_commune_id)
                .where(Person.search_name.in_(names[start:start + _CHUNK]))):
            known.setdefault(name, []).append((year, commune_id))
    for row, key in rows:
        if key[0] == "id" and key[1] in taken:
            row.duplicate = True
            row.problems["id_number"] = "duplicate_existing"
        elif key[0] == "name" and _matches_known(key, known):
            row.duplicate = True
            row.problems["full_name"] = "duplicate_similar"


def _matches_known(key: tuple, known: dict[str, list[tuple]]) -> bool:
    _kind, name, year, commune_id = key
    return any((year is None or k_year == year) and (commune_id is None or k_commune == commune_id)
               for k_year, k_commune in known.get(name, ()))


def _summarise(batch: ImportBatch, results: list[RowResult]) -> None:
    batch.total_rows = len(results)
    batch.valid_rows = sum(1 for r in results if r.ok)
    batch.duplicate_rows = sum(1 for r in results if r.duplicate)
    batch.problem_rows = sum(1 for r in results if r.problems and not r.duplicate)
    rejected = [r for r in results if not r.ok]
    batch.preview = [{"row": r.number, "problems": r.problems, **({"cells": r.cells} if i < PREVIEW_CELLS else {})}
                     for i, r in enumerate(rejected)]


def write_rejected_file(batch: ImportBatch, message: Callable[[str], str]) -> Path:
    """The rejected rows as they were in the file, with the row number and the reasons, as .xlsx."""
    problems = {entry["row"]: entry["problems"] for entry in batch.preview}
    headers, rows = read_rows(file_path(batch), kind_of(batch.stored_name))
    columns = {index: name for name, index in batch.mapping.items() if index is not None}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([message("header_row"), *headers, message("header_problems")])
    for number, values in rows:
        if number in problems:
            reasons = [f"{headers[i]}: {message(problems[number][name])}" for i, name in columns.items()
                       if name in problems[number]]
            sheet.append([number, *values, "; ".join(reasons)])
    path = rejected_path(batch)
    workbook.save(path)
    return path


# Jobs ---------------------------------------------------------------------------------------------

def _progress_writer(batch_id: int) -> Callable[[int, int], None]:
    def write(done: int, _total: int) -> None:
        db.session.commit()  # end the read transaction first: the update then queues for the write lock
        db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(progress=done))
        db.session.commit()

    return write


Progress = Callable[[int, int], None]


def preview(batch_id: int, *, today: date, progress: Progress | None = None) -> ImportBatch:
    """Check every row and keep the problems for the preview. Writes no person."""
    batch = db.session.get(ImportBatch, batch_id)
    results = check_rows(batch, today=today, progress=progress)
    batch = db.session.get(ImportBatch, batch_id)
    _summarise(batch, results)
    batch.progress = batch.total_rows
    batch.status = BatchStatus.PREVIEWED
    return batch


def start_import(batch: ImportBatch, *, actor) -> None:
    if batch.status != BatchStatus.PREVIEWED:
        raise ImportError_("not_previewed")
    batch.status = BatchStatus.IMPORTING
    batch.progress = 0
    audit.record("import_start", actor=actor, entity=batch, unit=batch.org_unit)


def run_import(batch_id: int, *, actor, today: date, progress: Progress | None = None) -> ImportBatch:
    """Check again, then write every valid row in ONE transaction: all of them or none.

    The caller commits. Rows that became duplicates since the preview (someone registered the same
    CCCD meanwhile) are rejected with the others.
    """
    batch = db.session.get(ImportBatch, batch_id)
    results = check_rows(batch, today=today, progress=progress)
    # The write transaction starts with a write, so SQLite takes its lock at once (queued on the busy timeout).
    db.session.commit()
    db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(progress=len(results)))
    batch = db.session.get(ImportBatch, batch_id)
    valid = [r for r in results if r.ok]
    ids = [r.data.id_number for r in valid if r.data.id_number]
    taken: set[str] = set()
    for start in range(0, len(ids), 500):
        taken.update(db.session.scalars(select(Person.id_number).where(Person.id_number.in_(ids[start:start + 500]))))
    for row in valid:
        if row.data.id_number in taken:
            row.duplicate = True
            row.problems["id_number"] = "duplicate_existing"
    valid = [r for r in valid if r.ok]
    unit = batch.org_unit
    created = [people.new_person(r.data, actor=actor, unit=unit) for r in valid]
    db.session.add_all(created)
    db.session.flush()
    for person in created:
        audit.record("person_create", actor=actor, entity_type="people", entity_id=person.id, unit=unit,
                     changes={"import_batch": batch.id})
    _summarise(batch, results)
    batch.created_count = len(created)
    batch.status = BatchStatus.DONE
    batch.finished_at = utcnow()
    audit.record("import_done", actor=actor, entity=batch, unit=unit,
                 changes={"file_sha256": batch.file_sha256, "rows": batch.total_rows, "created": len(created),
                          "duplicates": batch.duplicate_rows, "rejected": batch.problem_rows})
    return batch


def run_job(job: str, batch_id: int, *, actor_id: int | None, today: date) -> None:
    """Run a preview or import job in the current app context and commit; a failure marks the batch failed."""
    from casework.auth.models import User

    try:
        actor = db.session.get(User, actor_id) if actor_id else None
        if job == "preview":
            preview(batch_id, today=today, progress=_progress_writer(batch_id))
        else:
            run_import(batch_id, actor=actor, today=today, progress=_progress_writer(batch_id))
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("import job %s of batch %s failed", job, batch_id)
        code = exc.code if isinstance(exc, ImportError_) else (
            "file_unreadable" if isinstance(exc, UnreadableFile) else "failed")
        db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id)
                           .values(status=BatchStatus.FAILED, error=code))
        db.session.commit()


def launch(job: str, batch_id: int, *, actor_id: int | None, today: date) -> None:
    """Run the job in a background thread (the page polls its progress), or inline when so configured (tests)."""
    app = current_app._get_current_object()
    if not app.config.get("IMPORTS_IN_BACKGROUND", True):
        run_job(job, batch_id, actor_id=actor_id, today=today)
        return

    def work() -> None:
        with app.app_context():
            try:
                run_job(job, batch_id, actor_id=actor_id, today=today)
            finally:
                db.session.remove()

    threading.Thread(target=work, name=f"import-{job}-{batch_id}", daemon=True).start()


def interrupted(batch: ImportBatch, now: datetime) -> bool:
    """A job whose process died (restart, kill) leaves a batch that no longer moves."""
    busy = batch.status in (BatchStatus.CHECKING, BatchStatus.IMPORTING)
    return busy and (now - batch.updated_at).total_seconds() > 600
