"""Case numbers per province and year: KH-2025-000123."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from casework.cases.models import CaseCounter
from casework.core.text import fold
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel

# Provinces whose initials would clash get a longer prefix.
_PREFIX_OVERRIDES = {
    "lai chau": "LCH", "lao cai": "LCA", "thai nguyen": "TNG", "tay ninh": "TNI",
    "quang ninh": "QNI", "quang ngai": "QNG", "da nang": "DNA", "dong nai": "DNI",
}


def province_of(unit: OrgUnit) -> OrgUnit | None:
    if unit.level == UnitLevel.PROVINCE:
        return unit
    ids = [int(p) for p in unit.path.strip("/").split("/") if p]
    if len(ids) < 2:
        return None
    return db.session.get(OrgUnit, ids[1])


def prefix_for(unit: OrgUnit) -> str:
    province = province_of(unit)
    if province is None:
        return "VN"
    name = fold(province.name)
    for kind in ("thanh pho trung uong ", "thanh pho ", "tinh "):
        name = name.removeprefix(kind)
    return _PREFIX_OVERRIDES.get(name) or "".join(word[0] for word in name.split()).upper()


def next_case_number(unit: OrgUnit, year: int) -> str:
    """Reserve the next number; the row lock (or SQLite's write lock) keeps numbers unique."""
    prefix = prefix_for(unit)
    counter = db.session.scalar(
        select(CaseCounter).where(CaseCounter.prefix == prefix, CaseCounter.year == year).with_for_update())
    if counter is None:
        try:
            with db.session.begin_nested():
                counter = CaseCounter(prefix=prefix, year=year, last_value=0)
                db.session.add(counter)
        except IntegrityError:  # another request created it first
            counter = db.session.scalar(
                select(CaseCounter).where(CaseCounter.prefix == prefix, CaseCounter.year == year).with_for_update())
    counter.last_value += 1
    db.session.flush()
    return f"{prefix}-{year}-{counter.last_value:06d}"
