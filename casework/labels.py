"""Translated labels for enumerations shown in the UI."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casework.auth.models import Role
from casework.orgunits.models import FacilityType, UnitLevel

ROLE_LABELS = {
    Role.COLLABORATOR: _l("Social-work collaborator"),
    Role.HOSPITAL_SOCIAL_WORKER: _l("Hospital social worker"),
    Role.CENTRE_STAFF: _l("Centre staff"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.PROVINCIAL_MANAGER: _l("Provincial manager"),
    Role.ADMIN: _l("Administrator"),
}

UNIT_LEVEL_LABELS = {
    UnitLevel.COUNTRY: _l("Country"),
    UnitLevel.PROVINCE: _l("Province"),
    UnitLevel.COMMUNE: _l("Commune / ward"),
    UnitLevel.FACILITY: _l("Facility"),
}

FACILITY_TYPE_LABELS = {
    FacilityType.HOSPITAL: _l("Hospital"),
    FacilityType.SOCIAL_PROTECTION_CENTRE: _l("Social-protection centre"),
    FacilityType.SCHOOL: _l("School"),
    FacilityType.REHAB: _l("Rehabilitation facility"),
    FacilityType.OTHER: _l("Other facility"),
}


def facility_type_label(value) -> str:
    return str(FACILITY_TYPE_LABELS.get(value, value or ""))


def role_choices(roles=None) -> list[tuple[str, str]]:
    return [(r.value, str(ROLE_LABELS[r])) for r in (roles or list(Role))]


def facility_type_choices() -> list[tuple[str, str]]:
    return [(t.value, str(FACILITY_TYPE_LABELS[t])) for t in FacilityType]
