"""User administration: list, create, edit (role, scope, active) and password reset."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from casework.admin import queries
from casework.admin.forms import (
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from casework.auth import service
from casework.auth.models import Role, User
from casework.auth.permissions import (
    Perm,
    assignable_roles,
    can_manage_user,
    permission_required,
)
from casework.core.fields import page_number
from casework.extensions import db
from casework.labels import role_choices
from casework.orgunits.queries import unit_by_code

bp = Blueprint("admin", __name__, url_prefix="/admin")

ACCOUNT_ERRORS = {
    "taken": lambda: _("This username is already taken."),
    "too_short": lambda: _("Use at least 10 characters."),
}


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not can_manage_user(current_user, user.home_unit):
        abort(404)
    return user


def _resolve_unit(form: UserEditForm):
    """The unit the code names, if the actor may place users there; else a field error."""
    unit = unit_by_code(form.home_unit_code.data or "")
    if unit is None or not can_manage_user(current_user, unit):
        form.home_unit_code.errors.append(_("No unit with this code in your area."))
        return None
    return unit


@bp.route("/users")
@permission_required(Perm.MANAGE_USERS)
def users():
    form = UserFilterForm(request.args)
    form.role.choices = [("", _("All roles"))] + role_choices()
    page = page_number(request.args.get("page"))
    stmt = queries.visible_users(current_user, q=form.q.data or "", role=form.role.data or "")
    return render_template("admin/users.html", form=form,
                           users=db.paginate(stmt, page=page, per_page=50, error_out=False))


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_USERS)
def create_user():
    form = UserCreateForm()
    form.role.choices = role_choices(assignable_roles(current_user))
    if request.method == "GET" and request.args.get("unit"):
        form.home_unit_code.data = request.args["unit"][:32]
    if form.validate_on_submit() and (unit := _resolve_unit(form)) is not None:
        try:
            user = service.create_user(actor=current_user, username=form.username.data,
                                       full_name=form.full_name.data, password=form.password.data,
                                       role=Role(form.role.data), home_unit=unit, email=form.email.data)
            if not form.active.data:
                service.update_user(user, actor=current_user, active=False)
        except service.AccountError as exc:
            getattr(form, exc.field).errors.append(ACCOUNT_ERRORS[exc.message]())
        else:
            db.session.commit()
            flash(_("User %(username)s created.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), 422 if form.errors else 200


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@permission_required(Perm.MANAGE_USERS)
def edit_user(user_id: int):
    user = _get_user(user_id)
    form = UserEditForm(obj=user)
    form.role.choices = role_choices(assignable_roles(current_user))
    if request.method == "GET":
        form.role.data = user.role.value
        form.home_unit_code.data = user.home_unit.code
    if form.validate_on_submit() and (unit := _resolve_unit(form)) is not None:
        if user.id == current_user.id and (not form.active.data or form.role.data != user.role.value):
            form.active.errors.append(_("You cannot deactivate yourself or change your own role."))
        else:
            service.update_user(user, actor=current_user, full_name=form.full_name.data,
                                role=Role(form.role.data), home_unit=unit, active=form.active.data,
                                email=form.email.data or "")
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           reset_form=PasswordResetForm()), 422 if form.errors else 200


@bp.route("/users/<id:user_id>/password", methods=["POST"])
@permission_required(Perm.MANAGE_USERS)
def reset_password(user_id: int):
    user = _get_user(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        service.set_password(user, form.password.data, actor=current_user)
        db.session.commit()
        flash(_("The password of %(username)s has been reset.", username=user.username), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    edit_form = UserEditForm(obj=user)
    edit_form.role.choices = role_choices(assignable_roles(current_user))
    edit_form.role.data = user.role.value
    edit_form.home_unit_code.data = user.home_unit.code
    return render_template("admin/user_form.html", form=edit_form, user=user, reset_form=form), 422
