"""The six-monthly review of each collaborator (Circular 07/2013/TT-BLĐTBXH)."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.db import TimestampMixin
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit


class ReviewRating(enum.StrEnum):
    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    SATISFACTORY = "satisfactory"  # Hoàn thành nhiệm vụ
    UNSATISFACTORY = "unsatisfactory"  # Không hoàn thành nhiệm vụ


class CollaboratorReview(TimestampMixin, db.Model):
    """One review per collaborator and half-year: the date, the rating, notes and agreed actions."""

    __tablename__ = "collaborator_reviews"
    __table_args__ = (UniqueConstraint("reviewee_id", "year", "half"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The reviewee's home unit when reviewed: who may read the review follows it.
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    half: Mapped[int] = mapped_column(Integer)  # 1 = January-June, 2 = July-December
    reviewed_on: Mapped[date] = mapped_column(Date)
    rating: Mapped[ReviewRating] = mapped_column(enum_column(ReviewRating, 16))
    notes: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")

    reviewee: Mapped[User] = relationship(foreign_keys=[reviewee_id])
    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id], lazy="joined")
    org_unit: Mapped[OrgUnit] = relationship()
