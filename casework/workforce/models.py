"""The social-work workforce: staff and collaborators per unit, their trainings, and the base salary."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.db import TimestampMixin
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit


class PositionType(enum.StrEnum):
    FULL_TIME = "full_time"  # chuyên trách
    CONCURRENT = "concurrent"  # kiêm nhiệm
    COLLABORATOR = "collaborator"  # cộng tác viên


class Qualification(enum.StrEnum):
    NONE = "none"
    SW_CERTIFICATE = "sw_certificate"  # chứng chỉ bồi dưỡng CTXH
    VOCATIONAL = "vocational"  # trung cấp
    COLLEGE = "college"  # cao đẳng
    BACHELOR_SW = "bachelor_sw"  # đại học CTXH
    BACHELOR_RELATED = "bachelor_related"  # đại học ngành gần (tâm lý, xã hội học...)
    POSTGRADUATE = "postgraduate"


class StaffMember(TimestampMixin, db.Model):
    """A social-work officer or collaborator of a unit (commune, facility or province)."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[PositionType] = mapped_column(enum_column(PositionType, 16))
    qualification: Mapped[Qualification] = mapped_column(enum_column(Qualification, 24), default=Qualification.NONE)
    monthly_allowance: Mapped[int] = mapped_column(BigInteger, default=0)  # VND
    contract_start: Mapped[date] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User | None] = relationship()
    trainings: Mapped[list[Training]] = relationship(
        back_populates="staff", cascade="all, delete-orphan", lazy="selectin", order_by="Training.held_on.desc()")

    def active_on(self, day: date) -> bool:
        return self.contract_start <= day and (self.contract_end is None or self.contract_end >= day)


class Training(TimestampMixin, db.Model):
    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    course: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[int] = mapped_column(Integer)

    staff: Mapped[StaffMember] = relationship(back_populates="trainings")


class BaseSalary(db.Model):
    """Mức lương cơ sở, by the date it took effect (data, not a constant)."""

    __tablename__ = "base_salaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    legal_basis: Mapped[str] = mapped_column(String(100), default="")
