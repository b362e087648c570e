"""Security headers (Content-Security-Policy without inline script), cookies and rate limits."""

from __future__ import annotations

from flask import Flask, abort, request

from casework.extensions import talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )

    @app.before_request
    def _refuse_nul_characters():
        # No one types a NUL; PostgreSQL cannot store one. Refuse it up front with a clear 400.
        for multidict in (request.args, request.form):
            for key, values in multidict.lists():
                if "\x00" in (key or "") or any("\x00" in value for value in values if isinstance(value, str)):
                    abort(400, description="Input contains a NUL character.")

    @app.after_request
    def _no_store_for_pages(response):
        # Pages carry personal data: never keep them in shared or browser caches.
        if response.mimetype in ("text/html", "application/json") and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
