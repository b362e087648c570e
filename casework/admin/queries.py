"""Scoped reads of user accounts."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from casework.auth.models import Role, User
from casework.orgunits.models import OrgUnit


def visible_users(actor: User, *, q: str = "", role: str = "") -> Select:
    """Users whose home unit lies in the actor's subtree, filtered and ordered by username."""
    stmt = (
        select(User)
        .join(OrgUnit, User.home_unit_id == OrgUnit.id)
        .where(OrgUnit.path.startswith(actor.home_unit.path, autoescape=True))
    )
    if q:
        pattern = q.strip()
        stmt = stmt.where(or_(User.username.icontains(pattern, autoescape=True),
                              User.full_name.icontains(pattern, autoescape=True)))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    return stmt.order_by(User.username)
