"""Partners (donors, benefactors, service providers), referrals, commitments and disbursements.

Money is integer VND everywhere, never a float.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.cases.models import Case
from casework.db import TimestampMixin, UTCDateTime
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit


class PartnerKind(enum.StrEnum):
    CHARITY = "charity"
    BUSINESS = "business"
    INDIVIDUAL = "individual"
    STATE_PROGRAM = "state_program"
    MASS_ORGANISATION = "mass_organisation"
    HOSPITAL = "hospital"
    SCHOOL = "school"
    OTHER = "other"


class ReferralStatus(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class FundingSource(enum.StrEnum):
    STATE_BUDGET = "state_budget"  # ngân sách nhà nước
    SOCIALISED = "socialised"  # nguồn xã hội hóa


class CommitmentKind(enum.StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"


class Frequency(enum.StrEnum):
    ONE_OFF = "one_off"
    MONTHLY = "monthly"


class CommitmentStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class DisbursementStatus(enum.StrEnum):
    EXPECTED = "expected"
    PAID = "paid"
    CANCELLED = "cancelled"


class Partner(TimestampMixin, db.Model):
    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind, 24))
    is_donor: Mapped[bool] = mapped_column(Boolean, default=True)
    is_service_provider: Mapped[bool] = mapped_column(Boolean, default=False)
    # An individual benefactor may stay anonymous to the family: the family-facing name is hidden.
    anonymous_to_family: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    funds: Mapped[list] = mapped_column(JSON, default=list)  # service codes this partner supports
    note: Mapped[str | None] = mapped_column(Text)
    # The unit that keeps this partner: visible to that unit's subtree and to the units above it.
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    org_unit: Mapped[OrgUnit] = relationship(lazy="joined")


class Referral(TimestampMixin, db.Model):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_status_completed_on", "status", "completed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    service: Mapped[str] = mapped_column(String(32))
    status: Mapped[ReferralStatus] = mapped_column(enum_column(ReferralStatus, 16), default=ReferralStatus.DRAFT)
    reason: Mapped[str] = mapped_column(Text, default="")
    shares_personal_data: Mapped[bool] = mapped_column(Boolean, default=True)
    legal_basis: Mapped[str | None] = mapped_column(String(300))
    consent_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_override_reason: Mapped[str | None] = mapped_column(Text)
    sent_on: Mapped[date | None] = mapped_column(Date)
    responded_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    response_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(lazy="joined")
    partner: Mapped[Partner] = relationship(lazy="joined")


class Commitment(TimestampMixin, db.Model):
    """What a partner promised: cash or in kind, once or every month on a schedule."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    service: Mapped[str] = mapped_column(String(32))
    kind: Mapped[CommitmentKind] = mapped_column(enum_column(CommitmentKind, 16))
    description: Mapped[str] = mapped_column(String(300), default="")
    amount: Mapped[int] = mapped_column(BigInteger)  # VND per instalment (estimated value when in kind)
    source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource, 16))
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency, 16))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    months: Mapped[list] = mapped_column(JSON, default=list)  # months of the year paid (1-12); empty = all
    day_of_month: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[CommitmentStatus] = mapped_column(enum_column(CommitmentStatus, 16),
                                                     default=CommitmentStatus.ACTIVE)
    paused_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(lazy="joined")
    partner: Mapped[Partner] = relationship(lazy="joined")


class Disbursement(TimestampMixin, db.Model):
    __tablename__ = "disbursements"
    __table_args__ = (Index("ix_disbursements_status_expected", "status", "expected_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    expected_on: Mapped[date] = mapped_column(Date)
    amount_expected: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[DisbursementStatus] = mapped_column(enum_column(DisbursementStatus, 16),
                                                       default=DisbursementStatus.EXPECTED)
    paid_on: Mapped[date | None] = mapped_column(Date, index=True)
    amount_paid: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource, 16))
    receipt_attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    commitment: Mapped[Commitment] = relationship(lazy="joined")


class Notification(db.Model):
    """Shown in the app (and e-mailed when SMTP is set up): reminders and hand-offs."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    digest_date: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()
