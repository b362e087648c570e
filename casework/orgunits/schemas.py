"""API representations of org units."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class OrgUnitSchema(Schema):
    id = fields.Int()
    code = fields.Str()
    name = fields.Str()
    level = fields.Function(lambda u: u.level.value)
    kind = fields.Str()
    facility_type = fields.Function(lambda u: u.facility_type.value if u.facility_type else None, allow_none=True)
    parent_id = fields.Int(allow_none=True)
    provides_sw_services = fields.Bool()
    data_version = fields.Str(allow_none=True)
    valid_from = fields.Date(allow_none=True)
    valid_to = fields.Date(allow_none=True)


class OrgUnitPageSchema(Schema):
    items = fields.List(fields.Nested(OrgUnitSchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class UnitListArgs(Schema):
    q = fields.Str(load_default="", validate=validate.Length(max=100))
    level = fields.Str(load_default=None, validate=validate.OneOf(["country", "province", "commune", "facility"]))
    parent_id = fields.Int(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Int(load_default=50, validate=validate.Range(min=1, max=200))
