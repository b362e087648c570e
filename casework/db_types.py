"""Small helpers for declaring enum columns the same way everywhere."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """A VARCHAR enum storing the member values (portable across SQLite and PostgreSQL)."""
    return Enum(enum_class, native_enum=False, length=length, validate_strings=True,
                values_callable=lambda e: [m.value for m in e])
