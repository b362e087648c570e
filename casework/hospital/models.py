"""Admissions, supports given in hospital, appeals with their donations and hand-overs, team activities.

Money is integer VND, never a float. Every record carries the facility (org unit) that keeps it, so the
indicators can count it by unit and period without joining through the case (which may have moved to the
patient's home commune after discharge).
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.models import Case
from casework.db import TimestampMixin, UTCDateTime, utcnow
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import Person, PovertyStatus
from casework.referrals.models import Partner


class SupportKind(enum.StrEnum):
    IN_KIND = "in_kind"  # meals, clothes, medicine given in kind
    CASH = "cash"
    BHYT = "bhyt"  # help to obtain or use a health-insurance card
    FEE_REDUCTION = "fee_reduction"  # miễn giảm viện phí
    TRANSPORT_HOME = "transport_home"


class SupportSource(enum.StrEnum):
    """Where the money or goods came from. The first two values are those of referrals.FundingSource."""

    STATE_BUDGET = "state_budget"  # ngân sách nhà nước, e.g. a state programme
    SOCIALISED = "socialised"  # nguồn xã hội hóa: benefactors, charities
    HOSPITAL_FUND = "hospital_fund"  # the hospital's own fund


class AppealStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DonationKind(enum.StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"


class ActivityKind(enum.StrEnum):
    COMMUNICATION = "communication"  # truyền thông, tư vấn nhóm
    TRAINING = "training"
    CHARITY_EVENT = "charity_event"
    OTHER = "other"


class Admission(TimestampMixin, db.Model):
    """A stay in hospital, with the team's assessment of the patient's hardship."""

    __tablename__ = "hospital_admissions"
    __table_args__ = (Index("ix_hospital_admissions_unit_admitted", "org_unit_id", "admitted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))  # the hospital
    department: Mapped[str] = mapped_column(String(120))
    admitted_on: Mapped[date] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date, index=True)
    # Hardship assessment (hoàn cảnh khó khăn)
    poverty: Mapped[PovertyStatus] = mapped_column(enum_column(PovertyStatus, 16), default=PovertyStatus.UNKNOWN)
    no_bhyt: Mapped[bool] = mapped_column(Boolean, default=False)
    no_relatives: Mapped[bool] = mapped_column(Boolean, default=False)
    unidentified: Mapped[bool] = mapped_column(Boolean, default=False)
    violence_victim: Mapped[bool] = mapped_column(Boolean, default=False)
    accident_victim: Mapped[bool] = mapped_column(Boolean, default=False)
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    # Discharge hand-off to the patient's home commune
    handed_off_to_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    handed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)
    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)
    org_unit: Mapped[OrgUnit] = relationship(foreign_keys=[org_unit_id], lazy="joined", innerjoin=True)
    handed_off_to: Mapped[OrgUnit | None] = relationship(foreign_keys=[handed_off_to_id])

    @property
    def in_hospital(self) -> bool:
        return self.discharged_on is None

    @property
    def hardships(self) -> list[str]:
        """The hardship codes that apply, in a fixed order (labels in hospital.labels.HARDSHIP)."""
        out = [self.poverty.value] if self.poverty in (PovertyStatus.POOR, PovertyStatus.NEAR_POOR) else []
        return out + [name for name in HARDSHIP_FLAGS if getattr(self, name)]


HARDSHIP_FLAGS = ("no_bhyt", "no_relatives", "unidentified", "violence_victim", "accident_victim")


class HospitalSupport(TimestampMixin, db.Model):
    """Something the team gave or obtained for a patient, with its value and where it came from."""

    __tablename__ = "hospital_supports"
    __table_args__ = (Index("ix_hospital_supports_unit_given", "org_unit_id", "given_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    admission_id: Mapped[int] = mapped_column(ForeignKey("hospital_admissions.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    kind: Mapped[SupportKind] = mapped_column(enum_column(SupportKind, 16))
    given_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(300), default="")
    amount: Mapped[int | None] = mapped_column(BigInteger)  # VND; the estimated value when not cash
    source: Mapped[SupportSource] = mapped_column(enum_column(SupportSource, 16))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    sponsor_name: Mapped[str | None] = mapped_column(String(200))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    partner: Mapped[Partner | None] = relationship(lazy="joined")
    admission: Mapped[Admission] = relationship(lazy="joined", innerjoin=True)

    @property
    def sponsor(self) -> str:
        return self.partner.name if self.partner else (self.sponsor_name or "")


class Appeal(TimestampMixin, db.Model):
    """A call to benefactors for one patient (vận động tài trợ). Donations are socialised resources."""

    __tablename__ = "hospital_appeals"
    __table_args__ = (Index("ix_hospital_appeals_unit_status", "org_unit_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    admission_id: Mapped[int] = mapped_column(ForeignKey("hospital_admissions.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    target_amount: Mapped[int] = mapped_column(BigInteger)
    opened_on: Mapped[date] = mapped_column(Date)
    status: Mapped[AppealStatus] = mapped_column(enum_column(AppealStatus, 8), default=AppealStatus.OPEN)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    admission: Mapped[Admission] = relationship(lazy="joined", innerjoin=True)


class Donation(db.Model):
    """Money or goods given to an appeal, recorded as it comes in."""

    __tablename__ = "hospital_donations"
    __table_args__ = (Index("ix_hospital_donations_appeal_received", "appeal_id", "received_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("hospital_appeals.id", ondelete="CASCADE"))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    donor_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[DonationKind] = mapped_column(enum_column(DonationKind, 8))
    amount: Mapped[int] = mapped_column(BigInteger)  # VND; the estimated value when in kind
    description: Mapped[str] = mapped_column(String(300), default="")
    receipt_number: Mapped[str] = mapped_column(String(40), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    partner: Mapped[Partner | None] = relationship(lazy="joined")

    @property
    def donor(self) -> str:
        return self.partner.name if self.partner else (self.donor_name or "")


class AppealHandover(db.Model):
    """Cash from the appeal handed to the patient or their family, against a signed receipt."""

    __tablename__ = "hospital_appeal_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("hospital_appeals.id", ondelete="CASCADE"), index=True)
    handed_on: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    receipt_number: Mapped[str] = mapped_column(String(40))
    handed_over_by: Mapped[str] = mapped_column(String(200))
    received_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamActivity(TimestampMixin, db.Model):
    """Work of the team that is not a case: communication sessions, trainings, charity events."""

    __tablename__ = "hospital_team_activities"
    __table_args__ = (Index("ix_hospital_team_activities_unit_held", "org_unit_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, 16))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined", innerjoin=True)
    created_by: Mapped[User | None] = relationship()
