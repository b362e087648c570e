"""Fixtures for the supervisor's workspace: two workers of one ward, a supervisor, a registered person."""

from datetime import date
from html.parser import HTMLParser

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
def colleague(make_user):
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
def open_case(worker, person):
    def _open(unit_code=KH_WARD_A, by=None, **kwargs):
        kwargs.setdefault("source", CaseSource.COMMUNE)
        kwargs.setdefault("needs", ["income"])
        kwargs.setdefault("summary", "Hoàn cảnh khó khăn")
        return cases.open_case(kwargs.pop("who", person), actor=by or worker, unit=unit(unit_code), **kwargs)

    return _open


class _Tables(HTMLParser):
    """Every <table>'s body rows as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"head": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            target = self.tables[-1]
            if not target["head"]:
                target["head"] = self._row
            else:
                target["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables
