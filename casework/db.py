"""Declarative base, naming convention, timestamp mixin and engine settings."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores timezone-aware UTC datetimes; SQLite gives them back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


# Pages that only read but still write (the audit row of a read of personal data): on SQLite they must
# take the write lock when they start, or a read transaction upgraded to a write fails at once with
# "database is locked" when another writer got there first.
WRITES_ON_READ = frozenset({
    "cases.detail", "cases.download", "people.detail", "followups.notifications",
    "api_people.get_person", "api_people.list_consents", "api_cases.get_case", "api_cases.list_plan",
    "api_cases.list_attachments", "api_cases.download_attachment", "api_cases.timeline",
    "imports.rejected", "dataprotection.requests", "dataprotection.export", "dataprotection.export_json",
    "hospital.admission", "hospital.appeal", "api_hospital.get_admission", "api_hospital.get_appeal",
})


def _is_write_request() -> bool:
    if not has_request_context():
        return False
    return request.method not in ("GET", "HEAD", "OPTIONS") or request.endpoint in WRITES_ON_READ


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, foreign keys and a busy timeout on every SQLite connection.

    pysqlite's own transaction handling is switched off so SQLAlchemy emits BEGIN itself:
    savepoints and transactional DDL then work. Requests that write start with BEGIN IMMEDIATE,
    so two writers queue on the busy timeout instead of failing with "database is locked".
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _is_write_request() else "BEGIN")
