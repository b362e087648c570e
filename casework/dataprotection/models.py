"""Requests made by a person about their own data, with the deadline to answer."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.db import TimestampMixin
from casework.db_types import enum_column
from casework.extensions import db
from casework.people.models import Person


class RequestKind(enum.StrEnum):
    ACCESS = "access"  # see and receive a copy of one's data
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"
    DELETION = "deletion"  # deletion or de-identification
    OBJECTION = "objection"


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    REFUSED = "refused"


class DataRequest(TimestampMixin, db.Model):
    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[RequestKind] = mapped_column(enum_column(RequestKind, 16))
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus, 16), default=RequestStatus.OPEN)
    requested_by: Mapped[str] = mapped_column(String(200), default="")  # the person or their representative
    notes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    person: Mapped[Person] = relationship(lazy="joined")
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])
