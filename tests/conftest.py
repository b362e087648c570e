"""Test fixtures.

The schema is built once per session by running the Alembic migrations (so they are tested on
both engines), with the administrative units loaded. Each test then runs inside a transaction on
one connection that is rolled back afterwards; the app's session commits to savepoints.
"""

from __future__ import annotations

import contextvars
import os
import re
import tempfile

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import create_engine, select, text

from casework import create_app
from casework.auth import service as accounts
from casework.auth.models import Role, User
from casework.extensions import db, limiter
from casework.orgunits import service as units
from casework.orgunits.models import FacilityType, OrgUnit

ENGINE = os.environ.get("CASEWORK_TEST_ENGINE", "sqlite")

# In CI the property-based tests replay the same examples every run (a red build is then reproducible);
# locally they explore new random input each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
PASSWORD = "correct-horse-battery"

# Khánh Hòa and two of its wards; Hà Nội and one of its wards, for "out of scope".
KH, KH_WARD_A, KH_WARD_B = "56", "22366", "22402"
HN, HN_WARD = "01", "00004"


def pytest_report_header(config):
    return f"casework database engine: {ENGINE}"


def pytest_terminal_summary(terminalreporter):
    passed = len(terminalreporter.stats.get("passed", []))
    failed = len(terminalreporter.stats.get("failed", [])) + len(terminalreporter.stats.get("error", []))
    skipped = len(terminalreporter.stats.get("skipped", []))
    terminalreporter.write_line(f"Engine {ENGINE}: {passed} passed, {failed} failed, {skipped} skipped")


def database_url(kind: str = "test") -> str:
    """The URL of an empty database for this run; PostgreSQL must be given, SQLite is a temp file."""
    if ENGINE == "postgresql":
        var = "TEST_DATABASE_URL" if kind == "test" else "E2E_DATABASE_URL"
        url = os.environ.get(var)
        if not url:
            raise RuntimeError(f"CASEWORK_TEST_ENGINE=postgresql needs {var} (make test starts a server)")
        return url
    path = os.path.join(tempfile.mkdtemp(prefix=f"casework-{kind}-"), "casework.db")
    return f"sqlite:///{path}"


def reset_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """argon2 with its cheapest settings: the algorithm is the same, only slower in production."""
    original, dummy = accounts._hasher, accounts._DUMMY_HASH
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    accounts._DUMMY_HASH = accounts._hasher.hash("not-a-real-password")
    yield
    accounts._hasher, accounts._DUMMY_HASH = original, dummy


@pytest.fixture(scope="session")
def database(fast_password_hashing):
    """Migrated database with all 34 provinces and 3,321 communes, plus test facilities."""
    url = database_url("test")
    reset_database(url)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        report = units.load_admin_units()
        kh = _unit(KH)
        units.add_facility(kh, actor=None, name="Bệnh viện Thử nghiệm", facility_type=FacilityType.HOSPITAL,
                           code="T-HOSP", provides_sw_services=True)
        units.add_facility(kh, actor=None, name="Trung tâm CTXH Thử nghiệm",
                           facility_type=FacilityType.SOCIAL_PROTECTION_CENTRE, code="T-CENTRE")
        units.add_facility(_unit(KH_WARD_A), actor=None, name="Trường Tiểu học Thử nghiệm",
                           facility_type=FacilityType.SCHOOL, code="T-SCHOOL")
        units.add_facility(_unit(HN), actor=None, name="Bệnh viện Hà Nội Thử nghiệm",
                           facility_type=FacilityType.HOSPITAL, code="T-HN-HOSP")
        db.session.commit()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    yield {"url": url, "load_report": report}


def _unit(code: str) -> OrgUnit:
    return db.session.scalar(select(OrgUnit).where(OrgUnit.code == code))


class IsolatedClient(FlaskClient):
    """Runs each request in a fresh context, as a server would.

    Without this, requests reuse the test's app context, so `g`, the logged-in user and the
    chosen locale would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        def isolated():
            try:
                return FlaskClient.open(self, *args, **kwargs)
            finally:
                self._context_stack.close()  # pop the request's preserved contexts here, not later

        return contextvars.Context().run(isolated)


@pytest.fixture(scope="session")
def shared_app(database):
    """One app for the session (building one costs ~0.1 s); tests get it through `app`."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database["url"])
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(shared_app):
    """The app, with its session inside a transaction that is rolled back after the test.

    Config changes and rate-limit counters are undone after each test too.
    """
    app = shared_app
    saved_config = dict(app.config)
    with app.app_context():
        engines = db.engines
        saved = []
        for key, engine in list(engines.items()):
            connection = engine.connect()
            transaction = connection.begin()
            engines[key] = connection
            saved.append((key, engine, connection, transaction))
        try:
            yield app
        finally:
            db.session.remove()
            for key, engine, connection, transaction in saved:
                transaction.rollback()
                connection.close()
                engines[key] = engine
            limiter.reset()
            app.config.clear()
            app.config.update(saved_config)


@pytest.fixture
def app_ctx(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def fresh_app(database):
    """fresh_app(config="testing", **overrides): a separate app on the test database, disposed afterwards."""
    made = []

    def _make(config: str = "testing", **overrides):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", database["url"])
        new = create_app(config, **overrides)
        made.append(new)
        return new

    yield _make
    for new in made:
        with new.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def unit(code: str) -> OrgUnit:
    return _unit(code)


@pytest.fixture
def make_user(app):
    """make_user(role, unit_code, username=None) -> User, password PASSWORD."""
    counter = {"n": 0}

    def _make(role: Role | str, unit_code: str, username: str | None = None, **kwargs) -> User:
        counter["n"] += 1
        role = Role(role)
        name = username or f"{role.value.replace('_', '')}{counter['n']}"
        user = accounts.create_user(actor=None, username=name, full_name=f"Người Thử {counter['n']}",
                                    password=PASSWORD, role=role, home_unit=_unit(unit_code), **kwargs)
        db.session.commit()
        return user

    return _make


def csrf_token_from(html: bytes | str) -> str:
    html = html.decode() if isinstance(html, bytes) else html
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def login(client):
    """login(user_or_username, password=PASSWORD) -> response of the login POST."""

    def _login(user, password: str = PASSWORD, follow: bool = False):
        username = user if isinstance(user, str) else user.username
        return client.post("/login", data={"username": username, "password": password},
                           follow_redirects=follow)

    return _login


@pytest.fixture
def login_as(make_user, login):
    """login_as(role, unit_code) -> the logged-in User."""

    def _login_as(role, unit_code):
        user = make_user(role, unit_code)
        response = login(user)
        assert response.status_code == 302, response.data[:500]
        return user

    return _login_as
