"""The app factory, configuration and database settings."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from casework import create_app
from casework.extensions import db
from config import DEV_SECRET_KEY


def test_templates_and_static_live_at_the_repo_root(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"/static/vendor/pico.min.css" in response.data
    for path in ("/static/css/app.css", "/static/vendor/pico.min.css"):
        with client.get(path) as asset:
            assert asset.status_code == 200


@pytest.mark.parametrize("secret", [None, DEV_SECRET_KEY, "short"])
def test_production_refuses_to_start_without_a_real_secret(monkeypatch, secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=secret, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_starts_with_a_real_secret_and_secure_cookies(fresh_app):
    app = fresh_app("production", SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.debug is False


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    import importlib

    import config

    monkeypatch.setenv("CASEWORK_DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    importlib.reload(config)
    try:
        assert config.Config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path}/env.db"
    finally:
        monkeypatch.delenv("CASEWORK_DATABASE_URL")
        importlib.reload(config)
    assert config.Config.SQLALCHEMY_DATABASE_URI.endswith("instance/casework.db")


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(fresh_app, tmp_path):
    app = fresh_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/pragma.db")
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(text(
                "INSERT INTO users (username, full_name, password_hash, role, home_unit_id, active, locale, "
                "failed_logins, created_at, updated_at) VALUES "
                "('x', 'x', 'x', 'admin', 999999, true, 'vi', 0, '2026-01-01', '2026-01-01')"))


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "engine": db.engine.dialect.name}


def test_unknown_page_is_a_friendly_404_without_a_trace(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Không tìm thấy trang".encode() in response.data
    assert b"Traceback" not in response.data


def test_unexpected_error_is_a_friendly_500(fresh_app):
    app = fresh_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố".encode() in response.data
    assert b"secret internals" not in response.data
