"""Scoped reads of the org-unit tree."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from casework.core.text import fold
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel


def visible_units(user) -> Select:
    """Every unit in the user's subtree."""
    return select(OrgUnit).where(OrgUnit.path.startswith(user.home_unit.path, autoescape=True))


def unit_by_code(code: str) -> OrgUnit | None:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code.strip().upper()))


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """From the root down to the unit's parent, in one query."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    if not ids:
        return []
    found = {u.id: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def children_page(unit: OrgUnit, *, q: str = "", page: int = 1, per_page: int = 50):
    stmt = select(OrgUnit).where(OrgUnit.parent_id == unit.id)
    if q:
        stmt = stmt.where(OrgUnit.search_name.contains(fold(q), autoescape=True))
    # Facilities first (there are few), then units by name.
    stmt = stmt.order_by((OrgUnit.level != UnitLevel.FACILITY), OrgUnit.name)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def count_by_level() -> dict[str, int]:
    rows = db.session.execute(select(OrgUnit.level, func.count()).group_by(OrgUnit.level))
    return {level.value: n for level, n in rows}


def subtree_counts(unit: OrgUnit) -> dict[str, int]:
    """How many provinces, communes and facilities lie in a unit's subtree (the unit excluded)."""
    rows = db.session.execute(
        select(OrgUnit.level, func.count())
        .where(OrgUnit.path.startswith(unit.path, autoescape=True), OrgUnit.id != unit.id)
        .group_by(OrgUnit.level)
    )
    return {level.value: n for level, n in rows}
