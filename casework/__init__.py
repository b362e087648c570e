"""Casework: case management for social workers in Vietnam.

Copyright (C) 2026 the Casework developers. AGPL-3.0-or-later.
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from config import CONFIGS, ProductionConfig


def create_app(config: str | type | None = None, **overrides) -> Flask:
    """Build the application. config is a name from config.CONFIGS or a class."""
    app = Flask("casework", template_folder="../templates", static_folder="../static",
                instance_relative_config=False)
    config = config or os.environ.get("CASEWORK_CONFIG", "development")
    config_class = CONFIGS[config] if isinstance(config, str) else config
    app.config.from_object(config_class)
    app.config.update(overrides)
    app.url_map.converters["id"] = IdConverter
    if issubclass(config_class, ProductionConfig):
        ProductionConfig.check(app.config)
    _ensure_instance_dir(app)

    from casework import models  # noqa: F401  (register every model)
    from casework.db import configure_sqlite
    from casework.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "..", "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    from casework import auth, errors, i18n, security, templating
    auth.init_login(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    _register_blueprints(app)
    errors.init_app(app)  # after the API, so that these handlers win over flask-smorest's

    from casework.cli import casework_cli
    app.cli.add_command(casework_cli)
    return app


class IdConverter(IntegerConverter):
    """A database id in a URL: a positive integer that fits every engine's integer column."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=2**31 - 1)


def _register_blueprints(app: Flask) -> None:
    from casework.admin.views import bp as admin_bp
    from casework.api import init_api
    from casework.audit.views import bp as audit_bp
    from casework.auth.views import bp as auth_bp
    from casework.cases.views import bp as cases_bp
    from casework.core.views import bp as core_bp
    from casework.dataprotection.views import bp as dataprotection_bp
    from casework.followups.views import bp as followups_bp
    from casework.hospital.views import bp as hospital_bp
    from casework.imports.views import bp as imports_bp
    from casework.indicators.views import bp as indicators_bp
    from casework.orgunits.views import bp as orgunits_bp
    from casework.people.views import bp as people_bp
    from casework.referrals.views import bp as referrals_bp
    from casework.supervision.views import bp as supervision_bp
    from casework.workforce.views import bp as workforce_bp

    for bp in (core_bp, auth_bp, people_bp, cases_bp, referrals_bp, followups_bp, hospital_bp, orgunits_bp, admin_bp,
               audit_bp, imports_bp, dataprotection_bp, indicators_bp, workforce_bp, supervision_bp):
        app.register_blueprint(bp)
    init_api(app)


def _ensure_instance_dir(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):
        os.makedirs(os.path.dirname(os.path.abspath(uri.removeprefix("sqlite:///"))), exist_ok=True)
