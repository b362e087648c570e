"""Throwaway databases of their own for the backup and crash tests (they commit for real)."""

from __future__ import annotations

import os
import secrets
import tempfile

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import ENGINE


@pytest.fixture
def scratch_db():
    """scratch_db() -> URL of a new empty database; PostgreSQL ones are dropped afterwards."""
    made = []

    def _make() -> str:
        if ENGINE != "postgresql":
            return f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='casework-ops-'), 'casework.db')}"
        base = make_url(os.environ["TEST_DATABASE_URL"])
        name = f"{base.database}_ops_{secrets.token_hex(4)}"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        made.append((base, name))
        return base.set(database=name).render_as_string(hide_password=False)

    yield _make
    for base, name in made:
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
