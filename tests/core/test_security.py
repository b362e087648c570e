"""Security headers, CSRF and cookies."""

import re

from casework import create_app
from casework.auth.models import Role
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


def test_forms_without_a_csrf_token_are_refused(database, make_user):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database["url"], WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.data.decode()


def test_production_cookies_are_secure_httponly_and_samesite(database, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=database["url"], SECRET_KEY="k" * 40,
                     WTF_CSRF_ENABLED=False)
    client = app.test_client()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD},
                           base_url="https://casework.example")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in response.headers
