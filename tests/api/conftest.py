"""Fixtures shared by the API tests: a client without a browser session and Bearer tokens per role."""

import pytest

from casework.auth import service as accounts
from casework.auth.models import Role
from casework.extensions import db
from tests.conftest import KH_WARD_A


@pytest.fixture
def token_for(make_user):
    """token_for(role, unit_code) -> (user, headers with a fresh Bearer token)."""

    def _token(role, unit_code):
        user = make_user(role, unit_code)
        _, clear = accounts.issue_api_token(user, "test", actor=user)
        db.session.commit()
        return user, {"Authorization": f"Bearer {clear}"}

    return _token


@pytest.fixture
def api(app):
    return app.test_client()


@pytest.fixture
def worker(token_for):
    """A collaborator of ward A, where the people and cases of these tests live."""
    return token_for(Role.COLLABORATOR, KH_WARD_A)[1]
