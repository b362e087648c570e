"""Writing audit events. Called by every service that reads or changes personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from casework.audit.models import AuditEvent
from casework.extensions import db

if TYPE_CHECKING:
    from casework.auth.models import User
    from casework.orgunits.models import OrgUnit


class AuditLogIsAppendOnly(RuntimeError):
    pass


def record(
    action: str,
    *,
    actor: User | None,
    entity: Any = None,
    entity_type: str | None = None,
    entity_id: int | None = None,
    unit: OrgUnit | None = None,
    summary: str | None = None,
    changes: dict | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction; it commits or rolls back with the change."""
    if entity is not None:
        entity_type = entity_type or entity.__tablename__
        if entity_id is None:
            db.session.flush()
            entity_id = entity.id
    event_row = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor_username=actor.username if actor is not None else username,
        entity_type=entity_type,
        entity_id=entity_id,
        org_unit_id=unit.id if unit is not None else (actor.home_unit_id if actor is not None else None),
        summary=summary,
        changes=changes,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event_row)
    return event_row


def diff(obj: Any, fields: list[str], new_values: dict) -> dict:
    """{field: [old, new]} for the fields whose value changes."""
    out = {}
    for name in fields:
        if name in new_values and getattr(obj, name) != new_values[name]:
            out[name] = [_plain(getattr(obj, name)), _plain(new_values[name])]
    return out


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _flush_context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
