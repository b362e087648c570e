"""Login, logout, profile, password change, language and API tokens."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from casework.auth import service
from casework.auth.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
)
from casework.auth.models import ApiToken
from casework.core.formatting import format_datetime
from casework.core.safe_redirect import safe_next
from casework.extensions import db, limiter

bp = Blueprint("auth", __name__)

ACCOUNT_ERRORS = {
    "wrong_current": lambda: _("The current password is wrong."),
    "too_short": lambda: _("Use at least 10 characters."),
    "taken": lambda: _("This username is already taken."),
}


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        cfg = current_app.config
        result = service.authenticate(form.username.data, form.password.data,
                                      max_failures=cfg["LOGIN_MAX_FAILURES"],
                                      lockout=timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"]))
        db.session.commit()
        if result.outcome == service.LoginOutcome.OK:
            session.clear()
            login_user(result.user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("core.home")))
        if result.outcome == service.LoginOutcome.LOCKED:
            form.password.errors.append(
                _("Too many failed attempts. The account is locked until %(time)s.",
                  time=format_datetime(result.locked_until)))
        elif result.outcome == service.LoginOutcome.INACTIVE:
            form.username.errors.append(_("This account has been deactivated. Ask your administrator."))
        else:
            form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    service.record_logout(actor=current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile")
@login_required
def profile():
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.created_at.desc())
    ).all()
    return render_template("auth/profile.html", password_form=ChangePasswordForm(prefix="pw"),
                           token_form=ApiTokenForm(prefix="tok"), tokens=tokens, language_form=LanguageForm())


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.new_password.data,
                                    actor=current_user)
        except service.AccountError as exc:
            getattr(form, exc.field).errors.append(ACCOUNT_ERRORS[exc.message]())
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.profile"))
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)).all()
    return render_template("auth/profile.html", password_form=form, token_form=ApiTokenForm(prefix="tok"),
                           tokens=tokens, language_form=LanguageForm()), 422


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_token():
    form = ApiTokenForm(prefix="tok")
    if not form.validate_on_submit():
        tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)).all()
        return render_template("auth/profile.html", password_form=ChangePasswordForm(prefix="pw"),
                               token_form=form, tokens=tokens, language_form=LanguageForm()), 422
    token, clear = service.issue_api_token(current_user, form.name.data, actor=current_user)
    db.session.commit()
    return render_template("auth/token_created.html", token=token, clear=clear)


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    service.revoke_api_token(token, actor=current_user)
    db.session.commit()
    flash(_("The token has been revoked."), "success")
    return redirect(url_for("auth.profile"))


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    form = LanguageForm()
    if code not in current_app.config["LANGUAGES"] or not form.validate_on_submit():
        abort(400)
    session["lang"] = code
    if current_user.is_authenticated:
        service.set_locale(current_user, code, actor=current_user)
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("core.home")))
