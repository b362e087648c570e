"""API representations of people, and the input field types shared by the people and cases APIs.

Every string the API accepts goes through `text()`: a maximum length that still holds after NFC
normalisation (what the services store), and no character PostgreSQL cannot store (NUL, unpaired
surrogates). Enumerations take their choices from the models' enums.
"""

from __future__ import annotations

import enum
import re
import unicodedata

from marshmallow import Schema, ValidationError, fields, validate

from casework.people.codes import RELATIONSHIPS
from casework.people.models import BirthPrecision, ConsentScope, DisabilityLevel, IdType, PovertyStatus, Sex
from casework.people.search import is_searchable

MAX_ID = 2**31 - 1  # every engine's integer column
MAX_PAGE = 100_000
MAX_PER_PAGE = 200

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable_text(value: str) -> None:
    """Refuse NUL characters and unpaired surrogates: PostgreSQL cannot store them."""
    if _UNSTORABLE.search(value):
        raise ValidationError("Contains a character that cannot be stored (NUL or unpaired surrogate).")


def _fits_when_normalised(max_length: int):
    """Some characters grow under NFC; the stored (normalised) value must still fit its column."""

    def check(value: str) -> None:
        if len(unicodedata.normalize("NFC", value)) > max_length:
            raise ValidationError(f"Longer than maximum length {max_length}.")

    return check


def text(max_length: int, *, min_length: int | None = None, extra=(), **kwargs) -> fields.String:
    """A string field bounded in length and safe to store; extra adds validators."""
    checks = [validate.Length(min=min_length, max=max_length), storable_text, _fits_when_normalised(max_length),
              *extra]
    return fields.String(validate=checks, **kwargs)


def db_id(**kwargs) -> fields.Integer:
    """A database id in a JSON body: an integer (not a string, not a float) that fits the column."""
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class EnumValue(fields.String):
    """An enum member given by its value; the choices (validate.OneOf) come from the model's enum."""

    def __init__(self, enum_class: type[enum.Enum], **kwargs):
        self.enum_class = enum_class
        super().__init__(validate=validate.OneOf([member.value for member in enum_class]), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else self.enum_class(value).value

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            return self.enum_class(value)
        except ValueError as exc:
            choices = ", ".join(member.value for member in self.enum_class)
            raise ValidationError(f"Must be one of: {choices}.") from exc


class PageArgs(Schema):
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Int(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


# Output ---------------------------------------------------------------------------------------

def _commune_code(person) -> str | None:
    return person.home_commune.code if person.home_commune else None


class PersonSummarySchema(Schema):
    """What a list or a search shows: enough to recognise someone, no identifiers."""

    id = fields.Int()
    full_name = fields.Str()
    sex = EnumValue(Sex)
    birth_year = fields.Int(allow_none=True)
    home_commune_code = fields.Function(_commune_code, allow_none=True)
    org_unit_id = fields.Int()


class PersonSchema(PersonSummarySchema):
    """One person's record. `version` must be sent back with changes (optimistic locking)."""

    birth_date = fields.Date(allow_none=True)
    birth_precision = EnumValue(BirthPrecision)
    id_type = EnumValue(IdType, allow_none=True)
    id_number = fields.Str(allow_none=True)
    bhyt_number = fields.Str(allow_none=True)
    phone = fields.Str(allow_none=True)
    ethnicity = fields.Str(allow_none=True)
    address_detail = fields.Str(allow_none=True)
    poverty_status = EnumValue(PovertyStatus)
    disability = EnumValue(DisabilityLevel)
    categories = fields.List(fields.Str(), attribute="category_codes")
    version = fields.Int()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class HouseholdMemberSchema(Schema):
    person_id = fields.Int()
    relationship = fields.Str(attribute="relationship_code", metadata={"description": "To the household head"})
    is_head = fields.Bool()
    person = fields.Nested(PersonSummarySchema)


class HouseholdSchema(Schema):
    """A household: its head and members, each with their relationship to the head."""

    id = fields.Int()
    org_unit_id = fields.Int()
    home_commune_code = fields.Function(_commune_code, allow_none=True)
    address_detail = fields.Str(allow_none=True)
    poverty_status = EnumValue(PovertyStatus)
    members = fields.List(fields.Nested(HouseholdMemberSchema))


class ConsentSchema(Schema):
    """A consent given for a scope; in force from given_on until withdrawn_on (excluded)."""

    id = fields.Int()
    person_id = fields.Int()
    case_id = fields.Int(allow_none=True)
    scope = EnumValue(ConsentScope)
    given_on = fields.Date()
    subject_agreed = fields.Bool()
    guardian_agreed = fields.Bool()
    guardian_name = fields.Str(allow_none=True)
    guardian_relationship = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True)
    withdrawn_on = fields.Date(allow_none=True)
    recorded_by_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class PersonPageSchema(Schema):
    items = fields.List(fields.Nested(PersonSummarySchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int(allow_none=True, metadata={"description": "null for a search (ranked, capped results)"})


# Input ----------------------------------------------------------------------------------------

def _searchable(value: str) -> None:
    if not is_searchable(value):
        raise ValidationError("Type at least 3 letters or digits.")


class PersonListArgs(PageArgs):
    q = text(100, extra=[_searchable], load_default=None, metadata={
        "description": "Name (diacritics ignored), CCCD or phone; at least 3 letters or digits"})


class _PersonFields(Schema):
    """The editable fields of a person; omitted fields keep their default (create) or value (update)."""

    full_name = text(200)
    sex = EnumValue(Sex)
    birth_date = fields.Date(allow_none=True)
    birth_precision = EnumValue(BirthPrecision)
    id_type = EnumValue(IdType, allow_none=True)
    id_number = text(32, allow_none=True)
    bhyt_number = text(32, allow_none=True)
    phone = text(32, allow_none=True)
    ethnicity = text(8, allow_none=True)
    home_commune_code = text(32, allow_none=True,
                             metadata={"description": "Code of the commune or ward where the person lives"})
    address_detail = text(300, allow_none=True)
    poverty_status = EnumValue(PovertyStatus)
    disability = EnumValue(DisabilityLevel)
    categories = fields.List(text(16), validate=validate.Length(max=40))


class PersonCreateSchema(_PersonFields):
    full_name = text(200, required=True)
    allow_similar = fields.Bool(load_default=False, metadata={
        "description": "Register even though people with the same name, birth year and commune exist"})


class PersonUpdateSchema(_PersonFields):
    version = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version you read; 409 if someone saved since"})


_MEMBER_RELATIONSHIPS = [code for code in RELATIONSHIPS if code != "head"]


class HouseholdMemberAddSchema(Schema):
    person_id = db_id(required=True, metadata={"description": "A person you may see"})
    relationship = fields.String(required=True, validate=validate.OneOf(_MEMBER_RELATIONSHIPS),
                                 metadata={"description": "Relationship to the household head"})


class ConsentCreateSchema(Schema):
    """A child under 16 needs a guardian's agreement, and from 7 their own too; an adult their own."""

    scope = EnumValue(ConsentScope, required=True)
    given_on = fields.Date(required=True)
    subject_agreed = fields.Bool(load_default=False)
    guardian_agreed = fields.Bool(load_default=False)
    guardian_name = text(200, allow_none=True, load_default=None)
    guardian_relationship = fields.String(allow_none=True, load_default=None,
                                          validate=validate.OneOf(_MEMBER_RELATIONSHIPS))
    note = text(500, allow_none=True, load_default=None)


# Errors from the services ---------------------------------------------------------------------

class ServiceErrorSchema(Schema):
    """A refusal by a service: errors maps a field (or _schema) to machine-readable codes."""

    code = fields.Int()
    status = fields.Str()
    message = fields.Str()
    errors = fields.Dict(metadata={"description": "field -> [codes] from a service; for input the schema "
                                                  "refuses, location -> field -> [messages]"})
    candidates = fields.List(fields.Nested(PersonSummarySchema),
                             metadata={"description": "Similar people you may see (similar_people only)"})
    hidden_candidates = fields.Int(metadata={"description": "Similar people outside your scope"})
