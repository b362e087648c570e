"""Who may do what, decided in one place.

Two questions are asked of every request:
1. Does the user's role grant the permission?   (ROLE_PERMISSIONS; missing -> 403)
2. Is the object inside the user's home unit subtree? (in_scope; outside -> 404, so that
   a guessed URL reveals nothing about what exists elsewhere)
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

from flask import abort
from flask_login import current_user, login_required

from casework.auth.models import Role

if TYPE_CHECKING:
    from casework.auth.models import User
    from casework.orgunits.models import OrgUnit


class Perm(enum.StrEnum):
    VIEW_UNITS = "view_units"
    MANAGE_FACILITIES = "manage_facilities"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    USE_API = "use_api"


_EVERYONE = {Perm.VIEW_UNITS, Perm.USE_API}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COLLABORATOR: frozenset(_EVERYONE),
    Role.HOSPITAL_SOCIAL_WORKER: frozenset(_EVERYONE),
    Role.CENTRE_STAFF: frozenset(_EVERYONE),
    Role.SUPERVISOR: frozenset(_EVERYONE),
    Role.PROVINCIAL_MANAGER: frozenset(_EVERYONE | {Perm.MANAGE_FACILITIES, Perm.VIEW_AUDIT}),
    Role.ADMIN: frozenset(_EVERYONE | {Perm.MANAGE_FACILITIES, Perm.MANAGE_USERS, Perm.VIEW_AUDIT}),
}


def has_permission(user: User, perm: Perm) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and perm in ROLE_PERMISSIONS.get(
        user.role, frozenset()
    )


def in_scope(user: User, unit: OrgUnit | None) -> bool:
    """True when unit is the user's home unit or lies below it."""
    return unit is not None and user.home_unit.contains(unit)


def can_view_unit(user: User, unit: OrgUnit) -> bool:
    return has_permission(user, Perm.VIEW_UNITS) and in_scope(user, unit)


def can_add_facility(user: User, parent: OrgUnit) -> bool:
    """Facilities hang under a province or a commune the user manages."""
    from casework.orgunits.models import UnitLevel

    return (
        has_permission(user, Perm.MANAGE_FACILITIES)
        and in_scope(user, parent)
        and parent.level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE)
    )


def can_manage_user(actor: User, target_unit: OrgUnit) -> bool:
    return has_permission(actor, Perm.MANAGE_USERS) and in_scope(actor, target_unit)


def assignable_roles(actor: User) -> list[Role]:
    """Roles an actor may give. Only admins create admins."""
    if not has_permission(actor, Perm.MANAGE_USERS):
        return []
    return list(Role)


F = TypeVar("F", bound=Callable)


def permission_required(perm: Perm) -> Callable[[F], F]:
    """View decorator: login first, then 403 unless the role grants perm."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_permission(current_user, perm):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def require_in_scope(user: User, unit: OrgUnit | None) -> OrgUnit:
    """404 unless the unit exists and is inside the user's scope."""
    if unit is None or not in_scope(user, unit):
        abort(404)
    return unit
