"""Every route × every role × in scope / out of scope.

Each later feature adds its routes to ROUTES; a route missing from the table fails the test, so no
route can ship without a decision about who may reach it.

Expected outcomes: a role without the permission gets 403 whatever the object; with the
permission, an object outside the user's home-unit subtree is 404 (nothing is revealed) and one
inside is allowed (any status below 400 except a redirect to the login page, or 422 for a POST
with no data). Anonymous visitors are sent to the login page (HTML) or get 401 (API).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from casework.auth import service as accounts
from casework.auth.models import ApiToken, Role
from casework.auth.permissions import ROLE_PERMISSIONS, Perm
from casework.extensions import db
from tests.conftest import HN, HN_WARD, KH, KH_WARD_A, unit

PUBLIC = "public"
LOGGED_IN = "logged_in"


@dataclass(frozen=True)
class Route:
    method: str
    perm: str | Perm  # PUBLIC, LOGGED_IN or a permission
    obj: str | None = None  # which kind of object the URL names: "unit", "facility", "user", "token"
    api: bool = False


ROUTES: dict[str, Route] = {
    "static": Route("GET", PUBLIC),
    "core.index": Route("GET", PUBLIC),
    "core.healthz": Route("GET", PUBLIC),
    "core.home": Route("GET", LOGGED_IN),
    "auth.login": Route("GET", PUBLIC),
    "auth.logout": Route("POST", LOGGED_IN),
    "auth.profile": Route("GET", LOGGED_IN),
    "auth.change_password": Route("POST", LOGGED_IN),
    "auth.create_token": Route("POST", LOGGED_IN),
    "auth.revoke_token": Route("POST", LOGGED_IN, obj="token"),
    "auth.set_language": Route("POST", PUBLIC),
    "orgunits.tree": Route("GET", Perm.VIEW_UNITS),
    "orgunits.detail": Route("GET", Perm.VIEW_UNITS, obj="unit"),
    "orgunits.add_facility": Route("GET", Perm.MANAGE_FACILITIES, obj="unit"),
    "orgunits.edit_facility": Route("GET", Perm.MANAGE_FACILITIES, obj="facility"),
    "admin.users": Route("GET", Perm.MANAGE_USERS),
    "admin.create_user": Route("GET", Perm.MANAGE_USERS),
    "admin.edit_user": Route("GET", Perm.MANAGE_USERS, obj="user"),
    "admin.reset_password": Route("POST", Perm.MANAGE_USERS, obj="user"),
    "audit.events": Route("GET", Perm.VIEW_AUDIT),
    "api-docs.openapi_json": Route("GET", PUBLIC, api=True),
    "api_me.me": Route("GET", Perm.USE_API, api=True),
    "api_units.list_units": Route("GET", Perm.USE_API, api=True),
    "api_units.get_unit": Route("GET", Perm.USE_API, obj="unit", api=True),
}

# Where each role's matrix user works. Admin sits at a province here so that "out of scope" exists.
HOMES = {
    Role.COLLABORATOR: KH_WARD_A,
    Role.HOSPITAL_SOCIAL_WORKER: "T-HOSP",
    Role.CENTRE_STAFF: "T-CENTRE",
    Role.SUPERVISOR: KH,
    Role.PROVINCIAL_MANAGER: KH,
    Role.ADMIN: KH,
}
# A facility inside each home's subtree, for the facility routes.
FACILITY_IN = {KH_WARD_A: "T-SCHOOL", "T-HOSP": "T-HOSP", "T-CENTRE": "T-CENTRE", KH: "T-HOSP"}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES with their permission"
    assert set(ROUTES) - endpoints == set(), "ROUTES lists endpoints that no longer exist"


def test_the_audit_log_has_no_route_that_changes_it(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def _objects(role: Role, user, scope: str, make_user):
    """Ids for the URL of each object kind, inside or outside the user's scope."""
    home_code = HOMES[role]
    if scope == "in":
        other = make_user(Role.COLLABORATOR, home_code)
        token, _ = accounts.issue_api_token(user, "matrix", actor=user)
        ids = {"unit": unit(home_code).id, "facility": unit(FACILITY_IN[home_code]).id,
               "user": other.id, "token": token.id}
    else:
        stranger = make_user(Role.COLLABORATOR, HN_WARD)
        token, _ = accounts.issue_api_token(stranger, "stranger", actor=stranger)
        ids = {"unit": unit(HN).id, "facility": unit("T-HN-HOSP").id, "user": stranger.id, "token": token.id}
    db.session.commit()
    return ids


def _url(app, endpoint: str, route: Route, ids: dict) -> str:
    with app.test_request_context():
        from flask import url_for

        if endpoint == "static":
            return url_for("static", filename="css/app.css")
        if endpoint == "auth.set_language":
            return url_for(endpoint, code="en")
        arg = {"unit": "unit_id", "facility": "unit_id", "user": "user_id", "token": "token_id"}
        kwargs = {arg[route.obj]: ids[route.obj]} if route.obj else {}
        return url_for(endpoint, **kwargs)


def _allowed(role: Role, route: Route) -> bool:
    if route.perm in (PUBLIC, LOGGED_IN):
        return True
    return route.perm in ROLE_PERMISSIONS[role]


CASES = [(endpoint, role, scope) for endpoint in ROUTES for role in Role for scope in ("in", "out")]


@pytest.mark.parametrize(("endpoint", "role", "scope"), CASES,
                         ids=[f"{e}-{r.value}-{s}" for e, r, s in CASES])
def test_route_role_scope(app, client, make_user, login, endpoint, role, scope):
    route = ROUTES[endpoint]
    user = make_user(role, HOMES[role])
    ids = _objects(role, user, scope, make_user)
    login(user)
    url = _url(app, endpoint, route, ids)
    response = client.open(url, method=route.method, data={})
    status = response.status_code
    response.close()

    if not _allowed(role, route):
        assert status == 403, f"{role} must be refused {endpoint}"
    elif route.obj and scope == "out":
        assert status == 404, f"{role} must not see {endpoint} outside their scope"
    else:
        assert status < 500 and status not in (401, 403, 404), f"{role} should reach {endpoint}: {status}"
        if endpoint != "auth.logout":  # logging out rightly ends on the login page
            assert not response.headers.get("Location", "").startswith("/login")


@pytest.mark.parametrize("endpoint", [e for e, r in ROUTES.items() if r.perm not in (PUBLIC,)])
def test_anonymous_visitors_are_sent_to_log_in(app, client, make_user, endpoint):
    route = ROUTES[endpoint]
    owner = make_user(Role.SUPERVISOR, KH)
    token, _ = accounts.issue_api_token(owner, "anon", actor=owner)
    db.session.commit()
    ids = {"unit": unit(KH).id, "facility": unit("T-HOSP").id, "user": owner.id, "token": token.id}
    response = client.open(_url(app, endpoint, route, ids), method=route.method, data={})
    if route.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_api_token_reaches_the_same_scope_as_the_session(app, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    _, clear = accounts.issue_api_token(user, "t", actor=user)
    db.session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {clear}"}
    assert api.get(f"/api/v1/units/{unit(KH_WARD_A).id}", headers=headers).status_code == 200
    assert api.get(f"/api/v1/units/{unit(KH_WARD_A[:0] + '22402').id}", headers=headers).status_code == 404
    assert api.get(f"/api/v1/units/{unit(HN).id}", headers=headers).status_code == 404
    assert db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
