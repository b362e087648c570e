"""Fixtures for data protection: the cases' worker, supervisor, registered person, child and open_case."""

from tests.cases import conftest as case_fixtures

worker, supervisor, person = case_fixtures.worker, case_fixtures.supervisor, case_fixtures.person
child, open_case = case_fixtures.child, case_fixtures.open_case
