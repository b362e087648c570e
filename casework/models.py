"""Imports every model so that Alembic and create_all see the whole schema."""

from casework.audit.models import AuditEvent
from casework.auth.models import ApiToken, User
from casework.orgunits.models import OrgUnit

__all__ = ["ApiToken", "AuditEvent", "OrgUnit", "User"]
