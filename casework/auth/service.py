"""Account operations: authentication with lockout, users, passwords and API tokens.

Services flush but never commit: the view or CLI command commits once per unit of work.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from casework.audit import service as audit
from casework.auth.models import ApiToken, Role, User
from casework.db import utcnow
from casework.extensions import db
from casework.orgunits.models import OrgUnit

_hasher = PasswordHasher()
# A hash to verify against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 10


class LoginOutcome(StrEnum):
    OK = "ok"
    BAD_CREDENTIALS = "bad_credentials"
    LOCKED = "locked"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    locked_until: datetime | None = None


class AccountError(ValueError):
    """A user-facing problem with account data; field names the form field it belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def authenticate(username: str, password: str, *, max_failures: int, lockout: timedelta) -> LoginResult:
    """Check a login attempt, count failures, lock after max_failures, audit every attempt."""
    user = find_user(username)
    now = utcnow()
    if user is not None and user.is_locked(now):
        audit.record("login_refused_locked", actor=user, entity=user, summary="account locked")
        return LoginResult(LoginOutcome.LOCKED, user, user.locked_until)
    if not verify_password(user, password):
        if user is None:
            audit.record("login_failed", actor=None, username=username.strip()[:64], summary="unknown user")
            return LoginResult(LoginOutcome.BAD_CREDENTIALS)
        user.failed_logins += 1
        summary = f"wrong password ({user.failed_logins} in a row)"
        audit.record("login_failed", actor=user, entity=user, summary=summary)
        if user.failed_logins >= max_failures:
            user.locked_until = now + lockout
            user.failed_logins = 0
            audit.record("account_locked", actor=user, entity=user, summary=f"locked for {lockout}")
            return LoginResult(LoginOutcome.LOCKED, user, user.locked_until)
        return LoginResult(LoginOutcome.BAD_CREDENTIALS, user)
    if not user.active:
        audit.record("login_refused_inactive", actor=user, entity=user)
        return LoginResult(LoginOutcome.INACTIVE, user)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("login", actor=user, entity=user)
    return LoginResult(LoginOutcome.OK, user)


def record_logout(*, actor: User) -> None:
    audit.record("logout", actor=actor, entity=actor)


def check_password_strength(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(field, "too_short")


def change_password(user: User, current: str, new: str, *, actor: User) -> None:
    if not verify_password(user, current):
        raise AccountError("current_password", "wrong_current")
    check_password_strength(new, field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record("password_change", actor=actor, entity=user)
    db.session.flush()


def create_user(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    home_unit: OrgUnit,
    email: str | None = None,
    locale: str = "vi",
) -> User:
    username = username.strip()
    if find_user(username) is not None:
        raise AccountError("username", "taken")
    check_password_strength(password)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=(email or "").strip() or None,
        password_hash=hash_password(password),
        role=role,
        home_unit=home_unit,
        locale=locale,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user_create",
        actor=actor,
        entity=user,
        unit=home_unit,
        changes={"role": role.value, "home_unit": home_unit.code},
    )
    return user


def update_user(
    user: User,
    *,
    actor: User | None,
    full_name: str | None = None,
    role: Role | None = None,
    home_unit: OrgUnit | None = None,
    active: bool | None = None,
    email: str | None = None,
) -> dict:
    """Change a user's details, scope or status; returns the changes that were made."""
    wanted: dict = {}
    if full_name is not None:
        wanted["full_name"] = full_name.strip()
    if role is not None:
        wanted["role"] = role
    if home_unit is not None:
        wanted["home_unit_id"] = home_unit.id
    if active is not None:
        wanted["active"] = active
    if email is not None:
        wanted["email"] = email.strip() or None
    changes = audit.diff(user, list(wanted), wanted)
    for name, value in wanted.items():
        setattr(user, name, value)
    if home_unit is not None:
        user.home_unit = home_unit
    if active:
        user.locked_until = None
        user.failed_logins = 0
    if changes:
        audit.record("user_update", actor=actor, entity=user, unit=user.home_unit, changes=changes)
    db.session.flush()
    return changes


def set_password(user: User, password: str, *, actor: User | None) -> None:
    """An administrator's reset; the user should change it at next login."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.locked_until = None
    user.failed_logins = 0
    audit.record("password_reset", actor=actor, entity=user, unit=user.home_unit)
    db.session.flush()


def set_locale(user: User, locale: str, *, actor: User) -> None:
    if user.locale != locale:
        audit.record("user_update", actor=actor, entity=user, changes={"locale": [user.locale, locale]})
        user.locale = locale


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User, name: str, *, actor: User) -> tuple[ApiToken, str]:
    """Create a token; the clear value is returned once and never stored."""
    clear = "cw_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip() or "API", token_digest=_digest(clear))
    db.session.add(token)
    db.session.flush()
    audit.record("api_token_issue", actor=actor, entity=token, unit=user.home_unit, summary=token.name)
    return token, clear


def revoke_api_token(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token_revoke", actor=actor, entity=token, summary=token.name)


def user_for_token(clear: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_digest == _digest(clear)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    if token.user.is_locked():
        return None
    return token.user
