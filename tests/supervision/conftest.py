"""Fixtures for the supervisor's workspace: two workers of one ward, a supervisor, a registered person."""

from html.parser import HTMLParser

import pytest

from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseSource
from tests.cases import conftest as case_fixtures
from tests.conftest import KH_WARD_A, unit

# The cases' fixtures, shared rather than copied.
worker, supervisor, person = case_fixtures.worker, case_fixtures.supervisor, case_fixtures.person


@pytest.fixture
def colleague(make_user):
    return make_user(Role.COLLABORATOR, KH_WARD_A)


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
