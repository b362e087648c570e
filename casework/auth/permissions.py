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
    VIEW_CASES = "view_cases"  # people and cases in scope
    EDIT_CASES = "edit_cases"  # register people, open and work cases
    APPROVE_CASES = "approve_cases"  # decide closures and transfers of cases in scope
    MANAGE_PARTNERS = "manage_partners"  # register donors, benefactors and service providers
    # Data-subject requests (Law 91/2025): record them, export a person's data, restrict, de-identify.
    HANDLE_DATA_REQUESTS = "handle_data_requests"
    VIEW_HOSPITAL = "view_hospital"  # hospital workspace: admissions, supports, appeals, team activities
    HOSPITAL_WORK = "hospital_work"  # record admissions, supports, appeals, donations, hand-overs, activities
    VIEW_INDICATORS = "view_indicators"  # aggregate figures of units in scope, and their exports
    MANAGE_STAFF = "manage_staff"  # the social-work workforce of units in scope, and its trainings
    SET_TARGETS = "set_targets"  # a unit's own indicator targets and baselines
    SUPERVISE = "supervise"  # caseload dashboard, supervision notes, six-monthly reviews of collaborators


_EVERYONE = {Perm.VIEW_UNITS, Perm.USE_API, Perm.VIEW_INDICATORS}
_CASEWORK = {Perm.VIEW_CASES, Perm.EDIT_CASES, Perm.MANAGE_PARTNERS}

# Administrators run the system; they do not read case files (sensitive personal data).
ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.COLLABORATOR: frozenset(_EVERYONE | _CASEWORK),
    Role.HOSPITAL_SOCIAL_WORKER: frozenset(_EVERYONE | _CASEWORK | {Perm.VIEW_HOSPITAL, Perm.HOSPITAL_WORK}),
    Role.CENTRE_STAFF: frozenset(_EVERYONE | _CASEWORK),
    # Supervisors and managers read the hospital teams' work in their area; only the team records it.
    Role.SUPERVISOR: frozenset(_EVERYONE | _CASEWORK | {Perm.APPROVE_CASES, Perm.HANDLE_DATA_REQUESTS,
                                                        Perm.VIEW_HOSPITAL, Perm.MANAGE_STAFF, Perm.SUPERVISE}),
    Role.PROVINCIAL_MANAGER: frozenset(
        _EVERYONE | {Perm.VIEW_CASES, Perm.APPROVE_CASES, Perm.MANAGE_PARTNERS, Perm.MANAGE_FACILITIES,
                     Perm.VIEW_AUDIT, Perm.HANDLE_DATA_REQUESTS, Perm.VIEW_HOSPITAL, Perm.MANAGE_STAFF,
                     Perm.SET_TARGETS, Perm.SUPERVISE}),
    Role.ADMIN: frozenset(_EVERYONE | {Perm.MANAGE_FACILITIES, Perm.MANAGE_USERS, Perm.VIEW_AUDIT,
                                       Perm.SET_TARGETS}),
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


def can_view_case(user: User, case) -> bool:
    return has_permission(user, Perm.VIEW_CASES) and in_scope(user, case.org_unit)


def can_work_case(user: User, case) -> bool:
    """Record assessments, plans, notes, consent on an open case of one's area."""
    return has_permission(user, Perm.EDIT_CASES) and in_scope(user, case.org_unit)


def can_decide_approval(user: User, request) -> bool:
    """A supervisor of the owning unit, never the person who asked."""
    return (has_permission(user, Perm.APPROVE_CASES) and in_scope(user, request.case.org_unit)
            and request.requested_by_id != user.id)


def can_handle_data_requests(user: User, person) -> bool:
    """Record a person's data request, export, restrict or de-identify them: supervisors and provincial
    managers, for people registered in their scope."""
    return has_permission(user, Perm.HANDLE_DATA_REQUESTS) and in_scope(user, person.org_unit)


def can_hold_case(user: User, unit: OrgUnit) -> bool:
    """Whether a worker may be assigned cases owned by unit."""
    return user.active and has_permission(user, Perm.EDIT_CASES) and in_scope(user, unit)


def can_view_hospital_record(user: User, unit: OrgUnit) -> bool:
    """Admissions, supports, appeals and activities are kept by the hospital (unit) that recorded them,
    whoever owns the case now: the team keeps raising and handing over money after a discharge hand-off."""
    return has_permission(user, Perm.VIEW_HOSPITAL) and in_scope(user, unit)


def can_work_hospital_record(user: User, unit: OrgUnit) -> bool:
    return has_permission(user, Perm.HOSPITAL_WORK) and in_scope(user, unit)


def can_admit(user: User, case) -> bool:
    """A hospital team records an admission on an open case its own unit works."""
    return has_permission(user, Perm.HOSPITAL_WORK) and can_work_case(user, case)


def can_view_indicators(user: User, unit: OrgUnit) -> bool:
    """Aggregates of any unit in scope; they carry no personal data."""
    return has_permission(user, Perm.VIEW_INDICATORS) and in_scope(user, unit)


# What a figure's drill-down lists, and the permission that reading those records needs. Case and
# person records need VIEW_CASES (administrators never read case files); staff records MANAGE_STAFF.
_DRILL_PERMISSION = {"cases": Perm.VIEW_CASES, "people": Perm.VIEW_CASES, "referrals": Perm.VIEW_CASES,
                     "disbursements": Perm.VIEW_CASES, "followups": Perm.VIEW_CASES,
                     "staff": Perm.MANAGE_STAFF, "units": Perm.VIEW_UNITS,
                     "hospital_supports": Perm.VIEW_HOSPITAL, "appeals": Perm.VIEW_HOSPITAL,
                     "activities": Perm.VIEW_HOSPITAL}


def can_drill_down(user: User, unit: OrgUnit, records: str) -> bool:
    """Whether the user may list the records behind a figure of unit. The unit must be in the user's
    scope, so a collaborator only ever reaches the records of their own commune."""
    perm = _DRILL_PERMISSION.get(str(records))
    return perm is not None and has_permission(user, perm) and in_scope(user, unit)


def can_manage_staff(user: User, unit: OrgUnit) -> bool:
    return has_permission(user, Perm.MANAGE_STAFF) and in_scope(user, unit)


def can_set_targets(user: User, unit: OrgUnit) -> bool:
    """A unit's own targets: set by a manager above or at it (a province sets its plan's targets)."""
    return has_permission(user, Perm.SET_TARGETS) and in_scope(user, unit)


def can_read_supervision_notes(user: User, case) -> bool:
    """Supervision notes are read by supervisors of the case's area and by the worker holding it."""
    return can_view_case(user, case) and (has_permission(user, Perm.SUPERVISE) or case.assigned_to_id == user.id)


def can_write_supervision_note(user: User, case) -> bool:
    return has_permission(user, Perm.SUPERVISE) and can_view_case(user, case)


# Roles whose members are reviewed every six months (Circular 07/2013: commune collaborators, and the
# other front-line social workers supervised the same way).
REVIEWED_ROLES = (Role.COLLABORATOR, Role.HOSPITAL_SOCIAL_WORKER, Role.CENTRE_STAFF)


def can_review(reviewer: User, reviewee: User) -> bool:
    """A supervisor reviews the front-line workers of their area, never themselves."""
    return (has_permission(reviewer, Perm.SUPERVISE) and reviewee.role in REVIEWED_ROLES
            and reviewee.id != reviewer.id and in_scope(reviewer, reviewee.home_unit))


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
