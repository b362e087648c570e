"""Online backup and restore.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while the app
keeps serving; restore copies a checked backup back the same way, page by page under SQLite's locks.
PostgreSQL: pg_dump -Fc (a consistent snapshot in one transaction) and pg_restore --clean.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise BackupError(f"{name} not found: install the postgresql client")
    return candidates[-1]


def _sqlite_path(url) -> str:
    database = url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return database


def _pg_args(url) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL tools; the password travels in the environment, never argv."""
    args = ["-d", url.database or "postgres"]
    if url.host:
        args += ["-h", url.host]
    if url.port:
        args += ["-p", str(url.port)]
    if url.username:
        args += ["-U", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def backup(database_url: str, directory: str | Path, *, now: datetime | None = None) -> Path:
    """Write a consistent copy of the database to a new timestamped file in directory; returns its path."""
    url = make_url(database_url)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    if url.get_backend_name() == "sqlite":
        target = directory / f"casework-{stamp}.sqlite3"
        partial = target.with_suffix(".partial")
        source = sqlite3.connect(_sqlite_path(url), timeout=30)
        dest = sqlite3.connect(partial)
        try:
            with dest:
                source.backup(dest)  # one step: a consistent snapshot, the writers wait briefly or go on (WAL)
        finally:
            dest.close()
            source.close()
        os.replace(partial, target)
    elif url.get_backend_name() == "postgresql":
        target = directory / f"casework-{stamp}.pgdump"
        partial = target.with_suffix(".partial")
        args, env = _pg_args(url)
        result = subprocess.run(  # noqa: S603 - a fixed argv, no shell
        [pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(partial), *args],
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
        os.replace(partial, target)
    else:
        raise BackupError(f"unsupported database {url.get_backend_name()}")
    check_backup(database_url, target)
    return target


def check_backup(database_url: str, path: str | Path) -> str:
    """Refuse a file that is not a sound backup for this engine; returns a one-line description."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    backend = make_url(database_url).get_backend_name()
    if backend == "sqlite":
        with path.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path}: not an SQLite database")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if status != "ok":
                raise BackupError(f"{path}: integrity check failed: {status}")
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: {exc}") from exc
        finally:
            conn.close()
        return f"SQLite backup, schema {version[0] if version else '?'}"
    result = subprocess.run(  # noqa: S603 - a fixed argv, no shell
        [pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0 or "TABLE DATA public alembic_version" not in result.stdout:
        raise BackupError(f"{path}: not a Casework pg_dump archive ({result.stderr.strip()[:200]})")
    return "PostgreSQL custom-format archive"


def restore(database_url: str, path: str | Path) -> None:
    """Put a checked backup back in place of the database's contents."""
    check_backup(database_url, path)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dest = sqlite3.connect(_sqlite_path(url), timeout=30)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    args, env = _pg_args(url)
    result = subprocess.run(  # noqa: S603 - a fixed argv, no shell
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                             "--exit-on-error", *args, str(path)], env=env, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")


def has_data(database_url: str) -> bool:
    """Whether the target database already holds a Casework schema (restore then needs --yes)."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(database_url)
    try:
        return "alembic_version" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
