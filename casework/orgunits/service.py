"""Writes to the org-unit tree: loading administrative units and adding facilities."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

from sqlalchemy import select

from casework.audit import service as audit
from casework.core.formatting import local_today
from casework.core.text import normalise
from casework.extensions import db
from casework.orgunits.models import FacilityType, OrgUnit, UnitLevel

COUNTRY_CODE = "VN"
DATA_SOURCE = "vietnam-provinces"
# The 2025 reorganisation (34 provinces, no districts) took effect on this date.
REORGANISATION_DATE = date(2025, 7, 1)


@dataclass
class LoadReport:
    provinces_added: int = 0
    communes_added: int = 0
    renamed: int = 0
    data_version: str = ""


class OrgUnitError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def province_code(number: int) -> str:
    return f"{number:02d}"


def ward_code(number: int) -> str:
    return f"{number:05d}"


def _set_path(unit: OrgUnit) -> None:
    unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.id}/"


def ensure_country() -> OrgUnit:
    country = db.session.scalar(select(OrgUnit).where(OrgUnit.code == COUNTRY_CODE))
    if country is None:
        country = OrgUnit(code=COUNTRY_CODE, name="Việt Nam", level=UnitLevel.COUNTRY, kind="quốc gia")
        db.session.add(country)
        db.session.flush()
        _set_path(country)
    return country


def load_admin_units(
    *, actor=None, province_codes: set[int] | None = None, progress: Callable[[int], None] | None = None
) -> LoadReport:
    """Load provinces and communes/wards from the pinned vietnam-provinces package.

    Idempotent: units already present (by code) are kept; a changed name is updated and audited.
    """
    report = LoadReport(data_version=version("vietnam-provinces"))
    country = ensure_country()
    existing = {u.code: u for u in db.session.scalars(select(OrgUnit).where(OrgUnit.data_source == DATA_SOURCE))}
    common = {"data_source": DATA_SOURCE, "data_version": report.data_version, "valid_from": REORGANISATION_DATE}
    provinces = _load_provinces(country, existing, common, report, actor, province_codes)
    _load_wards(provinces, existing, common, report, actor, progress)
    if report.provinces_added or report.communes_added:
        audit.record(
            "load_admin_units",
            actor=actor,
            entity_type="org_units",
            unit=country,
            changes={"provinces_added": report.provinces_added, "communes_added": report.communes_added,
                     "data_version": report.data_version},
        )
    db.session.flush()
    return report


def _load_provinces(country, existing, common, report, actor, only) -> dict[int, OrgUnit]:
    from vietnam_provinces import Province

    provinces: dict[int, OrgUnit] = {}
    for p in Province.iter_all():
        if only and int(p.code) not in only:
            continue
        name = f"{p.division_type.value.capitalize()} {p.name}"
        unit = existing.get(province_code(int(p.code)))
        if unit is None:
            unit = OrgUnit(code=province_code(int(p.code)), name=name, level=UnitLevel.PROVINCE,
                           kind=p.division_type.value, parent=country, **common)
            db.session.add(unit)
            report.provinces_added += 1
        elif unit.name != normalise(name):
            _rename(unit, name, report, actor)
        provinces[int(p.code)] = unit
    db.session.flush()
    for unit in provinces.values():
        if not unit.path:
            _set_path(unit)
    return provinces


def _load_wards(provinces, existing, common, report, actor, progress) -> None:
    from vietnam_provinces import Ward

    new_wards = []
    for i, w in enumerate(Ward.iter_all()):
        parent = provinces.get(int(w.province_code))
        if parent is None:
            continue
        unit = existing.get(ward_code(int(w.code)))
        if unit is None:
            unit = OrgUnit(code=ward_code(int(w.code)), name=w.name, level=UnitLevel.COMMUNE,
                           kind=w.division_type.value, parent=parent, **common)
            db.session.add(unit)
            new_wards.append(unit)
        elif unit.name != normalise(w.name):
            _rename(unit, w.name, report, actor)
        if progress and i % 500 == 0:
            progress(i)
    db.session.flush()
    for unit in new_wards:
        _set_path(unit)
    report.communes_added = len(new_wards)


def _rename(unit: OrgUnit, name: str, report: LoadReport, actor) -> None:
    audit.record("org_unit_update", actor=actor, entity=unit, unit=unit, changes={"name": [unit.name, name]})
    unit.name = name
    report.renamed += 1


def add_facility(
    parent: OrgUnit,
    *,
    actor,
    name: str,
    facility_type: FacilityType,
    code: str | None = None,
    address: str | None = None,
    provides_sw_services: bool = False,
) -> OrgUnit:
    """Add a hospital, social-protection centre, school or other facility under a province or commune."""
    if parent.level not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        raise OrgUnitError("parent", "bad_parent")
    code = (code or "").strip().upper() or f"CS-{secrets.token_hex(4).upper()}"
    if db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code)) is not None:
        raise OrgUnitError("code", "code_taken")
    unit = OrgUnit(
        code=code,
        name=name.strip(),
        level=UnitLevel.FACILITY,
        kind=facility_type.value,
        facility_type=facility_type,
        parent=parent,
        address=(address or "").strip() or None,
        provides_sw_services=provides_sw_services,
        valid_from=local_today(),
    )
    db.session.add(unit)
    db.session.flush()
    _set_path(unit)
    audit.record(
        "org_unit_create",
        actor=actor,
        entity=unit,
        unit=unit,
        changes={"name": unit.name, "facility_type": facility_type.value, "parent": parent.code},
    )
    return unit


def update_facility(unit: OrgUnit, *, actor, name: str, address: str | None, provides_sw_services: bool) -> dict:
    if unit.level != UnitLevel.FACILITY:
        raise OrgUnitError("name", "not_facility")
    wanted = {"name": name.strip(), "address": (address or "").strip() or None,
              "provides_sw_services": provides_sw_services}
    changes = audit.diff(unit, list(wanted), wanted)
    for key, value in wanted.items():
        setattr(unit, key, value)
    if changes:
        audit.record("org_unit_update", actor=actor, entity=unit, unit=unit, changes=changes)
    return changes


def add_former_unit(successor: OrgUnit, *, actor, code: str, name: str, level: UnitLevel, kind: str,
                    valid_to: date = date(2025, 6, 30)) -> OrgUnit:
    """Keep a unit that the 2025 reorganisation merged away, under the unit that took it over.

    It sits in its successor's subtree (the materialised path), so every figure of the successor
    counts the records of its former parts, and it carries the date it ceased to exist, so that a
    "% of communes" denominator read before 1/7/2025 counts the old communes, and one read after
    counts the new ones.
    """
    if db.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code)) is not None:
        raise OrgUnitError("code", "code_taken")
    unit = OrgUnit(code=code, name=name, level=level, kind=kind, parent=successor, valid_from=None,
                   valid_to=valid_to, data_source="before-2025")
    db.session.add(unit)
    db.session.flush()
    _set_path(unit)
    audit.record("org_unit_create", actor=actor, entity=unit, unit=unit,
                 changes={"name": unit.name, "successor": successor.code, "valid_to": valid_to.isoformat()})
    return unit
