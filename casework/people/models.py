"""People, households, beneficiary categories and consent records."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from casework.core.text import fold, normalise
from casework.db import TimestampMixin, UTCDateTime
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class BirthPrecision(enum.StrEnum):
    DAY = "day"
    YEAR = "year"


class IdType(enum.StrEnum):
    CCCD = "cccd"  # 12-digit personal identification number (căn cước)
    CMND = "cmnd"  # legacy 9-digit identity card


class PovertyStatus(enum.StrEnum):
    POOR = "poor"
    NEAR_POOR = "near_poor"
    NONE = "none"
    UNKNOWN = "unknown"


class DisabilityLevel(enum.StrEnum):
    NONE = "none"
    MILD = "mild"  # nhẹ
    SEVERE = "severe"  # nặng
    VERY_SEVERE = "very_severe"  # đặc biệt nặng


class ConsentScope(enum.StrEnum):
    SERVICES = "services"  # to receive social-work services
    DISCLOSURE = "disclosure"  # to share personal data with partners (referrals)
    PHOTOS = "photos"


class Person(TimestampMixin, db.Model):
    __tablename__ = "people"
    __table_args__ = (Index("ix_people_birth_year_search_name", "birth_year", "search_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), index=True, default="")
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 16), default=Sex.UNKNOWN)
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_precision: Mapped[BirthPrecision] = mapped_column(enum_column(BirthPrecision, 8), default=BirthPrecision.DAY)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    id_type: Mapped[IdType | None] = mapped_column(enum_column(IdType, 8))
    id_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    bhyt_number: Mapped[str | None] = mapped_column(String(15))
    phone: Mapped[str | None] = mapped_column(String(16), index=True)
    ethnicity: Mapped[str | None] = mapped_column(String(2))
    home_commune_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    address_detail: Mapped[str | None] = mapped_column(String(300))
    poverty_status: Mapped[PovertyStatus] = mapped_column(enum_column(PovertyStatus, 16),
                                                          default=PovertyStatus.UNKNOWN)
    disability: Mapped[DisabilityLevel] = mapped_column(enum_column(DisabilityLevel, 16),
                                                        default=DisabilityLevel.NONE)
    # The unit that registered the person: its subtree is who may see them.
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Data-subject rights: a restricted record can't be changed or shared; a de-identified one holds
    # no identifying data any more (only what the aggregate figures need).
    restricted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deidentified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    org_unit: Mapped[OrgUnit] = relationship(foreign_keys=[org_unit_id], lazy="joined")
    home_commune: Mapped[OrgUnit | None] = relationship(foreign_keys=[home_commune_id], lazy="joined")
    categories: Mapped[list[PersonCategory]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin", order_by="PersonCategory.code")

    __mapper_args__ = {"version_id_col": version}

    @validates("full_name")
    def _fold_name(self, _key: str, value: str) -> str:
        value = normalise(value)
        self.search_name = fold(value)
        return value

    @validates("birth_date")
    def _birth_year(self, _key: str, value: date | None) -> date | None:
        self.birth_year = value.year if value else None
        return value

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        if self.birth_precision == BirthPrecision.YEAR:
            return day.year - self.birth_date.year
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def category_codes(self) -> list[str]:
        return [c.code for c in self.categories]


class PersonCategory(db.Model):
    __tablename__ = "person_categories"
    __table_args__ = (UniqueConstraint("person_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), index=True)

    person: Mapped[Person] = relationship(back_populates="categories")


class Household(TimestampMixin, db.Model):
    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    home_commune_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    address_detail: Mapped[str | None] = mapped_column(String(300))
    poverty_status: Mapped[PovertyStatus] = mapped_column(enum_column(PovertyStatus, 16),
                                                          default=PovertyStatus.UNKNOWN)
    note: Mapped[str | None] = mapped_column(Text)

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan", lazy="selectin", order_by="HouseholdMember.id")
    home_commune: Mapped[OrgUnit | None] = relationship(foreign_keys=[home_commune_id])


class HouseholdMember(db.Model):
    __tablename__ = "household_members"
    __table_args__ = (UniqueConstraint("household_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    relationship_code: Mapped[str] = mapped_column(String(24))
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)

    household: Mapped[Household] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(lazy="joined")


class Consent(TimestampMixin, db.Model):
    """Consent given for a scope. A child of 7 or more needs the child's and a guardian's agreement."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    scope: Mapped[ConsentScope] = mapped_column(enum_column(ConsentScope, 16))
    subject_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relationship: Mapped[str | None] = mapped_column(String(24))
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    person: Mapped[Person] = relationship(lazy="joined")
