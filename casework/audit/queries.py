"""Scoped reads of the audit log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from casework.audit.models import AuditEvent
from casework.core.formatting import LOCAL_TZ
from casework.orgunits.models import OrgUnit


def visible_events(
    actor,
    *,
    action: str = "",
    username: str = "",
    entity_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> Select:
    """Events recorded against units in the actor's subtree, newest first."""
    stmt = select(AuditEvent)
    if actor.home_unit.parent_id is not None:
        # Below the root, only events tied to a unit of the actor's subtree.
        stmt = stmt.join(OrgUnit, AuditEvent.org_unit_id == OrgUnit.id).where(
            OrgUnit.path.startswith(actor.home_unit.path, autoescape=True))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if username:
        stmt = stmt.where(AuditEvent.actor_username.icontains(username.strip(), autoescape=True))
    if entity_type:
        stmt = stmt.where(AuditEvent.entity_type == entity_type)
    if date_from:
        stmt = stmt.where(AuditEvent.occurred_at >= datetime.combine(date_from, time.min, LOCAL_TZ))
    if date_to:
        stmt = stmt.where(AuditEvent.occurred_at < datetime.combine(date_to + timedelta(days=1), time.min, LOCAL_TZ))
    return stmt.order_by(AuditEvent.id.desc())
