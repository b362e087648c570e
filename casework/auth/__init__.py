"""Accounts, roles, login and the permission module."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from casework.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        from casework.auth.models import User

        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active or user.is_locked():
            return None
        return user

    @login_manager.request_loader
    def load_user_from_token(req):
        """Bearer tokens authenticate API calls only, never the HTML pages."""
        if not req.path.startswith("/api/"):
            return None
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        from casework.auth.service import user_for_token

        user = user_for_token(header.removeprefix("Bearer ").strip())
        if user is not None:
            request.environ["casework.token_auth"] = True
        return user
