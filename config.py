"""Configuration classes, read from the environment. No secrets live in code."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CASEWORK_INSTANCE_DIR", BASE_DIR / "instance"))
DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"  # noqa: S105 - refused in production


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "CASEWORK_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'casework.db'}"
    )
    # hide_parameters: a database error must never write a person's data into the log.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("CASEWORK_SECURE_COOKIES", False)
    SESSION_COOKIE_NAME = "casework_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # Login protection
    LOGIN_RATE_LIMIT = os.environ.get("CASEWORK_LOGIN_RATE_LIMIT", "20 per minute")
    LOGIN_MAX_FAILURES = int(os.environ.get("CASEWORK_LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get("CASEWORK_LOGIN_LOCKOUT_MINUTES", "15"))
    RATELIMIT_STORAGE_URI = os.environ.get("CASEWORK_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True

    # Internationalisation: Vietnamese first
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # HTTPS redirects are the reverse proxy's job by default
    FORCE_HTTPS = _bool("CASEWORK_FORCE_HTTPS", False)

    # OpenAPI (flask-smorest)
    API_TITLE = "Casework API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"

    ITEMS_PER_PAGE = 50
    # Uploads are at most 10 MB; the rest of a form is small.
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024

    # Reminder e-mails: off unless a host is set.
    SMTP_HOST = os.environ.get("CASEWORK_SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("CASEWORK_SMTP_PORT", "587"))
    SMTP_USER = os.environ.get("CASEWORK_SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("CASEWORK_SMTP_PASSWORD", "")
    SMTP_STARTTLS = _bool("CASEWORK_SMTP_STARTTLS", True)
    SMTP_FROM = os.environ.get("CASEWORK_SMTP_FROM", "casework@localhost")

    # Uploaded case attachments: outside static/, served only through an audited view
    ATTACHMENT_DIR = os.environ.get("CASEWORK_ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))

    # Imported beneficiary lists (kept for the rejected-rows file); jobs run in a background thread.
    IMPORT_DIR = os.environ.get("CASEWORK_IMPORT_DIR", str(INSTANCE_DIR / "imports"))
    IMPORTS_IN_BACKGROUND = True
    # Online backups (flask --app wsgi casework backup) go here.
    BACKUP_DIR = os.environ.get("CASEWORK_BACKUP_DIR", str(INSTANCE_DIR / "backups"))
    # Closed cases older than this may be de-identified by `casework retention`.
    RETENTION_YEARS = int(os.environ.get("CASEWORK_RETENTION_YEARS", "10"))
    # Days to answer each kind of data-subject request (keys are dataprotection.models.RequestKind values).
    # Decree 356/2025 sets per-right timelines that were not verified item by item: these short figures
    # err early; a unit's data-protection officer can change them here.
    DATA_REQUEST_DEADLINE_DAYS = {"access": 10, "rectification": 10, "restriction": 3, "deletion": 20,
                                  "objection": 3}


class DevelopmentConfig(Config):
    DEBUG = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    LOGIN_RATE_LIMIT = "1000 per minute"
    PREFERRED_URL_SCHEME = "http"
    IMPORTS_IN_BACKGROUND = False  # the test transaction is rolled back: jobs run inline


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _bool("CASEWORK_SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    FORCE_HTTPS = _bool("CASEWORK_FORCE_HTTPS", False)

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse to start with the development secret or a short one."""
        secret = config.get("SECRET_KEY") or ""
        if secret == DEV_SECRET_KEY or len(secret) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestConfig,
    "production": ProductionConfig,
}
