"""Home page and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from casework.auth.permissions import ROLE_PERMISSIONS
from casework.extensions import db, limiter
from casework.orgunits import queries as unit_queries

bp = Blueprint("core", __name__)


@bp.route("/")
def index():
    return redirect(url_for("core.home") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/home")
@login_required
def home():
    from casework.auth.permissions import Perm, has_permission
    from casework.cases.queries import pending_emergencies

    unit = current_user.home_unit
    return render_template(
        "core/home.html",
        emergencies=pending_emergencies(current_user) if has_permission(current_user, Perm.VIEW_CASES) else [],
        unit=unit,
        trail=unit_queries.ancestors(unit),
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[current_user.role]),
        scope_counts=unit_queries.subtree_counts(unit),
    )


@bp.route("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db_status, code = "ok", 200
    except Exception:  # noqa: BLE001 - any database failure makes the service unhealthy
        db.session.rollback()
        db_status, code = "unavailable", 503
    return jsonify(status="ok" if code == 200 else "error", database=db_status,
                   engine=db.engine.dialect.name), code
