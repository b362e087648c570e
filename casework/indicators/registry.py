"""The indicators, as data: what each counts, over what, in which unit, and where its records are.

Every indicator names a numerator measure (and maybe a denominator or a baseline); the measures are
computed together, a few set-based queries per unit and period, in casework/indicators/service.py.
A new indicator is one more Indicator here, plus its measure if no existing query yields it (the
hospital indicators came that way: one measure source over the hospital tables and six definitions).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Unit(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    VND = "vnd"
    CHANGE = "change"  # percent change against a baseline


class Semantics(enum.StrEnum):
    EVENTS = "events"  # things that happened within the period
    STATE = "state"  # the situation on the period's last day (or today, while it runs)


class Records(enum.StrEnum):
    """The kind of record a figure drills down to."""

    CASES = "cases"
    PEOPLE = "people"
    REFERRALS = "referrals"
    DISBURSEMENTS = "disbursements"
    FOLLOWUPS = "followups"
    STAFF = "staff"
    UNITS = "units"
    HOSPITAL_SUPPORTS = "hospital_supports"
    APPEALS = "appeals"
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    unit: Unit
    numerator: str
    records: Records
    group: str  # "qd112" or "casework"
    semantics: Semantics = Semantics.EVENTS
    denominator: str | None = None
    baseline_year: int | None = None  # CHANGE: (numerator - baseline) / baseline, in percent
    breakdowns: tuple[str, ...] = ()
    in_centre_report: bool = False  # J8: the provincial centre's year-to-date report
    filters: dict = field(default_factory=dict)

    def name(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") else self.name_vi


QD112, CASEWORK = "qd112", "casework"

INDICATORS: tuple[Indicator, ...] = (
    # Decision 112/QĐ-TTg (DOMAIN.md §1); numerator/denominator are our operationalisation.
    Indicator("QD112-1", "Đơn vị có bố trí nhân sự làm công tác xã hội",
              "Units with assigned social-work staff", Unit.PERCENT, "units_staffed", Records.UNITS, QD112,
              Semantics.STATE, denominator="units_total"),
    Indicator("QD112-2", "Cán bộ, nhân viên, cộng tác viên CTXH được đào tạo, bồi dưỡng",
              "Social-work staff and collaborators trained", Unit.PERCENT, "staff_trained", Records.STAFF, QD112,
              Semantics.STATE, denominator="staff_total"),
    Indicator("QD112-3", "Cơ sở có cung cấp dịch vụ công tác xã hội",
              "Facilities providing social-work services", Unit.PERCENT, "facilities_sw", Records.UNITS, QD112,
              Semantics.STATE, denominator="facilities_total"),
    Indicator("QD112-4", "Người có hoàn cảnh khó khăn được tư vấn, hỗ trợ (tăng so với năm 2020)",
              "People in difficulty counselled or supported (change against 2020)", Unit.CHANGE,
              "people_supported", Records.PEOPLE, QD112, baseline_year=2020),
    Indicator("QD112-5", "Trẻ em có hoàn cảnh đặc biệt được trợ giúp, cung cấp dịch vụ CTXH",
              "Children in special circumstances supported", Unit.PERCENT, "children_supported", Records.PEOPLE,
              QD112, denominator="children_total"),
    Indicator("QD112-6", "Xã, phường có cộng tác viên CTXH hưởng phụ cấp tối thiểu bằng lương cơ sở",
              "Communes with a collaborator paid at least the base salary", Unit.PERCENT, "communes_paid",
              Records.UNITS, QD112, Semantics.STATE, denominator="communes_total"),
    # Casework counts.
    Indicator("CW-NEW", "Trường hợp mới tiếp nhận", "New cases", Unit.COUNT, "new_cases", Records.CASES, CASEWORK,
              breakdowns=("sex", "category")),
    Indicator("CW-CARE", "Người được tiếp nhận chăm sóc tại trung tâm", "People taken into care at a centre",
              Unit.COUNT, "taken_into_care", Records.CASES, CASEWORK, in_centre_report=True),
    Indicator("CW-EMERGENCY", "Trường hợp bảo vệ khẩn cấp", "Emergency protections", Unit.COUNT, "emergencies",
              Records.CASES, CASEWORK, in_centre_report=True),
    Indicator("CW-COUNSELLED", "Trường hợp được tư vấn", "Cases counselled", Unit.COUNT, "cases_counselled",
              Records.CASES, CASEWORK, in_centre_report=True),
    Indicator("CW-REFERRALS", "Kết nối dịch vụ đã hoàn thành", "Referrals completed", Unit.COUNT,
              "referrals_completed", Records.REFERRALS, CASEWORK, breakdowns=("service",)),
    Indicator("CW-SCHOLARSHIP", "Kết nối học bổng", "Scholarships", Unit.COUNT, "referrals:scholarship",
              Records.REFERRALS, CASEWORK, in_centre_report=True, filters={"service": "scholarship"}),
    Indicator("CW-LIVELIHOOD", "Kết nối sinh kế", "Livelihood connections", Unit.COUNT,
              "referrals:livelihood_capital", Records.REFERRALS, CASEWORK, in_centre_report=True,
              filters={"service": "livelihood_capital"}),
    Indicator("CW-BHYT", "Hỗ trợ thẻ bảo hiểm y tế", "Health-insurance cards", Unit.COUNT,
              "referrals:health_insurance_card", Records.REFERRALS, CASEWORK,
              filters={"service": "health_insurance_card"}),
    Indicator("CW-CHILDCARE", "Hỗ trợ học phí, phí chăm sóc trẻ", "Childcare-fee supports", Unit.COUNT,
              "referrals:childcare_fee", Records.REFERRALS, CASEWORK, in_centre_report=True,
              filters={"service": "childcare_fee"}),
    Indicator("CW-SUPPORT", "Tổng giá trị hỗ trợ đã chi", "Support paid out", Unit.VND, "support_total",
              Records.DISBURSEMENTS, CASEWORK, breakdowns=("source",), in_centre_report=True),
    Indicator("CW-SUPPORT-STATE", "Giá trị hỗ trợ từ ngân sách nhà nước", "Support from the state budget",
              Unit.VND, "support:state_budget", Records.DISBURSEMENTS, CASEWORK, in_centre_report=True,
              filters={"source": "state_budget"}),
    Indicator("CW-SUPPORT-SOCIAL", "Giá trị hỗ trợ từ nguồn xã hội hóa", "Support from socialised resources",
              Unit.VND, "support:socialised", Records.DISBURSEMENTS, CASEWORK, in_centre_report=True,
              filters={"source": "socialised"}),
    Indicator("CW-FOLLOWUPS", "Lượt theo dõi đã thực hiện", "Follow-ups done", Unit.COUNT, "followups_done",
              Records.FOLLOWUPS, CASEWORK),
    # Hospital social work (the hospital's own records: kept by the hospital even after a discharge hand-off).
    Indicator("CW-HOSP-PATIENTS", "Người bệnh được hỗ trợ tại bệnh viện", "Hospital patients supported", Unit.COUNT,
              "hospital_patients", Records.PEOPLE, CASEWORK),
    Indicator("CW-HOSP-SUPPORT", "Giá trị hỗ trợ người bệnh", "Support given to hospital patients", Unit.VND,
              "hospital_support_total", Records.HOSPITAL_SUPPORTS, CASEWORK, breakdowns=("source",)),
    Indicator("CW-APPEALS", "Cuộc vận động nhà hảo tâm được phát động", "Appeals to benefactors launched",
              Unit.COUNT, "appeals_launched", Records.APPEALS, CASEWORK),
    Indicator("CW-APPEAL-DONATIONS", "Nhà hảo tâm ủng hộ qua các cuộc vận động", "Donations received by appeals",
              Unit.VND, "appeal_donations", Records.APPEALS, CASEWORK),
    Indicator("CW-APPEAL-HANDOVERS", "Tiền vận động đã trao cho người bệnh", "Appeal money handed to patients",
              Unit.VND, "appeal_handovers", Records.APPEALS, CASEWORK),
    Indicator("CW-HOSP-ACTIVITIES", "Hoạt động truyền thông, tập huấn, sự kiện của nhóm CTXH bệnh viện",
              "Hospital team activities (communication, training, charity events)", Unit.COUNT,
              "team_activities", Records.ACTIVITIES, CASEWORK, breakdowns=("kind",)),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# The national targets of Decision 112/QĐ-TTg (Điều 1, Mục I.2), loaded as default data. Only the
# figures DOMAIN.md marks verified are loaded; a province sets its own through the targets page.
NATIONAL_TARGETS: dict[tuple[str, int], float] = {
    ("QD112-1", 2025): 60, ("QD112-1", 2030): 90,
    ("QD112-2", 2025): 30,
    ("QD112-3", 2025): 50, ("QD112-3", 2030): 60,
    ("QD112-4", 2025): 20,
    ("QD112-5", 2025): 85,
}
TARGET_SOURCE = "Quyết định 112/QĐ-TTg (22/01/2021)"

# Mức lương cơ sở by the date it took effect.
BASE_SALARIES = (
    ("2023-07-01", 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    ("2024-07-01", 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)
