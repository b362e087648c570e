"""API representations for the supervisor's workspace."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casework.people.schemas import EnumValue, db_id, text
from casework.supervision.models import ReviewRating

MAX_BATCH = 5000


class ReassignmentSchema(Schema):
    case_ids = fields.List(db_id(), required=True, validate=validate.Length(min=1, max=MAX_BATCH),
                           metadata={"description": "Every case to move (all of them move, or none)"})
    user_id = db_id(required=True, metadata={
        "description": "An active worker of your area who may hold every one of these cases"})


class ReassignmentResultSchema(Schema):
    selected = fields.Int(metadata={"description": "Cases in the request"})
    moved = fields.Int(metadata={"description": "Cases that changed hands (the others were already the worker's)"})
    assigned_to = fields.Int()


class WorkerLoadSchema(Schema):
    worker_id = fields.Int(allow_none=True, metadata={"description": "null: cases nobody holds"})
    name = fields.Str()
    total = fields.Int()
    by_status = fields.Dict(keys=fields.Str(), values=fields.Int())
    by_risk = fields.Dict(keys=fields.Str(), values=fields.Int(),
                          metadata={"description": "high, medium, low; \"\" = not assessed"})
    emergencies = fields.Int(metadata={"description": "Emergencies nobody has acted on yet"})


class SupervisionNoteCreateSchema(Schema):
    occurred_on = fields.Date(required=True)
    body = text(10_000, required=True)


class ReviewSchema(Schema):
    id = fields.Int()
    reviewee_id = fields.Int()
    reviewer_id = fields.Int()
    year = fields.Int()
    half = fields.Int(metadata={"description": "1 = January-June, 2 = July-December"})
    reviewed_on = fields.Date()
    rating = EnumValue(ReviewRating)
    notes = fields.Str()
    actions = fields.Str()
    created_at = fields.DateTime()


class ReviewCreateSchema(Schema):
    year = fields.Int(strict=True, required=True, validate=validate.Range(min=2013, max=2100))
    half = fields.Int(strict=True, required=True, validate=validate.OneOf([1, 2]))
    reviewed_on = fields.Date(required=True)
    rating = EnumValue(ReviewRating, required=True)
    notes = text(5000, load_default="")
    actions = text(5000, load_default="")
