"""Cases and everything recorded on them: assessments, plan, notes, attachments, approvals, timeline."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.auth.models import User
from casework.core.formatting import local_today
from casework.db import TimestampMixin, UTCDateTime, utcnow
from casework.db_types import enum_column
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import Household, Person


class CaseStatus(enum.StrEnum):
    INTAKE = "intake"  # tiếp nhận
    ASSESSMENT = "assessment"  # đánh giá
    PLANNING = "planning"  # lập kế hoạch
    IN_PROGRESS = "in_progress"  # thực hiện
    REVIEW = "review"  # theo dõi, rà soát
    CLOSED = "closed"  # kết thúc


class CaseSource(enum.StrEnum):
    SELF = "self"
    COMMUNE = "commune"
    HOSPITAL = "hospital"
    POLICE = "police"
    SCHOOL = "school"
    HOTLINE_111 = "hotline_111"
    OTHER = "other"


class RiskLevel(enum.StrEnum):
    HIGH = "high"  # Cao
    MEDIUM = "medium"  # Trung bình
    LOW = "low"  # Thấp


class ClosureReason(enum.StrEnum):
    GOALS_MET = "goals_met"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    MOVED_AWAY = "moved_away"
    DECLINED_SERVICES = "declined_services"
    DIED = "died"
    LOST_CONTACT = "lost_contact"
    OTHER = "other"


class AssessmentKind(enum.StrEnum):
    INITIAL = "initial"
    DETAILED = "detailed"
    REVIEW = "review"


class PlanItemStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class NoteKind(enum.StrEnum):
    HOME_VISIT = "home_visit"
    PHONE = "phone"
    OFFICE = "office"
    COUNSELLING = "counselling"
    OTHER = "other"
    SUPERVISION = "supervision"  # written by a supervisor; read by supervisors and the assigned worker


class AttachmentKind(enum.StrEnum):
    CONSENT_SCAN = "consent_scan"
    PHOTO = "photo"
    DOCUMENT = "document"


class ApprovalKind(enum.StrEnum):
    CLOSURE = "closure"
    TRANSFER = "transfer"


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class Case(TimestampMixin, db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_org_unit_status", "org_unit_id", "status"),
        Index("ix_cases_assigned_status", "assigned_to_id", "status"),
        Index("ix_cases_emergency_pending", "emergency", "emergency_acted_at", "emergency_deadline"),
        Index("ix_cases_opened_on", "opened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[CaseSource] = mapped_column(enum_column(CaseSource, 16))
    needs: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[RiskLevel | None] = mapped_column(enum_column(RiskLevel, 8))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, 16), default=CaseStatus.INTAKE)
    opened_on: Mapped[date] = mapped_column(Date)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    emergency_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emergency_acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    plan_due_on: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_column(ClosureReason, 24))
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship(lazy="joined", innerjoin=True)
    household: Mapped[Household | None] = relationship()
    org_unit: Mapped[OrgUnit] = relationship(lazy="joined", innerjoin=True)
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id], lazy="joined")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def emergency_pending(self) -> bool:
        """An emergency nobody has acted on yet: shown at the top of every list."""
        return self.emergency and self.emergency_acted_at is None and self.is_open

    @property
    def emergency_overdue(self) -> bool:
        return self.emergency_pending and self.emergency_deadline is not None and self.emergency_deadline < utcnow()

    @property
    def plan_overdue(self) -> bool:
        return (self.plan_due_on is not None and self.plan_due_on < local_today()
                and self.status in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT))


class CaseCounter(db.Model):
    """The last case number given per province and year (KH-2025-000123)."""

    __tablename__ = "case_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Assessment(TimestampMixin, db.Model):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AssessmentKind] = mapped_column(enum_column(AssessmentKind, 16))
    assessed_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    overall_risk: Mapped[RiskLevel | None] = mapped_column(enum_column(RiskLevel, 8))
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    items: Mapped[list[AssessmentItem]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", lazy="selectin", order_by="AssessmentItem.id")
    assessor: Mapped[User | None] = relationship()


class AssessmentItem(db.Model):
    """One need domain rated Cao / Trung bình / Thấp."""

    __tablename__ = "assessment_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    domain: Mapped[str] = mapped_column(String(24))
    level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel, 8))
    note: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship(back_populates="items")


class PlanItem(TimestampMixin, db.Model):
    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    goal: Mapped[str] = mapped_column(String(300))
    service: Mapped[str] = mapped_column(String(32))
    responsible: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PlanItemStatus] = mapped_column(enum_column(PlanItemStatus, 16), default=PlanItemStatus.PLANNED)


class CaseNote(TimestampMixin, db.Model):
    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind, 16))
    occurred_on: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship()


class Attachment(TimestampMixin, db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind, 16))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ApprovalRequest(TimestampMixin, db.Model):
    """A closure or transfer waiting for a supervisor of the owning unit (never the requester)."""

    __tablename__ = "approval_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ApprovalKind] = mapped_column(enum_column(ApprovalKind, 16))
    status: Mapped[ApprovalStatus] = mapped_column(enum_column(ApprovalStatus, 16), default=ApprovalStatus.PENDING,
                                                   index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_column(ClosureReason, 24))
    target_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    request_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(lazy="joined")
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    target_unit: Mapped[OrgUnit | None] = relationship()


class CaseEvent(db.Model):
    """The case timeline: one row per thing that happened, in order."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship(lazy="joined")
