"""A province of invented casework, written in bulk: `flask --app wsgi casework generate --preset province`.

Real communes of Khánh Hòa (from the loaded administrative units), invented people with realistic
Vietnamese names, and cases at every step with their assessments, plans, notes, referrals, commitments,
disbursements, follow-ups, timeline and audit rows. Rows are built in Python with ids given here (so
children know their parents without a round trip) and written in batches: executemany on SQLite (the
people_fts triggers keep the search index filled), COPY on PostgreSQL (the trigram index follows).
The same seed gives the same data.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from casework.auth import service as accounts
from casework.auth.models import Role, User
from casework.bench import names
from casework.core.formatting import local_today
from casework.core.text import fold
from casework.extensions import db
from casework.orgunits import service as units
from casework.orgunits.models import FacilityType, OrgUnit, UnitLevel
from casework.orgunits.queries import unit_by_code

PROVINCE_CODE = "56"  # Khánh Hòa
CENTRE_CODE = "KH-CTXH"
HOSPITAL_CODE = "KH-BVDK"
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - invented users of a generated benchmark database


@dataclass(frozen=True)
class Preset:
    name: str
    people: int
    description: str


PRESETS = {
    "small": Preset("small", 500, "about 10,000 rows of casework, in seconds"),
    "province": Preset("province", 100_000, "100,000 people and over 1,000,000 rows of casework"),
}

# Tables counted as "rows of casework" in the dataset figures.
CASEWORK_TABLES = ("cases", "assessments", "assessment_items", "plan_items", "case_notes", "case_events",
                   "referrals", "commitments", "disbursements", "followups", "consents", "audit_events")

# Insert order: parents before children (PostgreSQL checks foreign keys on every COPY).
COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("id", "username", "full_name", "email", "password_hash", "role", "home_unit_id", "active", "locale",
              "failed_logins", "password_changed_at", "created_at", "updated_at"),
    "partners": ("id", "name", "kind", "is_donor", "is_service_provider", "anonymous_to_family", "contact_name",
                 "phone", "funds", "org_unit_id", "active", "created_at", "updated_at"),
    "people": ("id", "full_name", "search_name", "sex", "birth_date", "birth_precision", "birth_year", "id_type",
               "id_number", "bhyt_number", "phone", "ethnicity", "home_commune_id", "address_detail",
               "poverty_status", "disability", "org_unit_id", "created_by_id", "version", "created_at",
               "updated_at"),
    "person_categories": ("id", "person_id", "code"),
    "households": ("id", "org_unit_id", "home_commune_id", "address_detail", "poverty_status", "created_at",
                   "updated_at"),
    "household_members": ("id", "household_id", "person_id", "relationship_code", "is_head"),
    "cases": ("id", "number", "person_id", "household_id", "org_unit_id", "assigned_to_id", "created_by_id",
              "source", "needs", "summary", "risk_level", "status", "opened_on", "emergency", "emergency_deadline",
              "emergency_acted_at", "plan_due_on", "closed_at", "closure_reason", "last_activity_at", "version",
              "created_at", "updated_at"),
    "consents": ("id", "person_id", "case_id", "scope", "subject_agreed", "guardian_agreed", "guardian_name",
                 "guardian_relationship", "given_on", "recorded_by_id", "created_at", "updated_at"),
    "assessments": ("id", "case_id", "kind", "assessed_on", "summary", "overall_risk", "assessor_id", "created_at",
                    "updated_at"),
    "assessment_items": ("id", "assessment_id", "domain", "level"),
    "plan_items": ("id", "case_id", "goal", "service", "responsible", "due_on", "status", "created_at",
                   "updated_at"),
    "case_notes": ("id", "case_id", "kind", "occurred_on", "body", "author_id", "created_at", "updated_at"),
    "referrals": ("id", "case_id", "partner_id", "service", "status", "reason", "shares_personal_data", "sent_on",
                  "responded_on", "completed_on", "outcome", "created_by_id", "created_at", "updated_at"),
    "commitments": ("id", "case_id", "partner_id", "referral_id", "service", "kind", "description", "amount",
                    "source", "frequency", "start_on", "end_on", "months", "day_of_month", "status",
                    "created_by_id", "created_at", "updated_at"),
    "disbursements": ("id", "commitment_id", "case_id", "expected_on", "amount_expected", "status", "paid_on",
                      "amount_paid", "source", "recorded_by_id", "created_at", "updated_at"),
    "followups": ("id", "case_id", "plan_item_id", "title", "kind", "due_on", "assignee_id", "status",
                  "recurrence_months", "done_at", "outcome", "created_at", "updated_at"),
    "case_events": ("id", "case_id", "occurred_at", "actor_id", "kind", "detail"),
    "audit_events": ("id", "occurred_at", "actor_id", "actor_username", "action", "entity_type", "entity_id",
                     "org_unit_id", "summary", "changes", "remote_addr"),
}

STATUS_ORDER = ["intake", "assessment", "planning", "in_progress", "review", "closed"]
# Where a case stands depends on how long ago it was opened: (days since opening, statuses, weights).
# Over three years this closes about 60 % of the cases; the open ones spread over the steps.
STATUS_BY_AGE = [
    (20, ["intake", "assessment", "planning"], [60, 30, 10]),
    (90, ["assessment", "planning", "in_progress", "review", "closed"], [15, 20, 40, 10, 15]),
    (540, ["planning", "in_progress", "review", "closed"], [5, 35, 20, 40]),
    (10**6, ["in_progress", "review", "closed"], [7, 5, 88]),
]
SOURCES = [("commune", 40), ("self", 22), ("hospital", 12), ("school", 8), ("police", 5), ("hotline_111", 5),
           ("other", 8)]
CLOSURES = [("goals_met", 62), ("referred_elsewhere", 12), ("moved_away", 7), ("declined_services", 6),
            ("died", 5), ("lost_contact", 6), ("other", 2)]
NEED_DOMAINS = ["education", "income", "health", "health_insurance", "housing", "food", "safety", "family",
                "psychosocial", "disability", "legal", "care"]
NOTE_KINDS = [("home_visit", 40), ("phone", 30), ("office", 12), ("counselling", 15), ("other", 3)]

# service -> (share, partner kinds, funding source, cash or in kind, frequency, (min, max) VND per instalment)
SERVICES: dict[str, tuple[int, tuple[str, ...], str, str, str, tuple[int, int]]] = {
    "scholarship": (22, ("charity", "business", "individual"), "socialised", "cash", "monthly", (200_000, 500_000)),
    "livelihood_capital": (8, ("charity", "mass_organisation", "business"), "socialised", "cash", "one_off",
                           (3_000_000, 15_000_000)),
    "health_insurance_card": (12, ("state_program",), "state_budget", "in_kind", "one_off", (700_000, 1_100_000)),
    "medical_cost": (10, ("charity", "individual", "hospital"), "socialised", "cash", "one_off",
                     (1_000_000, 30_000_000)),
    "childcare_fee": (6, ("charity", "school"), "socialised", "cash", "monthly", (100_000, 300_000)),
    "disability_allowance": (8, ("state_program",), "state_budget", "cash", "monthly", (500_000, 900_000)),
    "emergency_shelter": (4, ("state_program",), "state_budget", "in_kind", "one_off", (1_000_000, 4_000_000)),
    "counselling": (14, ("mass_organisation", "hospital"), "", "", "", (0, 0)),
    "legal_aid": (4, ("state_program", "mass_organisation"), "", "", "", (0, 0)),
    "vocational_training": (5, ("state_program", "business"), "state_budget", "in_kind", "one_off",
                            (2_000_000, 6_000_000)),
    "family_tracing": (3, ("state_program",), "", "", "", (0, 0)),
    "policy_advice": (4, ("state_program",), "", "", "", (0, 0)),
}
NEED_FOR_SERVICE = {"scholarship": "education", "livelihood_capital": "income", "health_insurance_card":
                    "health_insurance", "medical_cost": "health", "childcare_fee": "education",
                    "disability_allowance": "disability", "emergency_shelter": "safety", "counselling": "psychosocial",
                    "legal_aid": "legal", "vocational_training": "income", "family_tracing": "family",
                    "policy_advice": "legal"}

PARTNERS = [
    ("Quỹ Bảo trợ trẻ em tỉnh Khánh Hòa", "charity"), ("Hội Chữ thập đỏ tỉnh Khánh Hòa", "mass_organisation"),
    ("Hội Liên hiệp Phụ nữ tỉnh Khánh Hòa", "mass_organisation"), ("Tỉnh đoàn Khánh Hòa", "mass_organisation"),
    ("Bảo hiểm xã hội tỉnh Khánh Hòa", "state_program"), ("Sở Y tế tỉnh Khánh Hòa", "state_program"),
    ("Trung tâm Trợ giúp pháp lý tỉnh", "state_program"), ("Trường Cao đẳng Nghề Nha Trang", "state_program"),
    ("Bệnh viện Đa khoa tỉnh Khánh Hòa", "hospital"), ("Quỹ Khuyến học tỉnh", "charity"),
    ("Công ty Yến sào Khánh Hòa", "business"), ("Ngân hàng Chính sách xã hội tỉnh", "state_program"),
    ("Quỹ Vì người nghèo tỉnh", "charity"), ("Chùa Long Sơn", "charity"), ("Nhà thờ Núi Nha Trang", "charity"),
    ("Trường THCS Thái Nguyên", "school"), ("Công ty Cổ phần Du lịch biển Nha Trang", "business"),
    ("Câu lạc bộ Thiện nguyện Cam Ranh", "charity"), ("Hội Người cao tuổi tỉnh", "mass_organisation"),
    ("Quỹ Học bổng Vừ A Dính", "charity"),
] + [(f"Nhà hảo tâm {n}", "individual") for n in ("Trần Văn Tư", "Lê Thị Mỹ", "Phạm Quốc Hưng", "Võ Thị Hoa",
                                                    "Nguyễn Minh Trí", "Huỳnh Thị Lệ", "Đặng Văn Sĩ",
                                                    "Bùi Ngọc Ánh")]

SUMMARIES = {
    "education": "Gia đình khó khăn, cháu có nguy cơ bỏ học; cần hỗ trợ học phí và đồ dùng học tập.",
    "income": "Hộ không có thu nhập ổn định, cần vốn sinh kế và tư vấn việc làm.",
    "health": "Bệnh nặng điều trị dài ngày, chi phí vượt khả năng của gia đình.",
    "health_insurance": "Hộ cận nghèo chưa có thẻ BHYT, cần hướng dẫn thủ tục.",
    "housing": "Nhà tạm, dột nát sau mùa mưa bão; cần hỗ trợ sửa nhà.",
    "food": "Thiếu lương thực trong mùa giáp hạt.",
    "safety": "Có dấu hiệu bị bạo lực, cần bảo vệ và can thiệp.",
    "family": "Mâu thuẫn gia đình kéo dài, cần tham vấn và hòa giải.",
    "psychosocial": "Sang chấn tâm lý sau biến cố, cần tham vấn.",
    "disability": "Người khuyết tật nặng chưa được hưởng trợ cấp.",
    "legal": "Chưa có giấy khai sinh, cần trợ giúp pháp lý.",
    "care": "Người cao tuổi sống một mình, cần chăm sóc hằng ngày.",
}
NOTE_BODIES = ["Thăm hộ gia đình, ghi nhận hoàn cảnh.", "Gọi điện hỏi thăm tình hình sức khỏe.",
               "Tham vấn cho mẹ và cháu tại nhà văn hóa.", "Phối hợp với trưởng thôn rà soát nhu cầu.",
               "Hướng dẫn hồ sơ đề nghị trợ cấp.", "Cháu đi học đều, kết quả học tập tiến bộ."]


def _weighted(pairs: list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


@dataclass
class Report:
    preset: str
    engine: str
    seed: int
    people: int = 0
    users: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def casework_rows(self) -> int:
        return sum(self.counts.get(t, 0) for t in CASEWORK_TABLES)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0


class BulkWriter:
    """Buffers rows per table and writes them in dependency order, in one transaction."""

    def __init__(self, engine_name: str, dbapi_connection, on_write: Callable[[int], None], batch: int = 20_000):
        self.engine = engine_name
        self.conn = dbapi_connection
        self.buffers: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.on_write = on_write
        self.batch = batch
        self.cursor = dbapi_connection.cursor()
        if engine_name == "sqlite":
            self.cursor.execute("PRAGMA synchronous = OFF")
            self.cursor.execute("BEGIN")

    def ts(self, value: datetime) -> str:
        if self.engine == "sqlite":  # SQLAlchemy's storage format for naive UTC datetimes on SQLite
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value.isoformat()

    def add(self, table: str, row: tuple) -> None:
        buf = self.buffers[table]
        buf.append(row)
        if len(buf) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.buffers.items():
            if not rows:
                continue
            cols = COLUMNS[table]
            if self.engine == "sqlite":
                marks = ",".join("?" * len(cols))
                self.cursor.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({marks})", rows)  # noqa: S608
            else:
                with self.cursor.copy(f"COPY {table} ({','.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            self.counts[table] += len(rows)
            self.on_write(len(rows))
            self.buffers[table] = []

    def finish(self) -> None:
        self.flush()
        if self.engine == "postgresql":
            for table in COLUMNS:
                self.cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 1) FROM {table}))")
        self.conn.commit()
        self.cursor.execute("ANALYZE")
        if self.engine == "postgresql":
            self.conn.commit()
        else:
            self.cursor.execute("PRAGMA synchronous = NORMAL")


def _next_ids() -> dict[str, int]:
    ids = {}
    for table in COLUMNS:
        t = db.metadata.tables[table]
        ids[table] = int(db.session.scalar(select(func.coalesce(func.max(t.c.id), 0)))) + 1
    return ids


def _ensure_facilities(province: OrgUnit) -> tuple[OrgUnit, OrgUnit]:
    made = []
    for code, name, kind in (
        (CENTRE_CODE, "Trung tâm Công tác xã hội tỉnh Khánh Hòa", FacilityType.SOCIAL_PROTECTION_CENTRE),
        (HOSPITAL_CODE, "Bệnh viện Đa khoa tỉnh Khánh Hòa", FacilityType.HOSPITAL),
    ):
        unit = unit_by_code(code) or units.add_facility(
            province, actor=None, name=name, facility_type=kind, code=code, address="Nha Trang, Khánh Hòa",
            provides_sw_services=True)
        made.append(unit)
    db.session.commit()
    return made[0], made[1]


def estimate_rows(people: int) -> int:
    """Rough total for the progress bar (measured ratios of the generator below)."""
    return int(people * 24.5)


def generate(preset: str = "small", *, seed: int = 1, people: int | None = None,
             progress: Callable[[int], None] | None = None, today: date | None = None) -> Report:
    """Write a generated province into the app's database (migrated, with Khánh Hòa loaded)."""
    started = time.perf_counter()
    cfg = PRESETS[preset]
    n_people = people or cfg.people
    rng = random.Random(seed)
    today = today or local_today()
    province = unit_by_code(PROVINCE_CODE)
    if province is None:
        raise RuntimeError("Khánh Hòa (56) is not loaded: run `flask --app wsgi casework load-admin-units` first")
    communes = list(db.session.scalars(select(OrgUnit).where(
        OrgUnit.parent_id == province.id, OrgUnit.level == UnitLevel.COMMUNE).order_by(OrgUnit.code)))
    centre, hospital = _ensure_facilities(province)
    ids = _next_ids()
    engine = db.engine.dialect.name
    raw = db.engine.raw_connection()
    try:
        writer = BulkWriter(engine, raw.driver_connection, progress or (lambda n: None))
        gen = _Generator(rng, writer, ids, today, province, communes, centre, hospital)
        db.session.commit()  # the bulk connection is the only one open in a transaction from here on
        gen.users()
        gen.partners()
        gen.people_and_cases(n_people)
        gen.finish_counter(engine)
        writer.finish()
    finally:
        raw.close()
    report = Report(preset=preset, engine=engine, seed=seed, people=writer.counts["people"],
                    users=writer.counts["users"], counts=dict(writer.counts))
    report.seconds = time.perf_counter() - started
    return report


class _Generator:
    def __init__(self, rng: random.Random, writer: BulkWriter, ids: dict[str, int], today: date,
                 province: OrgUnit, communes: list[OrgUnit], centre: OrgUnit, hospital: OrgUnit):
        self.rng, self.w, self.ids, self.today = rng, writer, ids, today
        self.province, self.communes, self.centre, self.hospital = province, communes, centre, hospital
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=3)
        self.start = date(today.year - 3, 1, 1)
        self.family = _weighted(names.FAMILY_NAMES)
        self.fmid, self.mmid = _weighted(names.FEMALE_MIDDLE), _weighted(names.MALE_MIDDLE)
        self.eth = _weighted(names.ETHNICITY)
        self.sources = _weighted(SOURCES)
        self.closures = _weighted(CLOSURES)
        self.notes = _weighted(NOTE_KINDS)
        self.services = _weighted([(k, v[0]) for k, v in SERVICES.items()])
        self.workers: dict[int, list[tuple[int, str]]] = {}
        self.supervisors: list[tuple[int, str]] = []
        self.partners_by_kind: dict[str, list[int]] = {}
        self.case_seq: dict[int, int] = {}
        self.counters = self._counters()
        self.stamp = writer.ts(self.now)

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _ts(self, day: date, hour: int | None = None) -> str:
        h = hour if hour is not None else self.rng.randint(1, 10)  # 08:00-17:00 in Vietnam
        return self.w.ts(datetime(day.year, day.month, day.day, h, self.rng.randint(0, 59), tzinfo=UTC))

    # Users and partners ---------------------------------------------------------------------------

    def users(self) -> None:
        digest = accounts.hash_password(BENCH_PASSWORD)
        stamp = self.stamp

        def user(username: str, full_name: str, role: Role, unit: OrgUnit) -> tuple[int, str]:
            uid = self._id("users")
            self.w.add("users", (uid, username, full_name, None, digest, role.value, unit.id, 1, "vi", 0, stamp,
                                 stamp, stamp))
            return uid, username

        existing = set(db.session.scalars(select(User.username)))
        suffix = "" if "bench.giamsat1" not in existing else f".{self.ids['users']}"
        for i in range(1, 4):
            self.supervisors.append(user(f"bench.giamsat{i}{suffix}", self._name("female" if i % 2 else "male"),
                                         Role.SUPERVISOR, self.province))
        user(f"bench.quanly{suffix}", self._name("male"), Role.PROVINCIAL_MANAGER, self.province)
        for commune in self.communes:
            count = 2 if self.rng.random() < 0.5 else 1
            self.workers[commune.id] = [
                user(f"bench.ctv.{commune.code}.{k}{suffix}", self._name(self.rng.choice(["female", "male"])),
                     Role.COLLABORATOR, commune) for k in range(1, count + 1)]
        self.workers[self.hospital.id] = [
            user(f"bench.bv.{k}{suffix}", self._name("female"), Role.HOSPITAL_SOCIAL_WORKER, self.hospital)
            for k in range(1, 4)]
        self.workers[self.centre.id] = [
            user(f"bench.tt.{k}{suffix}", self._name("male"), Role.CENTRE_STAFF, self.centre) for k in range(1, 5)]

    def partners(self) -> None:
        for name, kind in PARTNERS:
            pid = self._id("partners")
            funds = json.dumps([s for s, v in SERVICES.items() if kind in v[1]])
            self.w.add("partners", (pid, name, kind, 1, int(kind in ("state_program", "hospital", "school",
                                                                      "mass_organisation")),
                                    int(kind == "individual"), None, None, funds, self.province.id, 1, self.stamp,
                                    self.stamp))
            self.partners_by_kind.setdefault(kind, []).append(pid)

    # People ---------------------------------------------------------------------------------------

    def _name(self, sex: str) -> str:
        rng = self.rng
        family = rng.choices(*self.family)[0]
        if sex == "female":
            middle, given = rng.choices(*self.fmid)[0], rng.choice(names.FEMALE_GIVEN)
        else:
            middle, given = rng.choices(*self.mmid)[0], rng.choice(names.MALE_GIVEN)
        if rng.random() < 0.15:  # a second middle name: Nguyễn Thị Thu Hà
            given = f"{rng.choice(['Thu', 'Ngọc', 'Minh', 'Thanh', 'Bảo', 'Hoài'])} {given}"
        return f"{family} {middle} {given}"

    def _birth(self) -> date:
        r = self.rng.random()
        year = self.today.year
        if r < 0.38:  # children and young people
            age = self.rng.randint(0, 17)
        elif r < 0.70:
            age = self.rng.randint(18, 59)
        else:  # older people living alone, with disabilities...
            age = self.rng.randint(60, 95)
        return date(year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _person(self, unit: OrgUnit, commune: OrgUnit, creator: int, created: date, *, sex: str | None = None,
                birth: date | None = None) -> tuple[int, str, date]:
        rng = self.rng
        pid = self._id("people")
        sex = sex or ("female" if rng.random() < 0.54 else "male")
        full_name = self._name(sex)
        birth = birth or self._birth()
        year_only = birth.year < 1960 and rng.random() < 0.6
        if year_only:
            birth = date(birth.year, 1, 1)
        age = self.today.year - birth.year
        has_id = age >= 14 and rng.random() < 0.75
        id_number = f"056{(2 if sex == 'female' else 1) if birth.year < 2000 else (3 if sex == 'female' else 2)}" \
                    f"{birth.year % 100:02d}{pid % 1_000_000:06d}" if has_id else None
        if has_id and pid >= 1_000_000:
            id_number = None
        poverty = rng.choices(["poor", "near_poor", "none", "unknown"], [14, 16, 58, 12])[0]
        disability = rng.choices(["none", "mild", "severe", "very_severe"], [88, 6, 4, 2])[0]
        phone = f"0{rng.choice('398')}{rng.randint(10_000_000, 99_999_999)}" if age >= 16 and rng.random() < 0.55 \
            else None
        bhyt = f"{rng.choice(['HN', 'HC', 'GD', 'TE'])}4{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.6 \
            else None
        if bhyt:
            bhyt = bhyt[2:]  # 10-digit form since 2021
            bhyt = f"{int(bhyt) % 10**10:010d}"
        address = f"Số {rng.randint(1, 300)} {rng.choice(names.STREETS)}, thôn {rng.randint(1, 12)}"
        stamp = self._ts(created)
        self.w.add("people", (pid, full_name, fold(full_name), sex, birth.isoformat(),
                              "year" if year_only else "day", birth.year, "cccd" if id_number else None, id_number,
                              bhyt, phone, rng.choices(*self.eth)[0], commune.id, address, poverty, disability,
                              unit.id, creator, 1, stamp, stamp))
        cats = self._categories(age, poverty, disability)
        for code in cats:
            self.w.add("person_categories", (self._id("person_categories"), pid, code))
        return pid, full_name, birth

    def _categories(self, age: int, poverty: str, disability: str) -> list[str]:
        rng = self.rng
        cats = []
        if age < 16 and rng.random() < 0.35:
            cats.append(rng.choice(["LTE-10.a", "LTE-10.c", "LTE-10.d", "LTE-10.h", "LTE-10.n", "LTE-10.i"]))
        if age >= 80 or (age >= 60 and poverty == "poor" and rng.random() < 0.6):
            cats.append("ND20-5.5")
        if disability in ("severe", "very_severe"):
            cats.append("ND20-5.6")
        if 18 <= age < 60 and poverty == "poor" and rng.random() < 0.15:
            cats.append("ND20-5.4")
        if rng.random() < 0.03:
            cats.append("TAG-AO")
        if rng.random() < 0.02:
            cats.append(rng.choice(["ND20-24.2a", "ND20-24.2b", "ND20-24.2e"]))
        return sorted(set(cats))

    # Cases ----------------------------------------------------------------------------------------

    def people_and_cases(self, n_people: int) -> None:
        rng = self.rng
        span = (self.today - self.start).days
        # Communes weighted: wards of Nha Trang and Cam Ranh are bigger than mountain communes.
        weights = [3.0 if c.kind.lower().startswith("phường") else 1.0 for c in self.communes]
        made = 0
        while made < n_people:
            owner_roll = rng.random()
            commune = rng.choices(self.communes, weights)[0]
            owner = self.hospital if owner_roll < 0.10 else self.centre if owner_roll < 0.17 else commune
            workers = self.workers[owner.id]
            worker = rng.choice(workers)
            # Registrations grow gently over the three years (density rising as t^0.25).
            created = self.start + timedelta(days=int(span * rng.random() ** 0.8))
            # A household: the person in need and one to three relatives registered with them.
            size = rng.choices([1, 2, 3, 4], [35, 30, 22, 13])[0]
            head, head_name, head_birth = self._person(owner, commune, worker[0], created)
            members = [(head, "head")]
            for _ in range(size - 1):
                rel = rng.choice(["child", "grandchild", "spouse", "parent", "sibling"])
                birth = None
                if rel in ("child", "grandchild"):
                    birth = date(max(head_birth.year + (20 if rel == "child" else 45), self.today.year - 17),
                                 rng.randint(1, 12), rng.randint(1, 28))
                    if birth > self.today:
                        birth = date(self.today.year - rng.randint(0, 10), 6, 1)
                pid, _, _ = self._person(owner, commune, worker[0], created, birth=birth)
                members.append((pid, rel))
            made += size
            household = None
            if size > 1:
                household = self._id("households")
                self.w.add("households", (household, owner.id, commune.id, None,
                                          rng.choices(["poor", "near_poor", "none"], [30, 30, 40])[0],
                                          self._ts(created), self._ts(created)))
                for pid, rel in members:
                    self.w.add("household_members", (self._id("household_members"), household, pid, rel,
                                                      int(rel == "head")))
            self._audit(created, worker, "person_create", "people", head, owner)
            # Most registered households have one case; some have two (a child and a grandparent).
            n_cases = rng.choices([1, 2], [80, 20])[0]
            for k in range(n_cases):
                pid = members[min(k, len(members) - 1)][0]
                self._case(pid, household, owner, worker, created, span)

    def _case(self, person_id: int, household: int | None, owner: OrgUnit, worker: tuple[int, str],  # noqa: C901
              registered: date, span: int) -> None:
        rng, w = self.rng, self.w
        # A case is opened when the person is registered or within the month after.
        opened = min(registered + timedelta(days=rng.randint(0, 30)), self.today)
        age = (self.today - opened).days
        statuses, weights = next((st, wt) for limit, st, wt in STATUS_BY_AGE if age <= limit)
        status = rng.choices(statuses, weights)[0]
        cid = self._id("cases")
        year = opened.year
        seq = self.case_seq.get(year, self.counters.get(year, 0)) + 1
        self.case_seq[year] = seq
        number = f"KH-{year}-{seq:06d}"
        source = rng.choices(*self.sources)[0]
        needs = sorted(set(rng.sample(NEED_DOMAINS, rng.randint(1, 3))))
        emergency = rng.random() < 0.04 or (source == "police" and rng.random() < 0.5)
        if emergency and "safety" not in needs:
            needs = sorted([*needs, "safety"])
        stage = STATUS_ORDER.index(status)
        open_ts = datetime(opened.year, opened.month, opened.day, rng.randint(1, 10), rng.randint(0, 59),
                           tzinfo=UTC)
        deadline = acted = None
        if emergency:
            deadline = open_ts + timedelta(hours=12)
            # A few recent emergencies are still waiting: they head every list.
            if not (status == "intake" and rng.random() < 0.3):
                acted = open_ts + timedelta(hours=rng.choice([2, 4, 6, 10, 14]))
        risk = rng.choices(["high", "medium", "low", None], [20, 40, 30, 10])[0] if stage >= 1 else None
        plan_due = opened + timedelta(days=7) if stage <= 1 else None
        closed_at = closure = None
        day = opened
        # Step dates: each step a few days to weeks after the last; no date after today.
        step_days = [opened]
        for _ in range(stage):
            day = min(day + timedelta(days=rng.randint(2, 45)), self.today)
            step_days.append(day)
        if status == "closed":
            closed_at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
            closure = rng.choices(*self.closures)[0]
        last_activity = datetime(step_days[-1].year, step_days[-1].month, step_days[-1].day, 10, 0, tzinfo=UTC)
        summary = SUMMARIES[needs[0]]
        w.add("cases", (cid, number, person_id, household, owner.id, worker[0], worker[0], source,
                        json.dumps(needs), summary, risk, status, opened.isoformat(), int(emergency),
                        w.ts(deadline) if deadline else None, w.ts(acted) if acted else None,
                        plan_due.isoformat() if plan_due else None, w.ts(closed_at) if closed_at else None, closure,
                        w.ts(last_activity), 1 + stage, w.ts(open_ts), w.ts(last_activity)))
        self._event(cid, open_ts, worker, "opened", {"emergency": emergency, "source": source})
        self._audit(opened, worker, "case_create", "cases", cid, owner, {"person": person_id, "emergency": emergency})
        # Consent to share data with partners: recorded for most cases that reach planning.
        if stage >= 2 and rng.random() < 0.85:
            w.add("consents", (self._id("consents"), person_id, cid, "disclosure", 1, int(rng.random() < 0.3), None,
                               None, opened.isoformat(), worker[0], self._ts(opened), self._ts(opened)))
        for i in range(1, stage + 1):
            before, after = STATUS_ORDER[i - 1], STATUS_ORDER[i]
            ts = datetime(step_days[i].year, step_days[i].month, step_days[i].day, 8, 30, tzinfo=UTC)
            actor = rng.choice(self.supervisors) if after == "closed" else worker
            self._event(cid, ts, actor, "status", {"before": before, "after": after})
            self._audit(step_days[i], actor, "case_status", "cases", cid, owner, {"status": [before, after]})
        if acted:
            self._event(cid, acted, worker, "emergency_action", {"late": acted > deadline})
        if stage >= 1:
            self._assessments(cid, needs, step_days, stage, worker, owner)
        plan_ids = []
        if stage >= 2:
            for service in self._services_for(needs):
                pid = self._id("plan_items")
                due = step_days[2] + timedelta(days=rng.randint(20, 120))
                pstatus = "done" if stage == 5 or (stage >= 4 and rng.random() < 0.6) else \
                    rng.choice(["planned", "in_progress"])
                w.add("plan_items", (pid, cid, f"{SUMMARIES[NEED_FOR_SERVICE[service]][:60]}", service,
                                     "Cộng tác viên CTXH", due.isoformat(), pstatus, self._ts(step_days[2]),
                                     self._ts(step_days[2])))
                plan_ids.append((pid, service))
                self._event(cid, datetime(step_days[2].year, step_days[2].month, step_days[2].day, 9, 0, tzinfo=UTC),
                            worker, "plan_item", {"service": service})
            if stage >= 3:
                for _plan_id, service in plan_ids:
                    if rng.random() < 0.7:
                        self._referral(cid, service, step_days, stage, worker, owner)
        self._notes(cid, step_days, worker, owner)
        self._followups(cid, step_days, stage, worker, plan_ids)
        for _ in range(rng.choices([0, 1, 2, 3, 4], [10, 30, 30, 20, 10])[0]):  # reads of the case file
            self._audit(min(opened + timedelta(days=rng.randint(0, 200)), self.today), worker, "case_view",
                        "cases", cid, owner)

    def _services_for(self, needs: list[str]) -> list[str]:
        picks = [s for s, need in NEED_FOR_SERVICE.items() if need in needs]
        if not picks:
            picks = [self.rng.choices(*self.services)[0]]
        self.rng.shuffle(picks)
        return picks[:2]

    def _assessments(self, cid, needs, step_days, stage, worker, owner) -> None:
        rng, w = self.rng, self.w
        kinds = ["initial"] + (["detailed"] if stage >= 2 and rng.random() < 0.6 else []) + \
            (["review"] if stage >= 4 else [])
        for j, kind in enumerate(kinds):
            day = step_days[min(1 + j * 2, stage)]
            aid = self._id("assessments")
            levels = [rng.choices(["high", "medium", "low"], [30, 45, 25])[0] for _ in needs]
            overall = "high" if "high" in levels else "medium" if "medium" in levels else "low"
            w.add("assessments", (aid, cid, kind, day.isoformat(), "", overall, worker[0], self._ts(day),
                                  self._ts(day)))
            for need, level in zip(needs, levels, strict=True):
                w.add("assessment_items", (self._id("assessment_items"), aid, need, level))
            self._event(cid, datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC), worker, "assessment",
                        {"kind": kind, "risk": overall})
            self._audit(day, worker, "assessment_create", "cases", cid, owner)

    def _referral(self, cid, service, step_days, stage, worker, owner) -> None:
        rng, w = self.rng, self.w
        share, kinds, source, money_kind, frequency, (low, high) = SERVICES[service]
        partner_ids = [p for k in kinds for p in self.partners_by_kind.get(k, [])]
        partner = rng.choice(partner_ids)
        sent = step_days[3]
        if stage == 5:
            status = rng.choices(["completed", "declined", "cancelled"], [80, 12, 8])[0]
        else:
            status = rng.choices(["sent", "accepted", "completed", "declined"], [20, 35, 35, 10])[0]
        responded = min(sent + timedelta(days=rng.randint(2, 20)), self.today) if status != "sent" else None
        completed = min(responded + timedelta(days=rng.randint(5, 60)), self.today) \
            if status == "completed" and responded else None
        rid = self._id("referrals")
        w.add("referrals", (rid, cid, partner, service, status, SUMMARIES[NEED_FOR_SERVICE[service]], 1,
                            sent.isoformat(), responded.isoformat() if responded else None,
                            completed.isoformat() if completed else None,
                            "Đã nhận hỗ trợ." if completed else None, worker[0], self._ts(sent), self._ts(sent)))
        self._event(cid, datetime(sent.year, sent.month, sent.day, 9, 45, tzinfo=UTC), worker, "referral_sent",
                    {"service": service})
        self._audit(sent, worker, "referral_create", "referrals", rid, owner)
        if status in ("accepted", "completed") and money_kind:
            self._commitment(cid, partner, rid, service, responded or sent, source, money_kind, frequency,
                             low, high, worker, owner)

    def _commitment(self, cid, partner, rid, service, start, source, money_kind, frequency, low, high,
                    worker, owner) -> None:
        rng, w = self.rng, self.w
        amount = rng.randrange(low, high + 1, 50_000)
        months = [9, 10, 11, 12, 1, 2, 3, 4, 5] if service in ("scholarship", "childcare_fee") else []
        end = start + timedelta(days=365 * rng.choice([1, 2, 3])) if frequency == "monthly" else None
        status = "ended" if end and end < self.today else "active" if frequency == "monthly" else "ended"
        mid = self._id("commitments")
        w.add("commitments", (mid, cid, partner, rid, service, money_kind, "", amount, source, frequency,
                              start.isoformat(), end.isoformat() if end else None, json.dumps(months), 5, status,
                              worker[0], self._ts(start), self._ts(start)))
        self._audit(start, worker, "commitment_create", "commitments", mid, owner)
        if frequency == "one_off":
            dates = [start + timedelta(days=rng.randint(3, 20))]
        else:
            dates, y, m = [], start.year, start.month
            while len(dates) < 12:
                m += 1
                if m > 12:
                    y, m = y + 1, 1
                d = date(y, m, 5)
                if end and d > end:
                    break
                if d > self.today + timedelta(days=40):
                    break
                if not months or m in months:
                    dates.append(d)
        for d in dates:
            paid = d <= self.today - timedelta(days=3) and rng.random() < 0.96
            paid_on = min(d + timedelta(days=rng.randint(0, 6)), self.today) if paid else None
            did = self._id("disbursements")
            w.add("disbursements", (did, mid, cid, d.isoformat(), amount, "paid" if paid else "expected",
                                    paid_on.isoformat() if paid_on else None, amount if paid else None, source,
                                    worker[0] if paid else None, self._ts(d), self._ts(paid_on or d)))
            if paid:
                self._audit(paid_on, worker, "disbursement_record", "disbursements", did, owner)

    def _notes(self, cid, step_days, worker, owner) -> None:
        rng, w = self.rng, self.w
        for _ in range(rng.choices([0, 1, 2, 3, 5], [15, 30, 25, 20, 10])[0]):
            day = min(step_days[0] + timedelta(days=rng.randint(0, max((step_days[-1] - step_days[0]).days, 1))),
                      self.today)
            kind = rng.choices(*self.notes)[0]
            w.add("case_notes", (self._id("case_notes"), cid, kind, day.isoformat(), rng.choice(NOTE_BODIES),
                                 worker[0], self._ts(day), self._ts(day)))
            self._event(cid, datetime(day.year, day.month, day.day, 10, 30, tzinfo=UTC), worker, "note",
                        {"kind": kind})
            self._audit(day, worker, "case_note_create", "cases", cid, owner, {"kind": kind})

    def _followups(self, cid, step_days, stage, worker, plan_ids) -> None:
        if stage < 2:
            return
        rng, w = self.rng, self.w
        base = step_days[2]
        for months in (1, 3, 6)[: rng.choice([1, 2, 3])]:
            due = base + timedelta(days=30 * months)
            done = due <= self.today and (stage == 5 or rng.random() < 0.85)
            status = "done" if done else ("cancelled" if stage == 5 else "open")
            done_at = self._ts(min(due + timedelta(days=rng.randint(-3, 5)), self.today)) if done else None
            plan = plan_ids[0][0] if plan_ids else None
            w.add("followups", (self._id("followups"), cid, plan, f"Theo dõi sau {months} tháng",
                                rng.choice(["home_visit", "phone"]), due.isoformat(), worker[0], status, None, done_at,
                                "Ổn định" if done else None, self._ts(base), done_at or self._ts(base)))

    def _event(self, cid: int, at: datetime, actor: tuple[int, str], kind: str, detail: dict) -> None:
        self.w.add("case_events", (self._id("case_events"), cid, self.w.ts(at), actor[0], kind, json.dumps(detail)))

    def _audit(self, day: date, actor: tuple[int, str], action: str, entity_type: str, entity_id: int,
               unit: OrgUnit, changes: dict | None = None) -> None:
        self.w.add("audit_events", (self._id("audit_events"), self._ts(day), actor[0], actor[1], action,
                                    entity_type, entity_id, unit.id, None,
                                    json.dumps(changes) if changes else None, "127.0.0.1"))

    # Case numbers ---------------------------------------------------------------------------------

    def _counters(self) -> dict[int, int]:
        from casework.cases.models import CaseCounter

        return {year: int(last) for year, last in db.session.execute(
            select(CaseCounter.year, CaseCounter.last_value).where(CaseCounter.prefix == "KH"))}

    def finish_counter(self, engine: str) -> None:
        """Keep the numbering going after the generated cases (KH-2026-000123...)."""
        cur = self.w.cursor
        for year, last in self.case_seq.items():
            if engine == "sqlite":
                cur.execute("INSERT INTO case_counters (prefix, year, last_value) VALUES ('KH', ?, ?) "
                            "ON CONFLICT (prefix, year) DO UPDATE SET last_value = excluded.last_value", (year, last))
            else:
                cur.execute("INSERT INTO case_counters (prefix, year, last_value) VALUES ('KH', %s, %s) "
                            "ON CONFLICT (prefix, year) DO UPDATE SET last_value = excluded.last_value", (year, last))


def rows_of(report: Report, tables: Iterable[str] = CASEWORK_TABLES) -> int:
    return sum(report.counts.get(t, 0) for t in tables)
