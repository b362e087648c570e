"""Fixtures for cases: a worker, a supervisor and a registered person in Khánh Hòa."""

from datetime import date

import pytest

from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people import service as people
from casework.people.models import Sex
from tests.conftest import KH, KH_WARD_A, unit


@pytest.fixture
def worker(make_user):
    return make_user(Role.COLLABORATOR, KH_WARD_A)


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, KH)


@pytest.fixture
def person(app, worker):
    made = people.create_person(
        people.PersonData(full_name="Trần Thị Bích", sex=Sex.FEMALE, birth_date=date(1956, 1, 1),
                          home_commune=unit(KH_WARD_A)),
        actor=worker, unit=unit(KH_WARD_A), today=local_today())
    db.session.commit()
    return made


@pytest.fixture
def child(app, worker):
    today = local_today()
    made = people.create_person(
        people.PersonData(full_name="Lê Minh Khôi", sex=Sex.MALE, birth_date=date(today.year - 10, 3, 1),
                          home_commune=unit(KH_WARD_A)),
        actor=worker, unit=unit(KH_WARD_A), today=today)
    db.session.commit()
    return made


@pytest.fixture
def open_case(worker, person):
    def _open(**kwargs):
        kwargs.setdefault("source", CaseSource.COMMUNE)
        kwargs.setdefault("needs", ["education", "income"])
        kwargs.setdefault("summary", "Hoàn cảnh khó khăn")
        case = cases.open_case(kwargs.pop("who", person), actor=worker, unit=unit(KH_WARD_A), **kwargs)
        db.session.commit()
        return case

    return _open
