"""API representation of the current user."""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.orgunits.schemas import OrgUnitSchema


class MeSchema(Schema):
    id = fields.Int()
    username = fields.Str()
    full_name = fields.Str()
    role = fields.Str()
    locale = fields.Str()
    home_unit = fields.Nested(OrgUnitSchema)
    permissions = fields.List(fields.Str())
