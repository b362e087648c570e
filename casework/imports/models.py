"""Import batches (one per uploaded file) and the column mapping each unit last used."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.db import TimestampMixin, UTCDateTime
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit


class BatchStatus(enum.StrEnum):
    UPLOADED = "uploaded"  # waiting for the column mapping
    CHECKING = "checking"  # rows being validated for the preview
    PREVIEWED = "previewed"  # preview ready; nothing written yet
    IMPORTING = "importing"
    DONE = "done"
    FAILED = "failed"


class ImportBatch(TimestampMixin, db.Model):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[BatchStatus] = mapped_column(enum_column(BatchStatus, 16), default=BatchStatus.UPLOADED)
    headers: Mapped[list] = mapped_column(JSON, default=list)
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # rows checked (or written) so far
    valid_rows: Mapped[int] = mapped_column(Integer, default=0)
    problem_rows: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_rows: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    # The first rows with problems, for the preview: [{"row": n, "cells": {field: value}, "problems": {field: code}}]
    preview: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(String(200))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")


class ImportMapping(TimestampMixin, db.Model):
    """The column mapping a unit used last time, offered again for its next file."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), unique=True)
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
