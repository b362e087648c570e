"""Follow-ups: visits and calls due on a case, one-off or recurring."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.models import Case
from casework.db import TimestampMixin, UTCDateTime
from casework.db_types import enum_column
from casework.extensions import db


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class FollowUp(TimestampMixin, db.Model):
    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_assignee_status_due", "assignee_id", "status", "due_on"),
                      Index("ix_followups_status_done_at", "status", "done_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # a NoteKind value: home_visit, phone, office...
    due_on: Mapped[date] = mapped_column(Date)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[FollowUpStatus] = mapped_column(enum_column(FollowUpStatus, 16), default=FollowUpStatus.OPEN)
    recurrence_months: Mapped[int | None] = mapped_column(Integer)  # repeat every N months
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(lazy="joined")
    assignee: Mapped[User | None] = relationship()
