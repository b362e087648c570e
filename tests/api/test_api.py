"""The JSON API: OpenAPI document, token auth, scope, and random input finding no 500."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from casework import create_app
from casework.auth import service as accounts
from casework.auth.models import Role
from casework.extensions import db
from tests.conftest import HN, KH, KH_WARD_A, unit


@pytest.fixture
def token_for(make_user):
    def _token(role, unit_code):
        user = make_user(role, unit_code)
        _, clear = accounts.issue_api_token(user, "test", actor=user)
        db.session.commit()
        return {"Authorization": f"Bearer {clear}"}

    return _token


def test_the_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/units", "/api/v1/units/{unit_id}"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}


def test_me_tells_who_the_caller_is(app, token_for):
    headers = token_for(Role.SUPERVISOR, KH)
    body = app.test_client().get("/api/v1/me", headers=headers).json
    assert body["role"] == "supervisor"
    assert body["home_unit"]["code"] == KH
    assert "view_units" in body["permissions"] and "manage_users" not in body["permissions"]


def test_units_are_listed_within_scope_and_filtered(app, token_for):
    api = app.test_client()
    headers = token_for(Role.SUPERVISOR, KH)
    body = api.get("/api/v1/units?level=commune&per_page=200", headers=headers).json
    assert body["total"] == 65
    assert {u["code"] for u in body["items"]} >= {KH_WARD_A}
    body = api.get("/api/v1/units?q=nha trang", headers=headers).json
    assert {u["name"] for u in body["items"]} >= {"Phường Nha Trang", "Phường Bắc Nha Trang"}
    body = api.get("/api/v1/units?level=province", headers=headers).json
    assert [u["code"] for u in body["items"]] == [KH]


def test_bad_query_parameters_get_a_422_with_field_messages(app, token_for):
    response = app.test_client().get("/api/v1/units?per_page=0&level=galaxy", headers=token_for(Role.ADMIN, "VN"))
    assert response.status_code == 422
    assert set(response.json["errors"]["query"]) == {"per_page", "level"}


def test_out_of_scope_unit_is_404_by_api(app, token_for):
    api = app.test_client()
    headers = token_for(Role.COLLABORATOR, KH_WARD_A)
    assert api.get(f"/api/v1/units/{unit(KH_WARD_A).id}", headers=headers).status_code == 200
    assert api.get(f"/api/v1/units/{unit(HN).id}", headers=headers).status_code == 404
    assert api.get("/api/v1/units/2147483647", headers=headers).status_code == 404


def test_session_auth_works_for_the_apps_own_pages(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    assert client.get("/api/v1/me").json["home_unit"]["code"] == KH_WARD_A


def test_api_errors_are_json(app):
    response = app.test_client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["code"] == 401


def _api_operations():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    spec = app.test_client().get("/api/v1/openapi.json").json
    with app.app_context():
        db.engine.dispose()
    return [op.ok() for op in schemathesis.openapi.from_dict(spec).get_all_operations()]


OPERATIONS = _api_operations()


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{o.method.upper()} {o.path}" for o in OPERATIONS])
def test_random_api_input_never_causes_a_server_error(app, token_for, operation):
    """Schemathesis generates inputs from the OpenAPI document; none may cause a 5xx."""
    headers = token_for(Role.ADMIN, "VN")
    api = app.test_client()

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = api.open(case.formatted_path, method=case.method.upper(), query_string=case.query or {},
                            headers=headers)
        assert response.status_code < 500, (case.formatted_path, case.query, response.data[:300])
        assert response.is_json

    check()
