"""Demo data: Khánh Hòa with its real communes, a provincial centre, a provincial hospital and one
user per role. The people are invented. Loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from casework.audit import service as audit
from casework.auth import service as accounts
from casework.auth.models import Role, User
from casework.extensions import db
from casework.orgunits import service as units
from casework.orgunits.models import FacilityType, OrgUnit
from casework.orgunits.queries import unit_by_code

KHANH_HOA = 56
DEMO_PASSWORD = "casework-demo-2026"  # noqa: S105 - printed by make run, demo only
CENTRE_CODE = "KH-CTXH"
HOSPITAL_CODE = "KH-BVDK"
DEMO_COMMUNE_CODE = "22366"  # Phường Nha Trang
OTHER_COMMUNE_CODE = "22402"  # another Khánh Hòa commune, for scope demonstrations


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    unit_code: str


DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", Role.ADMIN, units.COUNTRY_CODE),
    DemoUser("quanly", "Trần Minh Khoa", Role.PROVINCIAL_MANAGER, "56"),
    DemoUser("giamsat", "Lê Thị Thu Hà", Role.SUPERVISOR, "56"),
    DemoUser("ctv", "Nguyễn Văn Bình", Role.COLLABORATOR, DEMO_COMMUNE_CODE),
    DemoUser("bacsi.ctxh", "Phạm Thị Lan Anh", Role.HOSPITAL_SOCIAL_WORKER, HOSPITAL_CODE),
    DemoUser("trungtam", "Võ Thành Đạt", Role.CENTRE_STAFF, CENTRE_CODE),
]


def load_demo(*, actor: User | None = None) -> dict[str, int]:
    """Create what is missing of the demo; returns counts of what was added."""
    added = {"units": 0, "facilities": 0, "users": 0}
    report = units.load_admin_units(actor=actor, province_codes={KHANH_HOA})
    added["units"] = report.provinces_added + report.communes_added
    province = unit_by_code("56")
    for code, name, kind in (
        (CENTRE_CODE, "Trung tâm Công tác xã hội tỉnh Khánh Hòa", FacilityType.SOCIAL_PROTECTION_CENTRE),
        (HOSPITAL_CODE, "Bệnh viện Đa khoa tỉnh Khánh Hòa", FacilityType.HOSPITAL),
    ):
        if unit_by_code(code) is None:
            units.add_facility(province, actor=actor, name=name, facility_type=kind, code=code,
                               address="Nha Trang, Khánh Hòa", provides_sw_services=True)
            added["facilities"] += 1
    for demo in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.username == demo.username)) is None:
            home = db.session.scalar(select(OrgUnit).where(OrgUnit.code == demo.unit_code))
            accounts.create_user(actor=actor, username=demo.username, full_name=demo.full_name,
                                 password=DEMO_PASSWORD, role=demo.role, home_unit=home)
            added["users"] += 1
    if any(added.values()):
        audit.record("load_demo", actor=actor, entity_type="demo", changes=added)
    db.session.flush()
    return added
