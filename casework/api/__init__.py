"""The JSON API at /api/v1: a second front door to the same services and permission checks.

Authentication: `Authorization: Bearer <token>` (tokens from the profile page), or the browser
session of the app's own pages, in which case unsafe methods must carry an X-CSRFToken header.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from casework.auth.permissions import Perm, has_permission
from casework.extensions import api, csrf

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def require_api_user() -> None:
    """before_request for every API blueprint: 401 without a user, 403 without the API permission."""
    if not current_user.is_authenticated:
        abort(401, description="Authentication required: send a Bearer token.")
    if not has_permission(current_user, Perm.USE_API):
        abort(403)
    if request.method not in SAFE_METHODS and not request.environ.get("casework.token_auth"):
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except (ValidationError, CSRFError):
            abort(400, description="Missing or invalid X-CSRFToken header for a session-authenticated call.")


def init_api(app: Flask) -> None:
    api.init_app(app)
    from casework import IdConverter

    api.register_converter(IdConverter, lambda _c: {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearerAuth": []}]

    from casework.api.cases import blp as cases_blp
    from casework.api.hospital import blp as hospital_blp
    from casework.api.indicators import blp as indicators_blp
    from casework.api.me import blp as me_blp
    from casework.api.orgunits import blp as units_blp
    from casework.api.people import blp as people_blp
    from casework.api.referrals import blp as referrals_blp
    from casework.api.referrals import followups_blp
    from casework.api.supervision import blp as supervision_blp

    for blp in (me_blp, units_blp, people_blp, cases_blp, referrals_blp, followups_blp, hospital_blp, indicators_blp,
                supervision_blp):
        csrf.exempt(blp)
        api.register_blueprint(blp)
