"""Administrative units and facilities: country -> province -> commune/ward, facilities under either."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from casework.core.formatting import local_today
from casework.core.text import fold, normalise
from casework.db import TimestampMixin
from casework.extensions import db


class UnitLevel(enum.StrEnum):
    COUNTRY = "country"
    PROVINCE = "province"
    COMMUNE = "commune"
    FACILITY = "facility"


class FacilityType(enum.StrEnum):
    HOSPITAL = "hospital"
    SOCIAL_PROTECTION_CENTRE = "social_protection_centre"
    SCHOOL = "school"
    REHAB = "rehab"
    OTHER = "other"


class OrgUnit(TimestampMixin, db.Model):
    __tablename__ = "org_units"
    __table_args__ = (Index("ix_org_units_parent_id_name", "parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Folded name (no marks, đ->d, casefolded) for searching without diacritics.
    search_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    level: Mapped[UnitLevel] = mapped_column(
        Enum(UnitLevel, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    # The division type from the source data ("tỉnh", "phường", "xã", ...) or the facility type.
    kind: Mapped[str] = mapped_column(String(64))
    facility_type: Mapped[FacilityType | None] = mapped_column(
        Enum(FacilityType, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    # Materialised path of ids, "/1/57/1042/": a subtree is a prefix match.
    path: Mapped[str] = mapped_column(String(255), index=True, default="")
    data_source: Mapped[str | None] = mapped_column(String(64))
    data_version: Mapped[str | None] = mapped_column(String(32))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    provides_sw_services: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(300))

    parent: Mapped[OrgUnit | None] = relationship(remote_side="OrgUnit.id", lazy="joined", join_depth=2)

    @validates("name")
    def _fold_name(self, _key: str, value: str) -> str:
        value = normalise(value)
        self.search_name = fold(value)
        return value

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code} {self.name}>"

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to >= local_today()

    def contains(self, other: OrgUnit) -> bool:
        """True when other is this unit or lies in its subtree."""
        return bool(self.path) and other.path.startswith(self.path)
