"""GET /api/v1/me: who the caller is and what they may do."""

from __future__ import annotations

from flask_login import current_user
from flask_smorest import Blueprint

from casework.api import require_api_user
from casework.auth.permissions import ROLE_PERMISSIONS
from casework.auth.schemas import MeSchema

blp = Blueprint("api_me", __name__, url_prefix="/api/v1/me", description="The current user")
blp.before_request(require_api_user)


@blp.route("")
@blp.response(200, MeSchema)
def me():
    """The authenticated user, their home unit (their scope) and their permissions."""
    return {
        "id": current_user.id,
        "username": current_user.username,
        "full_name": current_user.full_name,
        "role": current_user.role.value,
        "locale": current_user.locale,
        "home_unit": current_user.home_unit,
        "permissions": sorted(p.value for p in ROLE_PERMISSIONS[current_user.role]),
    }
