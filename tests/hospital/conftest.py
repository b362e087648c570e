"""A hospital team at T-HOSP with a patient from ward A, a case and an admission."""

from datetime import timedelta

import pytest

from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource
from casework.core.formatting import local_today
from casework.extensions import db
from casework.hospital import service as hospital
from casework.people import service as people
from casework.people.models import PovertyStatus, Sex
from tests.conftest import KH_WARD_A, unit

HOSP = "T-HOSP"


@pytest.fixture
def nurse(make_user):
    """The hospital social worker."""
    return make_user(Role.HOSPITAL_SOCIAL_WORKER, HOSP)


@pytest.fixture
def patient(app, nurse):
    made = people.create_person(people.PersonData(
        full_name="Hồ Văn Thử", sex=Sex.MALE, home_commune=unit(KH_WARD_A), poverty_status=PovertyStatus.POOR),
        actor=nurse, unit=unit(HOSP), today=local_today(), allow_similar=True)
    db.session.commit()
    return made


@pytest.fixture
def hospital_case(patient, nurse):
    made = cases.open_case(patient, actor=nurse, unit=unit(HOSP), source=CaseSource.HOSPITAL, needs=["health"],
                           summary="Tai nạn giao thông, không có người thân đi cùng.")
    db.session.commit()
    return made


@pytest.fixture
def admission(hospital_case, nurse):
    made = hospital.record_admission(
        hospital_case, actor=nurse, department="Khoa Chấn thương", admitted_on=local_today() - timedelta(days=5),
        hardship=hospital.Hardship(poverty=PovertyStatus.POOR, no_bhyt=True, accident_victim=True))
    db.session.commit()
    return made


@pytest.fixture
def appeal(admission, nurse):
    made = hospital.open_appeal(admission, actor=nurse, title="Chung tay giúp anh Thử", purpose="Viện phí",
                                target_amount=20_000_000, opened_on=local_today())
    db.session.commit()
    return made
