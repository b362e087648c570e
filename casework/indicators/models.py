"""Indicator targets and baselines (data per unit and year), and the indexes the roll-ups use."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.cases.models import Case, CaseNote
from casework.db import TimestampMixin
from casework.extensions import db
from casework.followups.models import FollowUp
from casework.orgunits.models import OrgUnit
from casework.referrals.models import Referral


class IndicatorTarget(TimestampMixin, db.Model):
    """A target for an indicator and year; no unit means the national default (Decision 112)."""

    __tablename__ = "indicator_targets"
    __table_args__ = (UniqueConstraint("indicator_code", "org_unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(32))
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(200), default="")

    org_unit: Mapped[OrgUnit | None] = relationship()


class IndicatorBaseline(TimestampMixin, db.Model):
    """A baseline figure of a unit (e.g. people counselled or supported in 2020)."""

    __tablename__ = "indicator_baselines"
    __table_args__ = (UniqueConstraint("indicator_code", "org_unit_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_code: Mapped[str] = mapped_column(String(32))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)

    org_unit: Mapped[OrgUnit] = relationship()


# Indexes for the roll-up queries (events of a unit's subtree within a period). They live on the
# casework tables but are declared here, beside the queries that need them.
# Covering: every case measure of a subtree and period is read from this index alone.
Index("ix_cases_org_unit_opened", *(Case.__table__.c[name] for name in
                                    ("org_unit_id", "opened_on", "person_id", "closed_at", "emergency")))
Index("ix_case_notes_kind_occurred", CaseNote.__table__.c.kind, CaseNote.__table__.c.occurred_on)
Index("ix_referrals_status_completed", Referral.__table__.c.status, Referral.__table__.c.completed_on)
Index("ix_followups_status_done", FollowUp.__table__.c.status, FollowUp.__table__.c.done_at)
