"""API representations of indicator figures (aggregates only: no personal data)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class IndicatorArgs(Schema):
    unit = fields.Str(load_default=None, validate=validate.Length(min=1, max=32),
                      metadata={"description": "Org unit code; default the caller's home unit"})
    period = fields.Str(load_default=None, validate=validate.Regexp(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"),
                        metadata={"description": "2026, 2026-Q3 or 2026-09; default the current year"})


class FigureSchema(Schema):
    code = fields.Function(lambda f: f.indicator.code)
    name_vi = fields.Function(lambda f: f.indicator.name_vi)
    name_en = fields.Function(lambda f: f.indicator.name_en)
    unit = fields.Function(lambda f: f.indicator.unit.value)
    semantics = fields.Function(lambda f: f.indicator.semantics.value)
    value = fields.Float(allow_none=True)
    numerator = fields.Float(allow_none=True)
    denominator = fields.Float(allow_none=True)
    target = fields.Float(allow_none=True)
    gap = fields.Float(allow_none=True)
    breakdowns = fields.Dict(keys=fields.Str(), values=fields.Dict(keys=fields.Str(), values=fields.Int()))


class IndicatorReportSchema(Schema):
    unit_code = fields.Str()
    unit_name = fields.Str()
    period = fields.Str()
    figures = fields.List(fields.Nested(FigureSchema))
