"""Friendly error pages (HTML) and JSON errors for the API; no stack traces outside debug."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from casework.extensions import db
from casework.people.service import EditConflict


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        db.session.rollback()
        if _wants_json():
            payload = {"code": error.code, "status": error.name, "message": error.description}
            data = getattr(error, "data", None) or {}
            if "messages" in data:  # webargs validation errors, per location and field
                payload["errors"] = data["messages"]
            return jsonify(payload), error.code, (data.get("headers") or {})
        template = f"errors/{error.code}.html" if error.code in (400, 403, 404, 413, 429) else "errors/generic.html"
        return render_template(template, error=error), error.code

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        db.session.rollback()
        if _wants_json():
            return jsonify(code=400, status="Bad Request", message=error.description), 400
        return render_template("errors/csrf.html", error=error), 400

    @app.errorhandler(EditConflict)
    @app.errorhandler(StaleDataError)
    def _conflict(error):
        # Someone else changed the record between reading and saving: nothing was saved; say so clearly.
        db.session.rollback()
        if _wants_json():
            return jsonify(code=409, status="Conflict", message="The record was changed by someone else."), 409
        return render_template("errors/409.html"), 409

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        if app.debug or app.testing and app.config.get("PROPAGATE_EXCEPTIONS"):
            raise error
        app.logger.exception("Unhandled error on %s %s", request.method, request.endpoint)
        if _wants_json():
            return jsonify(code=500, status="Internal Server Error", message="Internal error"), 500
        return render_template("errors/500.html"), 500
