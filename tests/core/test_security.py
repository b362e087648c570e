"""Security headers, CSRF and cookies."""

import re

from casework.auth.models import Role
from casework.extensions import db
from tests.conftest import KH_WARD_A, PASSWORD


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_templates_contain_no_inline_script_or_style(app):
    from pathlib import Path

    for path in Path(app.template_folder if app.template_folder.startswith("/") else
                     Path(app.root_path) / app.template_folder).rglob("*.html"):
        html = path.read_text()
        assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
        assert " onclick=" not in html, path


def test_forms_without_a_csrf_token_are_refused(fresh_app):
    app = fresh_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.data.decode()


def test_production_cookies_are_secure_httponly_and_samesite(app, fresh_app, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    db.session.commit()
    prod = fresh_app("production", SECRET_KEY="k" * 40, WTF_CSRF_ENABLED=False)
    test_connection = db.session.get_bind()
    with prod.app_context():  # the production app must see the user: lend it the test's connection
        engine, db.engines[None] = db.engines[None], test_connection
    try:
        response = prod.test_client().post("/login", data={"username": user.username, "password": PASSWORD},
                                           base_url="https://casework.example")
    finally:
        with prod.app_context():
            db.session.remove()
            db.engines[None] = engine
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers


def test_a_nul_character_in_input_is_refused_not_a_crash(client):
    assert client.get("/login?next=%00").status_code == 400
    assert client.post("/login", data={"username": "a\x00b", "password": "x"}).status_code == 400


def test_a_nameless_multipart_field_is_not_a_crash(client):
    # Found by the API fuzzer: a part named "\r" arrives with no usable name.
    response = client.post("/login", data={"\r": ""}, content_type="multipart/form-data")
    assert response.status_code < 500
